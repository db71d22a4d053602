-- A management API token, stored only as the SHA-256 of the secret.
create table api_token (
    id          uuid        primary key,
    name        varchar(100) not null,
    role        varchar(30) not null,
    secret_hash bytea       not null,
    created_at  timestamptz not null,
    revoked_at  timestamptz,
    constraint api_token_hash_unique unique (secret_hash),
    constraint api_token_name_unique unique (name)
);
