-- A machine's credential, stored only as the SHA-256 of the secret. At most one is live per machine.
create table machine_credential (
    id          uuid        primary key,
    machine_id  uuid        not null references machine (id),
    secret_hash bytea       not null,
    created_at  timestamptz not null,
    revoked_at  timestamptz,
    constraint machine_credential_hash_unique unique (secret_hash)
);

create index machine_credential_machine on machine_credential (machine_id) where revoked_at is null;
