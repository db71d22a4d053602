-- An org's signing key. The private key is sealed with AES-GCM under a key-encryption key (kek_id),
-- bound to the key's org and kid; the public JWK is kept as published.
create table signing_key (
    id                     uuid        primary key,
    org_id                 uuid        not null references org (id),
    kid                    varchar(64) not null,
    algorithm              varchar(10) not null,
    state                  varchar(10) not null,
    public_jwk             text        not null,
    private_key_ciphertext bytea       not null,
    kek_id                 varchar(32) not null,
    created_at             timestamptz not null,
    activated_at           timestamptz,
    retired_at             timestamptz,
    unpublish_at           timestamptz,
    constraint signing_key_kid_unique unique (kid),
    constraint signing_key_state_check check (state in ('NEXT', 'ACTIVE', 'RETIRED'))
);

create index signing_key_org on signing_key (org_id);
create unique index signing_key_one_active_per_org on signing_key (org_id) where state = 'ACTIVE';
