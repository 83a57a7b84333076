-- Probes, SLOs and alerting (api/alerts, collector/probes). Configuration
-- tables are versioned like the registry (ReplacingMergeTree(updated_at) +
-- soft delete, read with FINAL); results and history are append-only with TTL.

-- Synthetic HTTP(S) checks run by the collector.
CREATE TABLE IF NOT EXISTS probes
(
    id              String,
    instansi        String,
    api_id          String,
    name            String,
    url             String,
    method          LowCardinality(String),
    headers         Map(String, String),
    expected_status UInt16,
    body_contains   String,
    interval_s      UInt32,
    timeout_ms      UInt32,
    tls_verify      Bool,
    enabled         Bool,
    created_at      DateTime64(3, 'UTC'),
    updated_at      DateTime64(3, 'UTC'),
    deleted         UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- One row per check: outcome, latency, TLS version and certificate expiry.
CREATE TABLE IF NOT EXISTS probe_results
(
    ts              DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    probe_id        LowCardinality(String),
    instansi        LowCardinality(String),
    api_id          LowCardinality(String),
    name            LowCardinality(String),
    url             String,
    ok              UInt8,
    status          UInt16,
    latency_ms      Float32,
    error           String,
    tls_version     LowCardinality(String),
    cert_not_after  Nullable(DateTime('UTC')),
    cert_subject    String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (instansi, probe_id, ts)
TTL toDateTime(ts) + toIntervalDay(400);

-- Service level objectives per API: availability (non-5xx share) or latency
-- (share of requests faster than latency_ms) over a rolling window.
CREATE TABLE IF NOT EXISTS slos
(
    id          String,
    instansi    String,
    api_id      String,
    name        String,
    sli         LowCardinality(String),
    objective   Float64,
    latency_ms  Float64,
    window_days UInt8,
    enabled     Bool,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    deleted     UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- Threshold alert rules (burn-rate rules are derived from the SLOs).
CREATE TABLE IF NOT EXISTS alert_rules
(
    id          String,
    instansi    String,
    name        String,
    kind        LowCardinality(String),
    api_id      String,
    gateway_id  String,
    probe_id    String,
    threshold   Float64,
    window_min  UInt32,
    for_s       UInt32,
    severity    LowCardinality(String),
    enabled     Bool,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    deleted     UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- Built-in rules, editable like any other (a fixed old version: a user's edit always wins).
INSERT INTO alert_rules (id, instansi, name, kind, api_id, gateway_id, probe_id, threshold, window_min, for_s, severity, enabled, created_at, updated_at)
VALUES
    ('builtin-cert-expiry', '', 'Sertifikat TLS segera kedaluwarsa', 'cert_expiry', '', '', '', 14, 0, 0, 'warning', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    ('builtin-probe-failing', '', 'Probe gagal berturut-turut', 'probe_failing', '', '', '', 2, 0, 0, 'critical', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    ('builtin-gateway-silent', '', 'Gateway tidak mengirim log', 'gateway_silent', '', '', '', 15, 0, 0, 'warning', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    ('builtin-brute-force', '', 'Indikasi brute force', 'brute_force', '', '', '', 20, 5, 0, 'warning', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00');

-- Where notifications go. `secret` (HMAC key, bot token, SMTP password) is never read back by the API.
CREATE TABLE IF NOT EXISTS alert_receivers
(
    id          String,
    instansi    String,
    name        String,
    kind        LowCardinality(String),
    url         String,
    settings    String,
    matchers    String,
    send_resolved Bool,
    enabled     Bool,
    secret      String,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    deleted     UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- Silences: label matchers (JSON) active from starts_at until ends_at.
CREATE TABLE IF NOT EXISTS alert_silences
(
    id          String,
    instansi    String,
    matchers    String,
    starts_at   DateTime64(3, 'UTC'),
    ends_at     DateTime64(3, 'UTC'),
    created_by  String,
    comment     String,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    deleted     UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- Current state of every alert that is pending or firing (restored at start).
CREATE TABLE IF NOT EXISTS alert_state
(
    fingerprint  String,
    rule_id      String,
    instansi     String,
    state        LowCardinality(String),
    labels       Map(String, String),
    annotations  Map(String, String),
    value        Float64,
    active_at    DateTime64(3, 'UTC'),
    fired_at     Nullable(DateTime64(3, 'UTC')),
    resolved_at  Nullable(DateTime64(3, 'UTC')),
    updated_at   DateTime64(3, 'UTC'),
    deleted      UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY fingerprint;

-- Every state change of every alert.
CREATE TABLE IF NOT EXISTS alert_history
(
    ts           DateTime64(3, 'UTC'),
    fingerprint  String,
    rule_id      LowCardinality(String),
    instansi     LowCardinality(String),
    alertname    LowCardinality(String),
    severity     LowCardinality(String),
    from_state   LowCardinality(String),
    to_state     LowCardinality(String),
    value        Float64,
    labels       Map(String, String),
    annotations  Map(String, String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (instansi, ts, fingerprint)
TTL toDateTime(ts) + toIntervalDay(730);

-- Every delivery to a receiver (one row per attempt sequence), with its outcome.
CREATE TABLE IF NOT EXISTS alert_notifications
(
    ts           DateTime64(3, 'UTC'),
    receiver_id  LowCardinality(String),
    receiver_kind LowCardinality(String),
    group_key    String,
    instansi     LowCardinality(String),
    status       LowCardinality(String),
    reason       LowCardinality(String),
    fingerprints Array(String),
    firing       Array(String),
    resolved     Array(String),
    attempts     UInt16,
    ok           UInt8,
    error        String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (receiver_id, ts)
TTL toDateTime(ts) + toIntervalDay(400);
