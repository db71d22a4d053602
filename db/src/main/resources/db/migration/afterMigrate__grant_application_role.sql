-- Runs after every migration, as the owner that migrates. The application's own database role
-- (spring.datasource.username) may read and write what it manages, but may only add to the audit
-- ledger, the admin events and the token exchange record: never change or remove a row of them.
-- When the application and the owner are one role (development), this does nothing and the README
-- says so.
do $$
declare
    app text := '${approle}';
begin
    if app = '' or app = current_user then
        return;
    end if;
    execute format('grant usage on schema %I to %I', current_schema(), app);
    execute format('grant select, insert, update, delete on all tables in schema %I to %I', current_schema(), app);
    execute format('grant usage, select on all sequences in schema %I to %I', current_schema(), app);
    execute format('revoke update, delete, truncate on issued_token, admin_event, token_exchange from %I', app);
    execute format('revoke all on %I.flyway_schema_history from %I', current_schema(), app);
end
$$;
