-- People who sign in to the admin UI: platform admins (every org) or org auditors (one org, read-only).
-- Passwords are kept only as slow hashes; repeated failures lock the account for a while.
create table admin_user (
    id              uuid         primary key,
    username        varchar(100) not null,
    password_hash   varchar(200),
    role            varchar(30)  not null,
    org_id          uuid         references org (id),
    created_at      timestamptz  not null,
    failed_attempts integer      not null default 0,
    locked_until    timestamptz,
    constraint admin_user_username_unique unique (username),
    constraint admin_user_role_check check (role in ('PLATFORM_ADMIN', 'ORG_AUDITOR')),
    constraint admin_user_auditor_has_org check (role <> 'ORG_AUDITOR' or org_id is not null)
);
