-- The Events page and the events API filter by action and actor prefix, newest first, in SQL.
create index admin_event_action_time on admin_event (action varchar_pattern_ops, occurred_at desc, id desc);
create index admin_event_actor_time on admin_event (actor varchar_pattern_ops, occurred_at desc, id desc);
