-- National rows: the instansi rollups summed over every instansi, per hour
-- and per WIB day (issue 14: a national 30-day performance page merged
-- ~3,000 instansi rows × 3 latency histograms, ~300 ms of its ~450 ms; from
-- these it merges ~55 rows). They are fed by views on the instansi rollups
-- (a chained view: an insert into instansi_rollup_1h, itself made by that
-- table's view on request_events, adds its rows here), so they hold what the
-- instansi rows hold, replays and deduplication included. Unfiltered series
-- and totals read them (shared/metrics/rollup.ts totalsSource).
--
-- The rows stored before this migration are summed from the instansi
-- rollups. The views are dropped first and created last, and the tables
-- emptied in between, so that a migration repeated after a crash starts
-- over; rows inserted while it runs (migrations run before a process ingests)
-- would be missing here, never counted twice.

CREATE TABLE IF NOT EXISTS national_rollup_1h
(
    bucket              DateTime('UTC'),
    requests            SimpleAggregateFunction(sum, UInt64),
    status_2xx          SimpleAggregateFunction(sum, UInt64),
    status_3xx          SimpleAggregateFunction(sum, UInt64),
    status_4xx          SimpleAggregateFunction(sum, UInt64),
    status_5xx          SimpleAggregateFunction(sum, UInt64),
    auth_failures       SimpleAggregateFunction(sum, UInt64),
    rate_limited        SimpleAggregateFunction(sum, UInt64),
    not_found           SimpleAggregateFunction(sum, UInt64),
    https_requests      SimpleAggregateFunction(sum, UInt64),
    http_requests       SimpleAggregateFunction(sum, UInt64),
    tls_known           SimpleAggregateFunction(sum, UInt64),
    tls13_requests      SimpleAggregateFunction(sum, UInt64),
    structured_logs     SimpleAggregateFunction(sum, UInt64),
    status_counts       SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(UInt64))),
    latency_sum         SimpleAggregateFunction(sum, Float64),
    latency_max         SimpleAggregateFunction(max, Float32),
    latency_min         SimpleAggregateFunction(min, Float32),
    backend_latency_min SimpleAggregateFunction(min, Float32),
    backend_latency_max SimpleAggregateFunction(max, Float32),
    gateway_latency_min SimpleAggregateFunction(min, Float32),
    gateway_latency_max SimpleAggregateFunction(max, Float32),
    latency             AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    backend_latency     AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    gateway_latency     AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    request_bytes       SimpleAggregateFunction(sum, UInt64),
    response_bytes      SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY bucket
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS national_rollup_1d
(
    bucket              DateTime('UTC'),
    requests            SimpleAggregateFunction(sum, UInt64),
    status_2xx          SimpleAggregateFunction(sum, UInt64),
    status_3xx          SimpleAggregateFunction(sum, UInt64),
    status_4xx          SimpleAggregateFunction(sum, UInt64),
    status_5xx          SimpleAggregateFunction(sum, UInt64),
    auth_failures       SimpleAggregateFunction(sum, UInt64),
    rate_limited        SimpleAggregateFunction(sum, UInt64),
    not_found           SimpleAggregateFunction(sum, UInt64),
    https_requests      SimpleAggregateFunction(sum, UInt64),
    http_requests       SimpleAggregateFunction(sum, UInt64),
    tls_known           SimpleAggregateFunction(sum, UInt64),
    tls13_requests      SimpleAggregateFunction(sum, UInt64),
    structured_logs     SimpleAggregateFunction(sum, UInt64),
    status_counts       SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(UInt64))),
    latency_sum         SimpleAggregateFunction(sum, Float64),
    latency_max         SimpleAggregateFunction(max, Float32),
    latency_min         SimpleAggregateFunction(min, Float32),
    backend_latency_min SimpleAggregateFunction(min, Float32),
    backend_latency_max SimpleAggregateFunction(max, Float32),
    gateway_latency_min SimpleAggregateFunction(min, Float32),
    gateway_latency_max SimpleAggregateFunction(max, Float32),
    latency             AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    backend_latency     AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    gateway_latency     AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    request_bytes       SimpleAggregateFunction(sum, UInt64),
    response_bytes      SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY bucket
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

DROP VIEW IF EXISTS national_rollup_1h_mv;
DROP VIEW IF EXISTS national_rollup_1d_mv;
TRUNCATE TABLE national_rollup_1h;
TRUNCATE TABLE national_rollup_1d;

INSERT INTO national_rollup_1h
SELECT
    bucket,
    sum(requests) AS requests,
    sum(status_2xx) AS status_2xx,
    sum(status_3xx) AS status_3xx,
    sum(status_4xx) AS status_4xx,
    sum(status_5xx) AS status_5xx,
    sum(auth_failures) AS auth_failures,
    sum(rate_limited) AS rate_limited,
    sum(not_found) AS not_found,
    sum(https_requests) AS https_requests,
    sum(http_requests) AS http_requests,
    sum(tls_known) AS tls_known,
    sum(tls13_requests) AS tls13_requests,
    sum(structured_logs) AS structured_logs,
    sumMap(status_counts) AS status_counts,
    sum(latency_sum) AS latency_sum,
    max(latency_max) AS latency_max,
    min(latency_min) AS latency_min,
    min(backend_latency_min) AS backend_latency_min,
    max(backend_latency_max) AS backend_latency_max,
    min(gateway_latency_min) AS gateway_latency_min,
    max(gateway_latency_max) AS gateway_latency_max,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(latency) AS latency,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(backend_latency) AS backend_latency,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(gateway_latency) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM instansi_rollup_1h
GROUP BY bucket;

INSERT INTO national_rollup_1d
SELECT
    bucket,
    sum(requests) AS requests,
    sum(status_2xx) AS status_2xx,
    sum(status_3xx) AS status_3xx,
    sum(status_4xx) AS status_4xx,
    sum(status_5xx) AS status_5xx,
    sum(auth_failures) AS auth_failures,
    sum(rate_limited) AS rate_limited,
    sum(not_found) AS not_found,
    sum(https_requests) AS https_requests,
    sum(http_requests) AS http_requests,
    sum(tls_known) AS tls_known,
    sum(tls13_requests) AS tls13_requests,
    sum(structured_logs) AS structured_logs,
    sumMap(status_counts) AS status_counts,
    sum(latency_sum) AS latency_sum,
    max(latency_max) AS latency_max,
    min(latency_min) AS latency_min,
    min(backend_latency_min) AS backend_latency_min,
    max(backend_latency_max) AS backend_latency_max,
    min(gateway_latency_min) AS gateway_latency_min,
    max(gateway_latency_max) AS gateway_latency_max,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(latency) AS latency,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(backend_latency) AS backend_latency,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(gateway_latency) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM instansi_rollup_1d
GROUP BY bucket;

CREATE MATERIALIZED VIEW IF NOT EXISTS national_rollup_1h_mv TO national_rollup_1h AS
SELECT
    bucket,
    sum(requests) AS requests,
    sum(status_2xx) AS status_2xx,
    sum(status_3xx) AS status_3xx,
    sum(status_4xx) AS status_4xx,
    sum(status_5xx) AS status_5xx,
    sum(auth_failures) AS auth_failures,
    sum(rate_limited) AS rate_limited,
    sum(not_found) AS not_found,
    sum(https_requests) AS https_requests,
    sum(http_requests) AS http_requests,
    sum(tls_known) AS tls_known,
    sum(tls13_requests) AS tls13_requests,
    sum(structured_logs) AS structured_logs,
    sumMap(status_counts) AS status_counts,
    sum(latency_sum) AS latency_sum,
    max(latency_max) AS latency_max,
    min(latency_min) AS latency_min,
    min(backend_latency_min) AS backend_latency_min,
    max(backend_latency_max) AS backend_latency_max,
    min(gateway_latency_min) AS gateway_latency_min,
    max(gateway_latency_max) AS gateway_latency_max,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(latency) AS latency,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(backend_latency) AS backend_latency,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(gateway_latency) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM instansi_rollup_1h
GROUP BY bucket;

CREATE MATERIALIZED VIEW IF NOT EXISTS national_rollup_1d_mv TO national_rollup_1d AS
SELECT
    bucket,
    sum(requests) AS requests,
    sum(status_2xx) AS status_2xx,
    sum(status_3xx) AS status_3xx,
    sum(status_4xx) AS status_4xx,
    sum(status_5xx) AS status_5xx,
    sum(auth_failures) AS auth_failures,
    sum(rate_limited) AS rate_limited,
    sum(not_found) AS not_found,
    sum(https_requests) AS https_requests,
    sum(http_requests) AS http_requests,
    sum(tls_known) AS tls_known,
    sum(tls13_requests) AS tls13_requests,
    sum(structured_logs) AS structured_logs,
    sumMap(status_counts) AS status_counts,
    sum(latency_sum) AS latency_sum,
    max(latency_max) AS latency_max,
    min(latency_min) AS latency_min,
    min(backend_latency_min) AS backend_latency_min,
    max(backend_latency_max) AS backend_latency_max,
    min(gateway_latency_min) AS gateway_latency_min,
    max(gateway_latency_max) AS gateway_latency_max,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(latency) AS latency,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(backend_latency) AS backend_latency,
    quantilesBFloat16MergeState(0.5, 0.9, 0.95, 0.99)(gateway_latency) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM instansi_rollup_1d
GROUP BY bucket;
