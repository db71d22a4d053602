-- Platform admins page through every org's tokens at once, newest first.
create index issued_token_time on issued_token (issued_at desc, id desc);
