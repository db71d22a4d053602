-- An emergency revocation takes a key out of the JWKS at once; the row stays as a record.
alter table signing_key add column revoked_at timestamptz;
alter table signing_key drop constraint signing_key_state_check;
alter table signing_key add constraint signing_key_state_check check (state in ('NEXT', 'ACTIVE', 'RETIRED', 'REVOKED'));
create unique index signing_key_one_next_per_org on signing_key (org_id) where state = 'NEXT';
