-- Failed admin sign-ins counted per account and window (unknown accounts share one row), so that a
-- flood of failures is recorded as a few admin events carrying a count, not one event each.
create table sign_in_failure (
    account      varchar(100) primary key,
    window_start timestamptz  not null,
    failures     integer      not null
);
