-- National rows per minute: the per-API minute rollup summed over every
-- instansi and API (issue 14: a national 24-hour performance page, a
-- 15-minute series, merged the minute rows of every API — 432,000 rows and
-- three latency histograms each — 223 ms median at 100M events). Sub-hour
-- series and the ragged minutes of short ranges without a filter read these
-- (shared/metrics/rollup.ts totalsSource). Fed by a view on
-- request_rollup_1m (chained, as the national hour and day rows are on the
-- instansi rollups, migration 0020), so they hold what the minute rows hold,
-- replays and deduplication included.
--
-- The rows stored before this migration are summed from the minute rollup;
-- the view is dropped first and created last and the table emptied in
-- between, so a migration repeated after a crash starts over (rows inserted
-- while it runs would be missing here, never counted twice: migrations run
-- before a process ingests).

-- the columns, order and retention of the national hour rows (migration 0020)
CREATE TABLE IF NOT EXISTS national_rollup_1m AS national_rollup_1h;

DROP VIEW IF EXISTS national_rollup_1m_mv;
TRUNCATE TABLE national_rollup_1m;

INSERT INTO national_rollup_1m
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
FROM request_rollup_1m
GROUP BY bucket;

CREATE MATERIALIZED VIEW IF NOT EXISTS national_rollup_1m_mv TO national_rollup_1m AS
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
FROM request_rollup_1m
GROUP BY bucket;
