-- Report batches (issue 13, point 2): one request generates the evidence
-- report of many instansi in the background. The batch row says what was
-- asked and its state; one item row per instansi finished (done or failed,
-- with the report id and digest, or the reason). Both are versioned like the
-- registry (ReplacingMergeTree, read with FINAL), so progress survives a
-- restart: a batch found `running` at start was interrupted, and resumes
-- with the instansi that have no item yet.
CREATE TABLE IF NOT EXISTS report_batches
(
    id           String,
    indicator    LowCardinality(String),
    period       String,
    instansi     Array(String),
    requested_by String,
    base_url     String,
    state        LowCardinality(String),
    resumed      UInt16,
    created_at   DateTime64(3, 'UTC'),
    updated_at   DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

CREATE TABLE IF NOT EXISTS report_batch_items
(
    batch_id    String,
    instansi    String,
    state       LowCardinality(String),
    report_id   String,
    sha256      String,
    level       Int16,
    error       String,
    finished_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(finished_at)
ORDER BY (batch_id, instansi);
