-- Per-source security signals: auth failures, 404s (with the distinct paths
-- probed) and rate limiting, by client address, minute and API. Only requests
-- that carry such a signal are aggregated, so the table stays small.
CREATE TABLE IF NOT EXISTS security_rollup_1m
(
    bucket          DateTime('UTC'),
    instansi        LowCardinality(String),
    api_id          LowCardinality(String),
    api_name        LowCardinality(String),
    client_address  String,
    consumer_id     LowCardinality(String),
    auth_failures   SimpleAggregateFunction(sum, UInt64),
    not_found       SimpleAggregateFunction(sum, UInt64),
    rate_limited    SimpleAggregateFunction(sum, UInt64),
    not_found_paths AggregateFunction(uniq, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (instansi, bucket, client_address, api_id, api_name, consumer_id)
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS security_rollup_1m_mv TO security_rollup_1m AS
SELECT
    toStartOfMinute(ts) AS bucket,
    instansi, api_id, api_name, client_address, consumer_id,
    countIf(status IN (401, 403) OR auth_outcome = 'failure') AS auth_failures,
    countIf(status = 404) AS not_found,
    countIf(status = 429) AS rate_limited,
    uniqStateIf(path, status = 404) AS not_found_paths
FROM request_events
WHERE status IN (401, 403, 404, 429) OR auth_outcome = 'failure'
GROUP BY bucket, instansi, api_id, api_name, client_address, consumer_id;

-- When each client address was first and last seen calling each API
-- ("source addresses new to an API"). One row per pair once merged.
CREATE TABLE IF NOT EXISTS api_sources
(
    instansi       LowCardinality(String),
    api_id         LowCardinality(String),
    api_name       LowCardinality(String),
    client_address String,
    first_seen     SimpleAggregateFunction(min, DateTime('UTC')),
    last_seen      SimpleAggregateFunction(max, DateTime('UTC')),
    requests       SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (instansi, api_id, api_name, client_address)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS api_sources_mv TO api_sources AS
SELECT instansi, api_id, api_name, client_address,
       min(toDateTime(ts)) AS first_seen, max(toDateTime(ts)) AS last_seen, count() AS requests
FROM request_events
WHERE client_address != ''
GROUP BY instansi, api_id, api_name, client_address;

-- Routes seen in traffic that no registered API covered when they arrived:
-- candidates for shadow-API findings (re-checked against the registry when read).
CREATE TABLE IF NOT EXISTS unregistered_routes
(
    instansi   LowCardinality(String),
    gateway_id LowCardinality(String),
    method     LowCardinality(String),
    route      String,
    api_name   LowCardinality(String),
    first_seen SimpleAggregateFunction(min, DateTime('UTC')),
    last_seen  SimpleAggregateFunction(max, DateTime('UTC')),
    requests   SimpleAggregateFunction(sum, UInt64),
    consumers  AggregateFunction(uniq, String)
)
ENGINE = AggregatingMergeTree
ORDER BY (instansi, gateway_id, route, method, api_name)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS unregistered_routes_mv TO unregistered_routes AS
SELECT instansi, gateway_id, method, route, api_name,
       min(toDateTime(ts)) AS first_seen, max(toDateTime(ts)) AS last_seen, count() AS requests,
       uniqState(consumer_id) AS consumers
FROM request_events
WHERE api_id = ''
GROUP BY instansi, gateway_id, method, route, api_name;
