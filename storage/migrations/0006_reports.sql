-- SPBE evidence reports (Indikator 7 and 18) and the registers they draw on.
-- Policy documents and SPL reviews are mutable registers, versioned like the
-- registry (ReplacingMergeTree(updated_at) + soft delete, read with FINAL).
-- Reports and file contents are immutable: plain MergeTree, rows are only
-- ever inserted, never updated or deleted by Pantau.

-- Internal policies on using the SPL (Indikator 7).
CREATE TABLE IF NOT EXISTS policy_documents
(
    id              String,
    instansi        String,
    number          String,
    title           String,
    kind            LowCardinality(String),
    status          LowCardinality(String),
    date            Date,
    scope           Array(String),
    supersedes      String,
    notes           String,
    document_sha256 String,
    document_name   String,
    document_size   UInt32,
    created_at      DateTime64(3, 'UTC'),
    updated_at      DateTime64(3, 'UTC'),
    deleted         UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- Periodic reviews (reviu) and evaluations (evaluasi) of the SPL or of the
-- policy, their findings and follow-ups (Indikator 18 level 4-5, Indikator 7 level 5).
CREATE TABLE IF NOT EXISTS spl_reviews
(
    id          String,
    instansi    String,
    date        Date,
    kind        LowCardinality(String),
    subject     LowCardinality(String),
    title       String,
    reviewer    String,
    findings    Array(String),
    follow_ups  Array(Tuple(action String, status String, due Nullable(Date), done_at Nullable(Date), evidence String)),
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC'),
    deleted     UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- File contents, addressed by their SHA-256 (uploaded policy documents and
-- generated report PDFs). Base64 text: JSON-safe on both the embedded engine
-- and the HTTP server; ZSTD brings it back to about the raw size on disk.
CREATE TABLE IF NOT EXISTS blobs
(
    sha256       String,
    size         UInt64,
    content_type LowCardinality(String),
    content_b64  String CODEC(ZSTD(3)),
    created_at   DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY sha256;

-- One row per generated report: what was asked, when, by whom, the digest of
-- the PDF and of the evidence it was rendered from (kept, so the same
-- document can be rendered again byte for byte).
CREATE TABLE IF NOT EXISTS reports
(
    id              String,
    instansi        LowCardinality(String),
    indicator       LowCardinality(String),
    period          String,
    period_from     DateTime64(3, 'UTC'),
    period_to       DateTime64(3, 'UTC'),
    generated_at    DateTime64(3, 'UTC'),
    generated_by    String,
    trigger         LowCardinality(String),
    params          String,
    level           UInt8,
    sha256          String,
    size            UInt32,
    pages           UInt16,
    evidence_sha256 String,
    evidence        String CODEC(ZSTD(3)),
    renderer        LowCardinality(String)
)
ENGINE = MergeTree
ORDER BY (instansi, indicator, generated_at, id);
