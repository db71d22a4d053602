-- Runs after every migration, as the owner that migrates. The application's own database role
-- (spring.datasource.username) may read and write what it manages, but may only add to the audit
-- ledger, the admin events and the token exchange record: never change or remove a row of them.
-- When the application and the owner are one role (development), this does nothing and the README
-- says so.
do $$
declare
    app text := '${approle}';
    part text;
    ledger text;
begin
    if app = '' or app = current_user then
        return;
    end if;
    execute format('grant usage on schema %I to %I', current_schema(), app);
    execute format('grant select, insert, update, delete on all tables in schema %I to %I', current_schema(), app);
    execute format('grant usage, select on all sequences in schema %I to %I', current_schema(), app);
    -- (Each table as far as this migration has made it: the script runs after any target version.)
    foreach ledger in array array['issued_token', 'admin_event', 'token_exchange', 'audit_checkpoint'] loop
        if to_regclass(ledger) is not null then
            execute format('revoke update, delete, truncate on %I from %I', ledger, app);
        end if;
    end loop;
    -- The ledger's partitions: the application writes through the parent only and never touches one
    -- directly (those the maintenance job creates later, as the owner, grant it nothing).
    for part in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                where i.inhparent = 'issued_token'::regclass loop
        execute format('revoke all on %I from %I', part, app);
    end loop;
    execute format('revoke all on %I.flyway_schema_history from %I', current_schema(), app);
end
$$;
