-- The registry (Permenkomdigi 3/2025 Pasal 16): instansi, their unit kerja,
-- gateways (SPL instances), APIs, consumers and access tokens. Every change
-- writes a new row version; readers use FINAL and skip deleted rows.

CREATE TABLE IF NOT EXISTS instansi
(
    code       String,
    name       String,
    kind       LowCardinality(String),
    region     String,
    parent     String,
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted    UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY code;

CREATE TABLE IF NOT EXISTS unit_kerja
(
    instansi   String,
    code       String,
    name       String,
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    deleted    UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (instansi, code);

CREATE TABLE IF NOT EXISTS gateways
(
    id           String,
    instansi     String,
    name         String,
    product      LowCardinality(String),
    is_spl       Bool,
    splp_linked  Bool,
    base_url     String,
    token_hash   String,
    token_prefix String,
    created_at   DateTime64(3, 'UTC'),
    updated_at   DateTime64(3, 'UTC'),
    deleted      UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

CREATE TABLE IF NOT EXISTS apis
(
    id                String,
    instansi          String,
    unit_kerja        String,
    gateway_id        String,
    name              String,
    version           String,
    base_path         String,
    host              String,
    auth_type         LowCardinality(String),
    openapi           String CODEC(ZSTD(3)),
    published_via_spl Bool,
    lifecycle         LowCardinality(String),
    deprecated_at     Nullable(DateTime64(3, 'UTC')),
    removal_at        Nullable(DateTime64(3, 'UTC')),
    sla_availability  Float64,
    sla_p95_ms        Float64,
    tags              Array(String),
    created_at        DateTime64(3, 'UTC'),
    updated_at        DateTime64(3, 'UTC'),
    deleted           UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

CREATE TABLE IF NOT EXISTS consumers
(
    id          String,
    name        String,
    instansi    String,
    owner_unit  String,
    match_ids   Array(String),
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    deleted     UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

CREATE TABLE IF NOT EXISTS api_tokens
(
    token_hash   String,
    token_prefix String,
    name         String,
    role         LowCardinality(String),
    instansi     String,
    created_at   DateTime64(3, 'UTC'),
    updated_at   DateTime64(3, 'UTC'),
    deleted      UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY token_hash;
