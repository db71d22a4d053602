-- Where a signing key's private part lives: DATABASE (sealed under a KEK in this row) or PKCS11
-- (generated inside a hardware token as a sensitive, non-extractable object whose CKA_ID is the
-- kid; this row keeps only the public JWK and the lifecycle, never any private material).
alter table signing_key add column storage varchar(10) not null default 'DATABASE';
alter table signing_key alter column private_key_ciphertext drop not null;
alter table signing_key alter column kek_id drop not null;
alter table signing_key add constraint signing_key_storage_check check (
    (storage = 'DATABASE' and private_key_ciphertext is not null and kek_id is not null)
    or (storage = 'PKCS11' and private_key_ciphertext is null and kek_id is null));
