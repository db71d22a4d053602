-- What an app's tokens say beyond the machine's fields: which `sub` template they use ('names':
-- org:app:machine, 'ids': the immutable ids), which machine labels they carry, and their own
-- lifetime in seconds (null: the platform's).
alter table app add column subject_template varchar(16) not null default 'names'
    constraint app_subject_template_known check (subject_template in ('names', 'ids'));
alter table app add column label_claims text[] not null default '{}'
    constraint app_label_claims_bounded check (cardinality(label_claims) <= 20);
alter table app add column token_lifetime_seconds integer
    constraint app_token_lifetime_range check (token_lifetime_seconds between 300 and 3600);
