-- The newest days of request events ordered by time (issue 14: an events view
-- of every instansi, newest first — the explorer's national pages — read a
-- granule or two of every API's range of request_events, which is ordered by
-- instansi, API and time: 190–230 ms median per page at 100M events, a
-- 1-hour window no cheaper than 24 hours). Ordered by time, a page is the last
-- granules read backwards. Only the columns a view lists and filters on
-- (shared/metrics/events.ts EventRow); an event's detail still reads
-- request_events. shared/metrics/events.ts eventsTable says which views read it.
--
-- Kept RECENT_EVENT_DAYS days (storage/recent-events.ts; never longer than
-- request_events: its TTL follows PANTAU_RAW_TTL_DAYS), in daily partitions
-- dropped whole. The view stores events up to a day older than
-- RECENT_EVENT_DAYS, so an insert touches a few partitions at most
-- (a gateway's backlog of older events goes to request_events only). Its
-- blocks are deduplicated with the insert's token, as every rollup's are.
--
-- Measured on the benchmark (100M events over 30 days, 300 APIs, two runs): national
-- pages 225–332 → 39–120 ms median, their export 63–70k → 178–246k rows/s; the
-- table 1.19 GiB for 9 days (request_events 5.75 GiB for 30), copied in 39 s.
--
-- Rows stored before this migration are copied from request_events; the view
-- is dropped first and created last and the table emptied in between, so a
-- migration repeated after a crash starts over (as migration 0024).

CREATE TABLE IF NOT EXISTS recent_events
(
    ts                 DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    event_id           UUID,
    instansi           LowCardinality(String),
    gateway_id         LowCardinality(String),
    api_id             LowCardinality(String),
    api_name           LowCardinality(String),
    method             LowCardinality(String),
    path               String CODEC(ZSTD(1)),
    route              String CODEC(ZSTD(1)),
    status             UInt16,
    latency_ms         Float32,
    backend_latency_ms Nullable(Float32),
    consumer_id        LowCardinality(String),
    consumer_instansi  LowCardinality(String),
    client_address     String CODEC(ZSTD(1)),
    auth_outcome       LowCardinality(String),
    tls_version        LowCardinality(String),
    request_id         String CODEC(ZSTD(1)),
    source_format      LowCardinality(String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(ts)
ORDER BY (ts, event_id)
TTL toDateTime(ts) + toIntervalDay({{recent_event_days}})
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1;

DROP VIEW IF EXISTS recent_events_mv;
TRUNCATE TABLE recent_events;

INSERT INTO recent_events
SELECT ts, event_id, instansi, gateway_id, api_id, api_name, method, path, route, status, latency_ms, backend_latency_ms,
       consumer_id, consumer_instansi, client_address, auth_outcome, tls_version, request_id, source_format
FROM request_events
WHERE ts >= now64(3) - toIntervalDay({{recent_view_days}});

CREATE MATERIALIZED VIEW IF NOT EXISTS recent_events_mv TO recent_events AS
SELECT ts, event_id, instansi, gateway_id, api_id, api_name, method, path, route, status, latency_ms, backend_latency_ms,
       consumer_id, consumer_instansi, client_address, auth_outcome, tls_version, request_id, source_format
FROM request_events
WHERE ts >= now64(3) - toIntervalDay({{recent_view_days}});
