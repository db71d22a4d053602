-- Subject tokens already exchanged under a policy with replay protection: a jti is used once, until
-- the subject token expires (the row is deleted after that).
create table subject_token_use (
    policy_id  uuid         not null,
    jti        varchar(256) not null,
    expires_at timestamptz  not null,
    constraint subject_token_use_pk primary key (policy_id, jti)
);

create index subject_token_use_expiry on subject_token_use (expires_at);
