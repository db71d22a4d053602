-- The audit ledger at fleet scale: one partition per UTC day of issue, so that retention drops whole
-- partitions and a lookup by jti reads one; a hash chain per org; hourly counts; the SIEM cursor.
--
-- New tokens carry a time-ordered jti (UUID version 7) whose first 48 bits are the issue time in
-- milliseconds, and issued_at is exactly that time (a check says so), so a jti alone names its
-- partition. Rows of earlier versions keep their random jti; they are copied into the partitions and
-- are not part of any chain (see audit_ledger_info).

create function sigil_uuid_v7_time(u uuid) returns timestamptz
    language sql immutable parallel safe
    as $$ select timestamptz 'epoch'
              + ('x' || substr(replace(u::text, '-', ''), 1, 12))::bit(48)::bigint * interval '1 millisecond' $$;

alter table issued_token rename to issued_token_unpartitioned;
alter index issued_token_pkey rename to issued_token_unpartitioned_pkey;
alter index issued_token_jti rename to issued_token_unpartitioned_jti;
alter index issued_token_org_time rename to issued_token_unpartitioned_org_time;
alter index issued_token_org_app_time rename to issued_token_unpartitioned_org_app_time;
alter index issued_token_org_machine_time rename to issued_token_unpartitioned_org_machine_time;
alter index issued_token_org_audience_time rename to issued_token_unpartitioned_org_audience_time;
alter index issued_token_time rename to issued_token_unpartitioned_time;

create sequence issued_token_row_id as bigint;

create table issued_token (
    id              bigint       not null default nextval('issued_token_row_id'),
    jti             uuid         not null,
    org_id          uuid         not null,
    app_id          uuid         not null,
    app_name        varchar(63)  not null,
    machine_id      uuid         not null,
    machine_name    varchar(63)  not null,
    machine_version integer      not null,
    subject         varchar(200) not null,
    audience        varchar(512) not null,
    kid             varchar(64)  not null,
    issued_at       timestamptz  not null,
    expires_at      timestamptz  not null,
    client_address  varchar(64),
    -- json, not jsonb: the text exactly as Sigil wrote it, which the hash chain covers.
    claims          json         not null,
    -- The org's hash chain: the row's place in it and SHA-256 over the previous hash and this row.
    chain_position  bigint,
    chain_hash      bytea,
    -- The transaction that wrote the row, for readers that follow the ledger in commit order.
    txid            bigint       not null default pg_current_xact_id()::text::bigint,
    constraint issued_token_jti_is_time check (substr(jti::text, 15, 1) <> '7' or issued_at = sigil_uuid_v7_time(jti)),
    primary key (issued_at, id)
) partition by range (issued_at);

alter sequence issued_token_row_id owned by issued_token.id;

-- jti is unique: for version 7 the check makes issued_at a function of jti, so unique (jti, issued_at)
-- is unique jti; earlier rows were unique before they were copied.
create unique index issued_token_jti on issued_token (jti, issued_at);
create index issued_token_org_time on issued_token (org_id, issued_at desc, id desc);
create index issued_token_org_app_time on issued_token (org_id, app_name, issued_at desc, id desc);
create index issued_token_org_machine_time on issued_token (org_id, machine_name, issued_at desc, id desc);
create index issued_token_org_audience_time on issued_token (org_id, audience, issued_at desc, id desc);
create index issued_token_txid on issued_token (txid, id);

-- Daily partitions from the oldest row's day to a week ahead; the maintenance job keeps creating
-- them ahead and drops them after the retention period.
do $$
declare
    first_day date := coalesce((select min(issued_at at time zone 'UTC')::date from issued_token_unpartitioned),
                               (now() at time zone 'UTC')::date);
    last_day date := (now() at time zone 'UTC')::date + 7;
    d date;
begin
    d := first_day;
    while d <= last_day loop
        execute format('create table %I partition of issued_token for values from (%L) to (%L)',
                       'issued_token_' || to_char(d, 'YYYYMMDD'),
                       (d::timestamp at time zone 'UTC'), ((d + 1)::timestamp at time zone 'UTC'));
        d := d + 1;
    end loop;
end
$$;

insert into issued_token (id, jti, org_id, app_id, app_name, machine_id, machine_name, machine_version, subject,
                          audience, kid, issued_at, expires_at, client_address, claims)
select id, jti, org_id, app_id, app_name, machine_id, machine_name, machine_version, subject,
       audience, kid, issued_at, expires_at, client_address, claims::json
from issued_token_unpartitioned;

select setval('issued_token_row_id', coalesce((select max(id) from issued_token_unpartitioned), 0) + 1, false);

drop table issued_token_unpartitioned;

-- When the chain began: rows issued from then on must be chained.
create table audit_ledger_info (
    singleton       boolean     primary key default true check (singleton),
    chain_start     timestamptz not null
);
insert into audit_ledger_info (chain_start) values (now());

-- Each org's chain head: the last position and hash. Writers lock an org's row for the length of
-- their transaction, so positions follow commit order across replicas.
create table audit_chain (
    org_id          uuid        primary key,
    position        bigint      not null,
    head            bytea       not null
);

-- Signed chain heads: a JWS by the org's signing key over org, position, head and time.
create table audit_checkpoint (
    org_id          uuid        not null,
    position        bigint      not null,
    head            bytea       not null,
    made_at         timestamptz not null,
    jws             text        not null,
    primary key (org_id, position)
);

-- Tokens per org, app, audience and hour, kept with each committed batch.
create table audit_rollup (
    org_id          uuid         not null,
    hour            timestamptz  not null,
    app_name        varchar(63)  not null,
    audience        varchar(512) not null,
    issued          bigint       not null,
    primary key (org_id, hour, app_name, audience)
);

-- Where the SIEM stream stands: the last row and admin event it delivered.
create table siem_cursor (
    stream          varchar(32)  primary key,
    ledger_txid     bigint       not null,
    ledger_id       bigint       not null,
    event_xid       bigint       not null,
    event_id        bigint       not null,
    updated_at      timestamptz  not null
);
