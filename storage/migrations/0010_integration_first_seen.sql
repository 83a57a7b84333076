-- When each instansi-to-instansi integration (consumer instansi → provider
-- instansi) was first and last seen: the "new integrations" of the adoption
-- metrics read it instead of scanning raw events for the first call of each
-- edge. min/max are idempotent, so the backfill below may overlap events the
-- view already saw.
CREATE TABLE IF NOT EXISTS integration_first_seen
(
    consumer_instansi LowCardinality(String),
    instansi          LowCardinality(String),
    first_seen        SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen         SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (consumer_instansi, instansi)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS integration_first_seen_mv TO integration_first_seen AS
SELECT consumer_instansi, instansi, min(ts) AS first_seen, max(ts) AS last_seen
FROM request_events
WHERE consumer_instansi != ''
GROUP BY consumer_instansi, instansi;

INSERT INTO integration_first_seen
SELECT consumer_instansi, instansi, min(ts), max(ts)
FROM request_events
WHERE consumer_instansi != ''
GROUP BY consumer_instansi, instansi;
