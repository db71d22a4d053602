-- An application of an org; its machines share the app's name in their tokens.
create table app (
    id         uuid        primary key,
    org_id     uuid        not null references org (id),
    name       varchar(63) not null,
    created_at timestamptz not null,
    constraint app_org_name_unique unique (org_id, name)
);
