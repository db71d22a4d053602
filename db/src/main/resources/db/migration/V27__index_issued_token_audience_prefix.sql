-- The audit search matches an audience by prefix (LIKE 'prefix%'). Under a database collation other
-- than C (C.UTF-8, en_US.UTF-8) a plain btree cannot serve LIKE, so that search read every row of the
-- org in the time range. The pattern operator class serves the prefix and the exact match alike, so
-- it replaces the index instead of adding one more to the token path's writes.
drop index issued_token_org_audience_time;
create index issued_token_org_audience_time
    on issued_token (org_id, audience varchar_pattern_ops, issued_at desc, id desc);
