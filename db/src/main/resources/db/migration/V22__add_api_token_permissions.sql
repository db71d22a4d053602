-- An org-admin token may be limited to some permissions and some apps (tokens made by a token
-- exchange are); null means all.
alter table api_token add column permissions varchar(500);
alter table api_token add column apps varchar(2000);
