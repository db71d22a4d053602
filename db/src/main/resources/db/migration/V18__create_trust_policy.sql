-- A trust policy: which outside issuer's tokens an org accepts in a token exchange, on which
-- conditions, and what it grants. Its name is the exchange's client_id within the org.
create table trust_policy (
    id         uuid         primary key,
    org_id     uuid         not null references org (id),
    name       varchar(100) not null,
    document   jsonb        not null,
    created_at timestamptz  not null,
    updated_at timestamptz  not null,
    constraint trust_policy_org_name_unique unique (org_id, name)
);
