-- Every token exchange, granted or refused: which policy, whose subject token, the outcome and the
-- reason, and for a grant the jti issued. Never the tokens themselves. Append-only for the
-- application role, like the audit ledger.
create table token_exchange (
    id             bigint        generated always as identity primary key,
    occurred_at    timestamptz   not null,
    org_id         uuid          not null,
    policy         varchar(100)  not null,
    subject_issuer varchar(512),
    subject        varchar(512),
    subject_jti    varchar(256),
    outcome        varchar(20)   not null,
    reason         varchar(1000),
    issued_jti     varchar(64),
    client_address varchar(64)
);

create index token_exchange_org_id on token_exchange (org_id, id desc);
create index token_exchange_org_policy_id on token_exchange (org_id, policy, id desc);
