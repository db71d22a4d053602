-- The audit ledger: one row per issued token, committed before the token is returned.
-- It keeps the claims, never the token or its signature.
create table issued_token (
    id              bigint       generated always as identity primary key,
    jti             uuid         not null,
    org_id          uuid         not null,
    app_id          uuid         not null,
    app_name        varchar(63)  not null,
    machine_id      uuid         not null,
    machine_name    varchar(63)  not null,
    machine_version integer      not null,
    subject         varchar(200) not null,
    audience        varchar(512) not null,
    kid             varchar(64)  not null,
    issued_at       timestamptz  not null,
    expires_at      timestamptz  not null,
    client_address  varchar(64),
    claims          jsonb        not null
);

create unique index issued_token_jti on issued_token (jti);
create index issued_token_org_time on issued_token (org_id, issued_at desc, id desc);
create index issued_token_org_app_time on issued_token (org_id, app_name, issued_at desc, id desc);
create index issued_token_org_machine_time on issued_token (org_id, machine_name, issued_at desc, id desc);
create index issued_token_org_audience_time on issued_token (org_id, audience, issued_at desc, id desc);
