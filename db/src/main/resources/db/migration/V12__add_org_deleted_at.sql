-- A deleted org stops issuing at once and leaves its issuer unpublished; the row stays, so that audit
-- records still name it and its slug (an issuer URL relying parties may still trust) is never reused.
alter table org add column deleted_at timestamptz;
