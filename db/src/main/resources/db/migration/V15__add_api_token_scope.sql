-- Management API tokens get a scope and a lifetime: a platform admin (every org) or an org admin
-- (one org), an optional expiry, the time of last use, and who made them. A name is unique among
-- live tokens only, so a revoked token's name can be given again.
alter table api_token add column org_id uuid references org (id);
alter table api_token add column expires_at timestamptz;
alter table api_token add column last_used_at timestamptz;
alter table api_token add column created_by varchar(200);
alter table api_token drop constraint api_token_name_unique;
create unique index api_token_live_name_unique on api_token (name) where revoked_at is null;
alter table api_token add constraint api_token_role_check check (role in ('PLATFORM_ADMIN', 'ORG_ADMIN'));
alter table api_token add constraint api_token_scope_check
    check ((role = 'PLATFORM_ADMIN' and org_id is null) or (role = 'ORG_ADMIN' and org_id is not null));
