-- Pre-aggregated request metrics. Dashboards and reports read these, never
-- the raw table for long ranges. Latencies are kept as quantileBFloat16
-- states: a histogram over bfloat16 values (8-bit mantissa), so quantiles read
-- from them are within 0.39 % of the true value, and states are cheap to
-- build in the views and to merge. Grains:
--   request_rollup_1m   per minute × API (incidents, short ranges)
--   request_rollup_1h   per hour × API (days-long ranges)
--   request_rollup_1d   per WIB day × API (month- and year-long ranges)
--   instansi_rollup_1h/1d  per hour / WIB day × instansi (headline numbers
--                       over long ranges, without per-API detail)
--   consumer_rollup_1h  per hour × API × consumer (who calls what: adoption,
--                       integration graph, consumer filters)
-- Consumers are kept out of the per-minute and per-hour grains so that those
-- stay small (their size, not the event count, sets dashboard latency).
-- The deduplication window makes a replayed insert (same token) a no-op here too.
-- Scheme and TLS version are counted only where the log says them
-- (https/http_requests, tls_known), so shares have an honest denominator.

CREATE TABLE IF NOT EXISTS request_rollup_1m
(
    bucket            DateTime('UTC'),
    instansi          LowCardinality(String),
    gateway_id        LowCardinality(String),
    api_id            LowCardinality(String),
    api_name          LowCardinality(String),
    requests        SimpleAggregateFunction(sum, UInt64),
    status_2xx      SimpleAggregateFunction(sum, UInt64),
    status_3xx      SimpleAggregateFunction(sum, UInt64),
    status_4xx      SimpleAggregateFunction(sum, UInt64),
    status_5xx      SimpleAggregateFunction(sum, UInt64),
    auth_failures   SimpleAggregateFunction(sum, UInt64),
    rate_limited    SimpleAggregateFunction(sum, UInt64),
    not_found       SimpleAggregateFunction(sum, UInt64),
    https_requests  SimpleAggregateFunction(sum, UInt64),
    http_requests   SimpleAggregateFunction(sum, UInt64),
    tls_known       SimpleAggregateFunction(sum, UInt64),
    tls13_requests  SimpleAggregateFunction(sum, UInt64),
    structured_logs SimpleAggregateFunction(sum, UInt64),
    status_counts   SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(UInt64))),
    latency_sum     SimpleAggregateFunction(sum, Float64),
    latency_max     SimpleAggregateFunction(max, Float32),
    latency         AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    backend_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    gateway_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    request_bytes   SimpleAggregateFunction(sum, UInt64),
    response_bytes  SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (instansi, api_id, bucket, gateway_id, api_name)
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS request_rollup_1m_mv TO request_rollup_1m AS
SELECT
    toStartOfMinute(ts) AS bucket,
    instansi, gateway_id, api_id, api_name,
    count() AS requests,
    countIf(status BETWEEN 200 AND 299) AS status_2xx,
    countIf(status BETWEEN 300 AND 399) AS status_3xx,
    countIf(status BETWEEN 400 AND 499) AS status_4xx,
    countIf(status >= 500) AS status_5xx,
    countIf(status IN (401, 403) OR auth_outcome = 'failure') AS auth_failures,
    countIf(status = 429) AS rate_limited,
    countIf(status = 404) AS not_found,
    countIf(scheme = 'https') AS https_requests,
    countIf(scheme = 'http') AS http_requests,
    countIf(tls_version != '') AS tls_known,
    countIf(tls_version = 'TLSv1.3') AS tls13_requests,
    countIf(log_fields_mask = 1023) AS structured_logs,
    sumMap([status], [toUInt64(1)]) AS status_counts,
    sum(toFloat64(latency_ms)) AS latency_sum,
    max(latency_ms) AS latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(latency_ms) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(backend_latency_ms), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(gateway_latency_ms), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi, gateway_id, api_id, api_name;

CREATE TABLE IF NOT EXISTS request_rollup_1h
(
    bucket            DateTime('UTC'),
    instansi          LowCardinality(String),
    gateway_id        LowCardinality(String),
    api_id            LowCardinality(String),
    api_name          LowCardinality(String),
    requests        SimpleAggregateFunction(sum, UInt64),
    status_2xx      SimpleAggregateFunction(sum, UInt64),
    status_3xx      SimpleAggregateFunction(sum, UInt64),
    status_4xx      SimpleAggregateFunction(sum, UInt64),
    status_5xx      SimpleAggregateFunction(sum, UInt64),
    auth_failures   SimpleAggregateFunction(sum, UInt64),
    rate_limited    SimpleAggregateFunction(sum, UInt64),
    not_found       SimpleAggregateFunction(sum, UInt64),
    https_requests  SimpleAggregateFunction(sum, UInt64),
    http_requests   SimpleAggregateFunction(sum, UInt64),
    tls_known       SimpleAggregateFunction(sum, UInt64),
    tls13_requests  SimpleAggregateFunction(sum, UInt64),
    structured_logs SimpleAggregateFunction(sum, UInt64),
    status_counts   SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(UInt64))),
    latency_sum     SimpleAggregateFunction(sum, Float64),
    latency_max     SimpleAggregateFunction(max, Float32),
    latency         AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    backend_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    gateway_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    request_bytes   SimpleAggregateFunction(sum, UInt64),
    response_bytes  SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (instansi, api_id, bucket, gateway_id, api_name)
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS request_rollup_1h_mv TO request_rollup_1h AS
SELECT
    toStartOfHour(ts) AS bucket,
    instansi, gateway_id, api_id, api_name,
    count() AS requests,
    countIf(status BETWEEN 200 AND 299) AS status_2xx,
    countIf(status BETWEEN 300 AND 399) AS status_3xx,
    countIf(status BETWEEN 400 AND 499) AS status_4xx,
    countIf(status >= 500) AS status_5xx,
    countIf(status IN (401, 403) OR auth_outcome = 'failure') AS auth_failures,
    countIf(status = 429) AS rate_limited,
    countIf(status = 404) AS not_found,
    countIf(scheme = 'https') AS https_requests,
    countIf(scheme = 'http') AS http_requests,
    countIf(tls_version != '') AS tls_known,
    countIf(tls_version = 'TLSv1.3') AS tls13_requests,
    countIf(log_fields_mask = 1023) AS structured_logs,
    sumMap([status], [toUInt64(1)]) AS status_counts,
    sum(toFloat64(latency_ms)) AS latency_sum,
    max(latency_ms) AS latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(latency_ms) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(backend_latency_ms), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(gateway_latency_ms), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi, gateway_id, api_id, api_name;

CREATE TABLE IF NOT EXISTS request_rollup_1d
(
    bucket            DateTime('UTC'),
    instansi          LowCardinality(String),
    gateway_id        LowCardinality(String),
    api_id            LowCardinality(String),
    api_name          LowCardinality(String),
    requests        SimpleAggregateFunction(sum, UInt64),
    status_2xx      SimpleAggregateFunction(sum, UInt64),
    status_3xx      SimpleAggregateFunction(sum, UInt64),
    status_4xx      SimpleAggregateFunction(sum, UInt64),
    status_5xx      SimpleAggregateFunction(sum, UInt64),
    auth_failures   SimpleAggregateFunction(sum, UInt64),
    rate_limited    SimpleAggregateFunction(sum, UInt64),
    not_found       SimpleAggregateFunction(sum, UInt64),
    https_requests  SimpleAggregateFunction(sum, UInt64),
    http_requests   SimpleAggregateFunction(sum, UInt64),
    tls_known       SimpleAggregateFunction(sum, UInt64),
    tls13_requests  SimpleAggregateFunction(sum, UInt64),
    structured_logs SimpleAggregateFunction(sum, UInt64),
    status_counts   SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(UInt64))),
    latency_sum     SimpleAggregateFunction(sum, Float64),
    latency_max     SimpleAggregateFunction(max, Float32),
    latency         AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    backend_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    gateway_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    request_bytes   SimpleAggregateFunction(sum, UInt64),
    response_bytes  SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (instansi, api_id, bucket, gateway_id, api_name)
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS request_rollup_1d_mv TO request_rollup_1d AS
SELECT
    toStartOfDay(ts, 'Asia/Jakarta') AS bucket,
    instansi, gateway_id, api_id, api_name,
    count() AS requests,
    countIf(status BETWEEN 200 AND 299) AS status_2xx,
    countIf(status BETWEEN 300 AND 399) AS status_3xx,
    countIf(status BETWEEN 400 AND 499) AS status_4xx,
    countIf(status >= 500) AS status_5xx,
    countIf(status IN (401, 403) OR auth_outcome = 'failure') AS auth_failures,
    countIf(status = 429) AS rate_limited,
    countIf(status = 404) AS not_found,
    countIf(scheme = 'https') AS https_requests,
    countIf(scheme = 'http') AS http_requests,
    countIf(tls_version != '') AS tls_known,
    countIf(tls_version = 'TLSv1.3') AS tls13_requests,
    countIf(log_fields_mask = 1023) AS structured_logs,
    sumMap([status], [toUInt64(1)]) AS status_counts,
    sum(toFloat64(latency_ms)) AS latency_sum,
    max(latency_ms) AS latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(latency_ms) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(backend_latency_ms), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(gateway_latency_ms), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi, gateway_id, api_id, api_name;

CREATE TABLE IF NOT EXISTS instansi_rollup_1h
(
    bucket            DateTime('UTC'),
    instansi          LowCardinality(String),
    requests        SimpleAggregateFunction(sum, UInt64),
    status_2xx      SimpleAggregateFunction(sum, UInt64),
    status_3xx      SimpleAggregateFunction(sum, UInt64),
    status_4xx      SimpleAggregateFunction(sum, UInt64),
    status_5xx      SimpleAggregateFunction(sum, UInt64),
    auth_failures   SimpleAggregateFunction(sum, UInt64),
    rate_limited    SimpleAggregateFunction(sum, UInt64),
    not_found       SimpleAggregateFunction(sum, UInt64),
    https_requests  SimpleAggregateFunction(sum, UInt64),
    http_requests   SimpleAggregateFunction(sum, UInt64),
    tls_known       SimpleAggregateFunction(sum, UInt64),
    tls13_requests  SimpleAggregateFunction(sum, UInt64),
    structured_logs SimpleAggregateFunction(sum, UInt64),
    status_counts   SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(UInt64))),
    latency_sum     SimpleAggregateFunction(sum, Float64),
    latency_max     SimpleAggregateFunction(max, Float32),
    latency         AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    backend_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    gateway_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    request_bytes   SimpleAggregateFunction(sum, UInt64),
    response_bytes  SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (instansi, bucket)
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS instansi_rollup_1h_mv TO instansi_rollup_1h AS
SELECT
    toStartOfHour(ts) AS bucket,
    instansi,
    count() AS requests,
    countIf(status BETWEEN 200 AND 299) AS status_2xx,
    countIf(status BETWEEN 300 AND 399) AS status_3xx,
    countIf(status BETWEEN 400 AND 499) AS status_4xx,
    countIf(status >= 500) AS status_5xx,
    countIf(status IN (401, 403) OR auth_outcome = 'failure') AS auth_failures,
    countIf(status = 429) AS rate_limited,
    countIf(status = 404) AS not_found,
    countIf(scheme = 'https') AS https_requests,
    countIf(scheme = 'http') AS http_requests,
    countIf(tls_version != '') AS tls_known,
    countIf(tls_version = 'TLSv1.3') AS tls13_requests,
    countIf(log_fields_mask = 1023) AS structured_logs,
    sumMap([status], [toUInt64(1)]) AS status_counts,
    sum(toFloat64(latency_ms)) AS latency_sum,
    max(latency_ms) AS latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(latency_ms) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(backend_latency_ms), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(gateway_latency_ms), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi;

CREATE TABLE IF NOT EXISTS instansi_rollup_1d
(
    bucket            DateTime('UTC'),
    instansi          LowCardinality(String),
    requests        SimpleAggregateFunction(sum, UInt64),
    status_2xx      SimpleAggregateFunction(sum, UInt64),
    status_3xx      SimpleAggregateFunction(sum, UInt64),
    status_4xx      SimpleAggregateFunction(sum, UInt64),
    status_5xx      SimpleAggregateFunction(sum, UInt64),
    auth_failures   SimpleAggregateFunction(sum, UInt64),
    rate_limited    SimpleAggregateFunction(sum, UInt64),
    not_found       SimpleAggregateFunction(sum, UInt64),
    https_requests  SimpleAggregateFunction(sum, UInt64),
    http_requests   SimpleAggregateFunction(sum, UInt64),
    tls_known       SimpleAggregateFunction(sum, UInt64),
    tls13_requests  SimpleAggregateFunction(sum, UInt64),
    structured_logs SimpleAggregateFunction(sum, UInt64),
    status_counts   SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(UInt64))),
    latency_sum     SimpleAggregateFunction(sum, Float64),
    latency_max     SimpleAggregateFunction(max, Float32),
    latency         AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    backend_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    gateway_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    request_bytes   SimpleAggregateFunction(sum, UInt64),
    response_bytes  SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (instansi, bucket)
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS instansi_rollup_1d_mv TO instansi_rollup_1d AS
SELECT
    toStartOfDay(ts, 'Asia/Jakarta') AS bucket,
    instansi,
    count() AS requests,
    countIf(status BETWEEN 200 AND 299) AS status_2xx,
    countIf(status BETWEEN 300 AND 399) AS status_3xx,
    countIf(status BETWEEN 400 AND 499) AS status_4xx,
    countIf(status >= 500) AS status_5xx,
    countIf(status IN (401, 403) OR auth_outcome = 'failure') AS auth_failures,
    countIf(status = 429) AS rate_limited,
    countIf(status = 404) AS not_found,
    countIf(scheme = 'https') AS https_requests,
    countIf(scheme = 'http') AS http_requests,
    countIf(tls_version != '') AS tls_known,
    countIf(tls_version = 'TLSv1.3') AS tls13_requests,
    countIf(log_fields_mask = 1023) AS structured_logs,
    sumMap([status], [toUInt64(1)]) AS status_counts,
    sum(toFloat64(latency_ms)) AS latency_sum,
    max(latency_ms) AS latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(latency_ms) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(backend_latency_ms), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(gateway_latency_ms), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi;

CREATE TABLE IF NOT EXISTS consumer_rollup_1h
(
    bucket            DateTime('UTC'),
    instansi          LowCardinality(String),
    gateway_id        LowCardinality(String),
    api_id            LowCardinality(String),
    api_name          LowCardinality(String),
    consumer_instansi LowCardinality(String),
    consumer_id       LowCardinality(String),
    requests        SimpleAggregateFunction(sum, UInt64),
    status_2xx      SimpleAggregateFunction(sum, UInt64),
    status_3xx      SimpleAggregateFunction(sum, UInt64),
    status_4xx      SimpleAggregateFunction(sum, UInt64),
    status_5xx      SimpleAggregateFunction(sum, UInt64),
    auth_failures   SimpleAggregateFunction(sum, UInt64),
    rate_limited    SimpleAggregateFunction(sum, UInt64),
    not_found       SimpleAggregateFunction(sum, UInt64),
    https_requests  SimpleAggregateFunction(sum, UInt64),
    http_requests   SimpleAggregateFunction(sum, UInt64),
    tls_known       SimpleAggregateFunction(sum, UInt64),
    tls13_requests  SimpleAggregateFunction(sum, UInt64),
    structured_logs SimpleAggregateFunction(sum, UInt64),
    status_counts   SimpleAggregateFunction(sumMap, Tuple(Array(UInt16), Array(UInt64))),
    latency_sum     SimpleAggregateFunction(sum, Float64),
    latency_max     SimpleAggregateFunction(max, Float32),
    latency         AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    backend_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    gateway_latency AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    request_bytes   SimpleAggregateFunction(sum, UInt64),
    response_bytes  SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (instansi, api_id, bucket, gateway_id, api_name, consumer_instansi, consumer_id)
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS consumer_rollup_1h_mv TO consumer_rollup_1h AS
SELECT
    toStartOfHour(ts) AS bucket,
    instansi, gateway_id, api_id, api_name, consumer_instansi, consumer_id,
    count() AS requests,
    countIf(status BETWEEN 200 AND 299) AS status_2xx,
    countIf(status BETWEEN 300 AND 399) AS status_3xx,
    countIf(status BETWEEN 400 AND 499) AS status_4xx,
    countIf(status >= 500) AS status_5xx,
    countIf(status IN (401, 403) OR auth_outcome = 'failure') AS auth_failures,
    countIf(status = 429) AS rate_limited,
    countIf(status = 404) AS not_found,
    countIf(scheme = 'https') AS https_requests,
    countIf(scheme = 'http') AS http_requests,
    countIf(tls_version != '') AS tls_known,
    countIf(tls_version = 'TLSv1.3') AS tls13_requests,
    countIf(log_fields_mask = 1023) AS structured_logs,
    sumMap([status], [toUInt64(1)]) AS status_counts,
    sum(toFloat64(latency_ms)) AS latency_sum,
    max(latency_ms) AS latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(latency_ms) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(backend_latency_ms), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(assumeNotNull(gateway_latency_ms), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi, gateway_id, api_id, api_name, consumer_instansi, consumer_id;
