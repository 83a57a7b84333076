-- Raw records (issue 17): the record a gateway sent, as received but redacted
-- (user identifiers, credentials and query secrets replaced, the same rules as
-- the dead letters: collector/transforms/redact.ts), one row per stored event,
-- so the Jelajah detail view can show what the gateway said next to the
-- normalized event. Kept for PANTAU_RAW_RECORD_DAYS (default 7), its own TTL,
-- far shorter than the events': records are large and only recent ones are
-- looked at. Keyed by (instansi, ts, event_id): the detail view knows all three
-- from the event row and reads one granule. Weekly partitions keep a backfill
-- of old records under the per-insert partition limit while expired weeks are
-- dropped whole.
CREATE TABLE IF NOT EXISTS raw_records
(
    ts            DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    event_id      UUID,
    instansi      LowCardinality(String),
    gateway_id    LowCardinality(String),
    source_format LowCardinality(String),
    record        String CODEC(ZSTD(3))
)
ENGINE = MergeTree
PARTITION BY toMonday(ts)
ORDER BY (instansi, ts, event_id)
TTL toDateTime(ts) + toIntervalDay({{raw_record_days}})
SETTINGS non_replicated_deduplication_window = 10000;
