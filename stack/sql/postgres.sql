-- The seed's jobs table (seed 001), kept as is: the JDBC sink upserts into it on id.
-- Dates are epoch milliseconds (the seed stored whole seconds; see src/contracts).
CREATE TABLE IF NOT EXISTS jobs
(
    id          varchar(36) PRIMARY KEY,
    status      text,
    create_date bigint DEFAULT (EXTRACT(epoch FROM now()) * 1000)::bigint,
    finish_date bigint DEFAULT (EXTRACT(epoch FROM now()) * 1000)::bigint
);
