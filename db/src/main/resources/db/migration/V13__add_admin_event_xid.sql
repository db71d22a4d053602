-- The transaction that wrote each admin event. Replicas read the event log in commit order by
-- comparing it with the oldest transaction still running, so an event whose transaction commits
-- after a later-numbered one is never skipped.
alter table admin_event add column xid xid8 not null default pg_current_xact_id();

create index admin_event_xid on admin_event (xid);
