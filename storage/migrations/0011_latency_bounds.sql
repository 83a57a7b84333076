-- The observed range of each latency population, so that no reported
-- percentile lies outside it: the quantile states hold latencies rounded to 5
-- mantissa bits (0009), so a p95 of requests that all took 300 ms reads 304 ms.
-- api/metrics/rollup.ts quantiles() clamps every percentile to [min, max] of
-- the rows it merges (total latency already had latency_max).
--
-- Rows stored before this migration get sentinels that switch the clamp off
-- for any population they belong to: min = -inf, max = +inf (the true range is
-- unknown there). New rows of a bucket without backend / gateway times carry
-- the neutral values (min = +inf, max = -inf), which never win a merge.
-- ADD COLUMN first, then MODIFY QUERY (atomic per view, as in 0009): a row
-- inserted in between only gets the sentinels.

ALTER TABLE request_rollup_1m
    ADD COLUMN IF NOT EXISTS latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_max,
    ADD COLUMN IF NOT EXISTS backend_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_min,
    ADD COLUMN IF NOT EXISTS backend_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER backend_latency_min,
    ADD COLUMN IF NOT EXISTS gateway_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER backend_latency_max,
    ADD COLUMN IF NOT EXISTS gateway_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER gateway_latency_min;

ALTER TABLE request_rollup_1h
    ADD COLUMN IF NOT EXISTS latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_max,
    ADD COLUMN IF NOT EXISTS backend_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_min,
    ADD COLUMN IF NOT EXISTS backend_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER backend_latency_min,
    ADD COLUMN IF NOT EXISTS gateway_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER backend_latency_max,
    ADD COLUMN IF NOT EXISTS gateway_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER gateway_latency_min;

ALTER TABLE request_rollup_1d
    ADD COLUMN IF NOT EXISTS latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_max,
    ADD COLUMN IF NOT EXISTS backend_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_min,
    ADD COLUMN IF NOT EXISTS backend_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER backend_latency_min,
    ADD COLUMN IF NOT EXISTS gateway_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER backend_latency_max,
    ADD COLUMN IF NOT EXISTS gateway_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER gateway_latency_min;

ALTER TABLE instansi_rollup_1h
    ADD COLUMN IF NOT EXISTS latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_max,
    ADD COLUMN IF NOT EXISTS backend_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_min,
    ADD COLUMN IF NOT EXISTS backend_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER backend_latency_min,
    ADD COLUMN IF NOT EXISTS gateway_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER backend_latency_max,
    ADD COLUMN IF NOT EXISTS gateway_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER gateway_latency_min;

ALTER TABLE instansi_rollup_1d
    ADD COLUMN IF NOT EXISTS latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_max,
    ADD COLUMN IF NOT EXISTS backend_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_min,
    ADD COLUMN IF NOT EXISTS backend_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER backend_latency_min,
    ADD COLUMN IF NOT EXISTS gateway_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER backend_latency_max,
    ADD COLUMN IF NOT EXISTS gateway_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER gateway_latency_min;

ALTER TABLE consumer_rollup_1h
    ADD COLUMN IF NOT EXISTS latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_max,
    ADD COLUMN IF NOT EXISTS backend_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER latency_min,
    ADD COLUMN IF NOT EXISTS backend_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER backend_latency_min,
    ADD COLUMN IF NOT EXISTS gateway_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf AFTER backend_latency_max,
    ADD COLUMN IF NOT EXISTS gateway_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf AFTER gateway_latency_min;

ALTER TABLE request_rollup_1m_mv MODIFY QUERY
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
    min(latency_ms) AS latency_min,
    min(ifNull(backend_latency_ms, toFloat32(inf))) AS backend_latency_min,
    max(ifNull(backend_latency_ms, toFloat32(-inf))) AS backend_latency_max,
    min(ifNull(gateway_latency_ms, toFloat32(inf))) AS gateway_latency_min,
    max(ifNull(gateway_latency_ms, toFloat32(-inf))) AS gateway_latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(latency_ms) + 0x20000, 0xFFFC0000)))) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(backend_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(gateway_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi, gateway_id, api_id, api_name;

ALTER TABLE request_rollup_1h_mv MODIFY QUERY
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
    min(latency_ms) AS latency_min,
    min(ifNull(backend_latency_ms, toFloat32(inf))) AS backend_latency_min,
    max(ifNull(backend_latency_ms, toFloat32(-inf))) AS backend_latency_max,
    min(ifNull(gateway_latency_ms, toFloat32(inf))) AS gateway_latency_min,
    max(ifNull(gateway_latency_ms, toFloat32(-inf))) AS gateway_latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(latency_ms) + 0x20000, 0xFFFC0000)))) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(backend_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(gateway_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi, gateway_id, api_id, api_name;

ALTER TABLE request_rollup_1d_mv MODIFY QUERY
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
    min(latency_ms) AS latency_min,
    min(ifNull(backend_latency_ms, toFloat32(inf))) AS backend_latency_min,
    max(ifNull(backend_latency_ms, toFloat32(-inf))) AS backend_latency_max,
    min(ifNull(gateway_latency_ms, toFloat32(inf))) AS gateway_latency_min,
    max(ifNull(gateway_latency_ms, toFloat32(-inf))) AS gateway_latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(latency_ms) + 0x20000, 0xFFFC0000)))) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(backend_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(gateway_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi, gateway_id, api_id, api_name;

ALTER TABLE instansi_rollup_1h_mv MODIFY QUERY
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
    min(latency_ms) AS latency_min,
    min(ifNull(backend_latency_ms, toFloat32(inf))) AS backend_latency_min,
    max(ifNull(backend_latency_ms, toFloat32(-inf))) AS backend_latency_max,
    min(ifNull(gateway_latency_ms, toFloat32(inf))) AS gateway_latency_min,
    max(ifNull(gateway_latency_ms, toFloat32(-inf))) AS gateway_latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(latency_ms) + 0x20000, 0xFFFC0000)))) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(backend_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(gateway_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi;

ALTER TABLE instansi_rollup_1d_mv MODIFY QUERY
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
    min(latency_ms) AS latency_min,
    min(ifNull(backend_latency_ms, toFloat32(inf))) AS backend_latency_min,
    max(ifNull(backend_latency_ms, toFloat32(-inf))) AS backend_latency_max,
    min(ifNull(gateway_latency_ms, toFloat32(inf))) AS gateway_latency_min,
    max(ifNull(gateway_latency_ms, toFloat32(-inf))) AS gateway_latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(latency_ms) + 0x20000, 0xFFFC0000)))) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(backend_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(gateway_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi;

ALTER TABLE consumer_rollup_1h_mv MODIFY QUERY
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
    min(latency_ms) AS latency_min,
    min(ifNull(backend_latency_ms, toFloat32(inf))) AS backend_latency_min,
    max(ifNull(backend_latency_ms, toFloat32(-inf))) AS backend_latency_max,
    min(ifNull(gateway_latency_ms, toFloat32(inf))) AS gateway_latency_min,
    max(ifNull(gateway_latency_ms, toFloat32(-inf))) AS gateway_latency_max,
    quantilesBFloat16State(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(latency_ms) + 0x20000, 0xFFFC0000)))) AS latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(backend_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(backend_latency_ms)) AS backend_latency,
    quantilesBFloat16StateIf(0.5, 0.9, 0.95, 0.99)(reinterpretAsFloat32(toUInt32(bitAnd(reinterpretAsUInt32(assumeNotNull(gateway_latency_ms)) + 0x20000, 0xFFFC0000))), isNotNull(gateway_latency_ms)) AS gateway_latency,
    sum(request_bytes) AS request_bytes,
    sum(response_bytes) AS response_bytes
FROM request_events
GROUP BY bucket, instansi, gateway_id, api_id, api_name, consumer_instansi, consumer_id;
