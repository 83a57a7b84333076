-- Raw request events: one row per API call through a gateway (collector/event.ts).
CREATE TABLE IF NOT EXISTS request_events
(
    ts                 DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    event_id           UUID,
    instansi           LowCardinality(String),
    gateway_id         LowCardinality(String),
    api_id             LowCardinality(String),
    api_name           LowCardinality(String),
    api_version        LowCardinality(String),
    route              String CODEC(ZSTD(1)),
    path               String CODEC(ZSTD(1)),
    method             LowCardinality(String),
    status             UInt16,
    latency_ms         Float32,
    backend_latency_ms Nullable(Float32),
    gateway_latency_ms Nullable(Float32),
    request_bytes      UInt64,
    response_bytes     UInt64,
    host               LowCardinality(String),
    scheme             LowCardinality(String),
    tls_version        LowCardinality(String),
    consumer_id        LowCardinality(String),
    consumer_instansi  LowCardinality(String),
    user_hash          String CODEC(ZSTD(1)),
    client_address     String CODEC(ZSTD(1)),
    auth_outcome       LowCardinality(String),
    request_id         String CODEC(ZSTD(1)),
    trace_id           String CODEC(ZSTD(1)),
    user_agent         String CODEC(ZSTD(1)),
    service            LowCardinality(String),
    level              LowCardinality(String),
    message            String CODEC(ZSTD(1)),
    upstream           LowCardinality(String),
    log_fields_mask    UInt16,
    source_format      LowCardinality(String),
    ingested_at        DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1))
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (instansi, api_id, ts)
TTL toDateTime(ts) + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

-- Records the pipeline rejected, with the reason and the offending field.
CREATE TABLE IF NOT EXISTS dead_letters
(
    ts         DateTime64(3, 'UTC'),
    instansi   LowCardinality(String),
    gateway_id LowCardinality(String),
    source     LowCardinality(String),
    reason     String,
    field      String,
    payload    String CODEC(ZSTD(3))
)
ENGINE = MergeTree
ORDER BY (instansi, ts)
TTL toDateTime(ts) + toIntervalDay(90)
SETTINGS non_replicated_deduplication_window = 10000;

-- OTLP metric data points in the shape of the OpenTelemetry ClickHouse exporter
-- (one table for every metric type), tagged with the sending gateway.
CREATE TABLE IF NOT EXISTS otel_metrics
(
    instansi               LowCardinality(String),
    gateway_id             LowCardinality(String),
    ResourceAttributes     Map(LowCardinality(String), String),
    ServiceName            LowCardinality(String),
    ScopeName              String,
    ScopeVersion           String,
    MetricName             LowCardinality(String),
    MetricDescription      String,
    MetricUnit             LowCardinality(String),
    MetricType             Enum8('gauge' = 1, 'sum' = 2, 'histogram' = 3, 'exponential_histogram' = 4, 'summary' = 5),
    Attributes             Map(LowCardinality(String), String),
    StartTimeUnix          DateTime64(9, 'UTC'),
    TimeUnix               DateTime64(9, 'UTC'),
    Value                  Float64,
    IsMonotonic            Bool,
    AggregationTemporality Int32,
    Count                  UInt64,
    Sum                    Float64,
    Min                    Nullable(Float64),
    Max                    Nullable(Float64),
    BucketCounts           Array(UInt64),
    ExplicitBounds         Array(Float64),
    Quantiles              Array(Float64),
    QuantileValues         Array(Float64)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(TimeUnix)
ORDER BY (instansi, ServiceName, MetricName, TimeUnix)
TTL toDateTime(TimeUnix) + toIntervalDay({{raw_ttl_days}})
SETTINGS non_replicated_deduplication_window = 10000;

-- Who did what: admin actions, report downloads.
CREATE TABLE IF NOT EXISTS audit_log
(
    ts       DateTime64(3, 'UTC') DEFAULT now64(3),
    actor    String,
    role     LowCardinality(String),
    instansi LowCardinality(String),
    action   LowCardinality(String),
    resource String,
    detail   String,
    address  String
)
ENGINE = MergeTree
ORDER BY ts;
