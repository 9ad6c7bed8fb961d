-- ClickHouse schema for the local stack (18.16) and docker-compose (current ClickHouse): the
-- statements use only what both accept. @KAFKA_BROKERS@ is filled in by the stack scripts.
--
-- Differences from the seed, and why:
--  * no kafka_skip_broken_messages: 18.16 rejects it (it came in 19.1). The Converter is the only
--    writer of clickhouse-topic and validates every line it writes.
--  * no kafka_row_delimiter: each message already ends with a newline, and 18.16 would insert the
--    delimiter between messages, making an empty CSV row that stops the engine (tested).
--  * kafka_max_block_size = 500: 18.16 ends a block only when it is full or the topic goes quiet
--    (stream_flush_interval_ms is checked between blocks, not within one), so under a steady
--    trickle rows wait for a full block. 500 rows keeps them visible within ~10 s at the seed's
--    25 jobs/s and within a fraction of a second from 1,000 jobs/s, without flooding MergeTree
--    with tiny parts. Current ClickHouse also flushes on kafka_flush_interval_ms.
--  * jobs is a ReplacingMergeTree ordered by (id, status): a redelivered line collapses into one
--    row per (id, status) at merge time, and `SELECT ... FINAL` dedupes before that.
--  * the Kafka table's third column is timestamp_text (the seed: timestamp) so that the view's
--    `AS timestamp` does not shadow it; an unparsable date becomes 1970-01-01 rather than
--    stopping the engine (18.16 cannot skip broken messages).
--  * timestamp_ms keeps the milliseconds that DateTime (seconds only; no DateTime64 in 18.16) drops.

CREATE TABLE IF NOT EXISTS jobs_kafka (
  id String,
  status String,
  timestamp_text String
) ENGINE = Kafka SETTINGS
  kafka_broker_list = '@KAFKA_BROKERS@',
  kafka_topic_list = 'clickhouse-topic',
  kafka_group_name = 'clickhouse',
  kafka_format = 'CSV',
  kafka_num_consumers = 1,
  kafka_max_block_size = 500;

CREATE TABLE IF NOT EXISTS jobs (
  id String,
  status String,
  timestamp DateTime,
  timestamp_ms UInt64
) ENGINE = ReplacingMergeTree()
ORDER BY (id, status);

CREATE MATERIALIZED VIEW IF NOT EXISTS jobs_mv
TO jobs
AS
SELECT
  id,
  status,
  ifNull(parseDateTimeBestEffortOrNull(timestamp_text), toDateTime(0)) AS timestamp,
  toUInt64(toUnixTimestamp(timestamp)) * 1000 + toUInt64OrZero(substring(timestamp_text, 21, 3)) AS timestamp_ms
FROM jobs_kafka;
