-- Per-source security signals by hour (issue 14: the findings query took
-- 1.6 s p95 at 100M events). The brute-force and path-scan detectors look for
-- a sliding window of W minutes in which one source reaches N auth failures or
-- N 404s; such a window lies within floor((W - 1) / 60) + 2 consecutive hours,
-- so only sources whose counts over that many consecutive hours reach N can
-- have one. These rows find those few sources cheaply; the windows themselves
-- are still computed from security_rollup_1m, for them only
-- (shared/metrics/security.ts). Sources are kept as a 64-bit hash of the
-- address (grouping by it is several times cheaper than by the text; two
-- addresses sharing a hash only add up). The counts are those of
-- security_rollup_1m's view; counting a signal twice (a backfill racing the
-- view) can only widen the candidate set, never change a finding.
CREATE TABLE IF NOT EXISTS security_sources_1h
(
    bucket         DateTime('UTC'),
    instansi       LowCardinality(String),
    source         UInt64,
    auth_failures  SimpleAggregateFunction(sum, UInt64),
    not_found      SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (instansi, bucket, source)
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS security_sources_1h_mv TO security_sources_1h AS
SELECT
    toStartOfHour(ts) AS bucket,
    instansi, cityHash64(client_address) AS source,
    countIf(status IN (401, 403) OR auth_outcome = 'failure') AS auth_failures,
    countIf(status = 404) AS not_found
FROM request_events
WHERE client_address != '' AND (status IN (401, 403, 404) OR auth_outcome = 'failure')
GROUP BY bucket, instansi, source;

-- The signals stored before this migration, from the minute rollup.
INSERT INTO security_sources_1h
SELECT toStartOfHour(bucket) AS hour, instansi, cityHash64(client_address) AS source, sum(auth_failures), sum(not_found)
FROM security_rollup_1m
WHERE client_address != ''
GROUP BY hour, instansi, source;
