-- Who did what to the platform, and when: key transitions, credential replacements, deletions.
create table admin_event (
    id          bigint       generated always as identity primary key,
    occurred_at timestamptz  not null,
    actor       varchar(200) not null,
    action      varchar(64)  not null,
    org_id      uuid,
    subject     varchar(200),
    detail      varchar(1000)
);

create index admin_event_time on admin_event (occurred_at desc, id desc);
create index admin_event_org_time on admin_event (org_id, occurred_at desc, id desc);
