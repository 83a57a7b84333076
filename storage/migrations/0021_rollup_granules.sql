-- Small granules for the per-API hour and day rollups (issue 14: the SLA and
-- compliance pages took 0.5–0.9 s at 100M events). Their rows are ordered by
-- instansi, API, then time, and a granule held the rows of several APIs
-- (8,192 rows or 10 MiB): a question about a few hours or days of every API
-- — the partial days at both ends of a 30-day range — matched a row or two
-- in every granule, and so read every latency histogram of the month
-- (219,000 hour rows for 7,200 wanted: 335 ms; with 32-row granules 82 ms,
-- measured on a copy of the benchmark month). With 32 rows per granule a
-- granule is one API's day or so, and the time condition skips the rest.
--
-- The granule size of a table is fixed when it is created: each table is
-- rebuilt with its rows (CREATE OR REPLACE swaps it in atomically, so a crash
-- leaves the old table whole and running this again starts over; the views
-- writing into these tables follow the name). Run before ingest starts, as
-- every migration: the rebuilt tables start with an empty deduplication log,
-- so a batch replayed across this upgrade would count twice in them.

CREATE OR REPLACE TABLE request_rollup_1h
(
    bucket              DateTime('UTC'),
    instansi            LowCardinality(String),
    gateway_id          LowCardinality(String),
    api_id              LowCardinality(String),
    api_name            LowCardinality(String),
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
    latency_min         SimpleAggregateFunction(min, Float32) DEFAULT -inf,
    backend_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf,
    backend_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf,
    gateway_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf,
    gateway_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf,
    latency             AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    backend_latency     AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    gateway_latency     AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    request_bytes       SimpleAggregateFunction(sum, UInt64),
    response_bytes      SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (instansi, api_id, bucket, gateway_id, api_name)
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS index_granularity = 32, non_replicated_deduplication_window = 10000
AS SELECT * FROM request_rollup_1h;

CREATE OR REPLACE TABLE request_rollup_1d
(
    bucket              DateTime('UTC'),
    instansi            LowCardinality(String),
    gateway_id          LowCardinality(String),
    api_id              LowCardinality(String),
    api_name            LowCardinality(String),
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
    latency_min         SimpleAggregateFunction(min, Float32) DEFAULT -inf,
    backend_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf,
    backend_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf,
    gateway_latency_min SimpleAggregateFunction(min, Float32) DEFAULT -inf,
    gateway_latency_max SimpleAggregateFunction(max, Float32) DEFAULT inf,
    latency             AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    backend_latency     AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    gateway_latency     AggregateFunction(quantilesBFloat16(0.5, 0.9, 0.95, 0.99), Float32),
    request_bytes       SimpleAggregateFunction(sum, UInt64),
    response_bytes      SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (instansi, api_id, bucket, gateway_id, api_name)
TTL bucket + toIntervalDay({{raw_ttl_days}})
SETTINGS index_granularity = 32, non_replicated_deduplication_window = 10000
AS SELECT * FROM request_rollup_1d;
