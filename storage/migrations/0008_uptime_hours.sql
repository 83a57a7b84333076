-- Traffic uptime per API and hour, derived from request_rollup_1m: how many
-- minutes of the hour had traffic, how many of them were bad (≥ 50 % 5xx),
-- and the requests and 5xx they counted. A minute's badness needs all of its
-- requests, so no insert-time view can compute it; the API fills rows for
-- hours whose request count in request_rollup_1h differs from the row's
-- (new or late traffic), and long-range availability, incident and SLA
-- queries read these rows instead of ~60 minute rows per API-hour
-- (api/metrics/uptime-hours.ts). A refill replaces the row (latest
-- recorded_at wins).
CREATE TABLE IF NOT EXISTS uptime_1h
(
    instansi    LowCardinality(String),
    api         String,
    hour        DateTime('UTC'),
    api_name    LowCardinality(String),
    minutes     UInt32,
    down        UInt32,
    requests    UInt64,
    errors_5xx  UInt64,
    recorded_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(recorded_at)
PARTITION BY toYYYYMM(hour)
ORDER BY (instansi, api, hour)
TTL hour + toIntervalDay({{raw_ttl_days}});
