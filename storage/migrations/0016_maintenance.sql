-- Maintenance windows (issue 13, point 3): announced work on an instansi, one
-- of its APIs or one of its gateways. Minutes inside a window are left out of
-- uptime, incidents, SLA and SLO budgets, and alerts are not raised for them
-- (shared/maintenance/). Registry-style rows: the latest updated_at wins,
-- deletes are soft (deleted = 1), read with FINAL.
CREATE TABLE IF NOT EXISTS maintenance_windows
(
    id          String,
    instansi    String,
    api_id      String,
    gateway_id  String,
    starts_at   DateTime64(3, 'UTC'),
    ends_at     DateTime64(3, 'UTC'),
    reason      String,
    created_by  String,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    deleted     UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- Every change of a window (create, edit, delete) as the span of time it
-- touched (the old and the new span of an edit both): the hourly uptime rows
-- of that instansi recorded before the change are stale and recomputed
-- (shared/metrics/uptime-hours.ts), even after a crash between the change and
-- the recomputation.
CREATE TABLE IF NOT EXISTS maintenance_changes
(
    instansi    String,
    from_ts     DateTime('UTC'),
    to_ts       DateTime('UTC'),
    changed_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (instansi, from_ts)
TTL toDateTime(changed_at) + toIntervalDay({{raw_ttl_days}});

-- Hourly uptime rows leave maintenance minutes out of minutes, down,
-- requests and errors_5xx; whether a row is current is then decided on the
-- hour's requests before that exclusion (rows written before this migration
-- excluded nothing: both are the same).
ALTER TABLE uptime_1h ADD COLUMN IF NOT EXISTS rollup_requests UInt64 DEFAULT requests;
