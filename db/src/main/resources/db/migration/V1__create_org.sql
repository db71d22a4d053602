-- An organisation: one OpenID Connect issuer, addressed by its slug.
create table org (
    id                uuid         primary key,
    slug              varchar(63)  not null,
    name              varchar(200) not null,
    signing_algorithm varchar(10)  not null default 'RS256',
    created_at        timestamptz  not null,
    constraint org_slug_unique unique (slug)
);
