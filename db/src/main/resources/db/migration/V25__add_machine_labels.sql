-- A machine's labels: a small object of string keys and values (checked by the application: at
-- most 20 pairs, keys [a-z0-9_.-]{1,63}, values at most 256 printable characters). An app copies
-- the keys it lists into its tokens' `labels` claim.
alter table machine add column labels jsonb not null default '{}'
    constraint machine_labels_object check (jsonb_typeof(labels) = 'object');
