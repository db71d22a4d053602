-- A machine of an app. Deleted machines are kept (deleted_at set) so that audit records still
-- name them; a live machine's name is unique within its app.
create table machine (
    id           uuid         primary key,
    org_id       uuid         not null references org (id),
    app_id       uuid         not null references app (id),
    name         varchar(63)  not null,
    region       varchar(63)  not null,
    image        varchar(512) not null,
    image_digest varchar(100) not null,
    version      integer      not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    deleted_at   timestamptz
);

create unique index machine_app_name_live_unique on machine (app_id, name) where deleted_at is null;
