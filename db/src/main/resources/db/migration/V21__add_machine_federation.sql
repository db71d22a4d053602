-- A machine registered by a token exchange rather than made with a credential: the outside issuer
-- and subject it came from.
alter table machine add column federated_issuer varchar(512);
alter table machine add column federated_subject varchar(512);
