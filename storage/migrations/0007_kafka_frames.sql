-- Spool frames the Kafka writer has stored, by their stable identity (spool id
-- + frame position + part). A collector that resends a frame (a producer retry,
-- or a replay after a crash) produces it again at a new offset; the writer
-- finds its id here and skips it. Kept for a week, far beyond any resend.
CREATE TABLE IF NOT EXISTS kafka_frames
(
    frame_id String,
    topic    LowCardinality(String),
    seen_at  DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree
ORDER BY frame_id
TTL seen_at + toIntervalDay(7)
SETTINGS non_replicated_deduplication_window = 10000;
