-- Every admin event is announced on channel sigil_changes when its transaction commits (NOTIFY is
-- transactional), so that replicas drop what they hold in memory within milliseconds.
create function admin_event_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('sigil_changes', new.id::text);
    return null;
end
$$;

create trigger admin_event_notify after insert on admin_event
    for each row execute function admin_event_notify();
