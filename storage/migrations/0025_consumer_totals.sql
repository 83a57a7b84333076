-- Per-consumer totals by hour, over every instansi, API and gateway: an
-- aggregate projection of the consumer rollup (issue 14). The security page
-- ranks consumers by auth failures and rate limiting over the range; it read
-- every consumer row of the month (1.1M at 100M events: one per API,
-- gateway, consumer and hour) for ~200 consumers' sums, 45 ms median; from
-- these rows (one per consumer and hour) 20 ms. The engine reads them for a
-- query that groups by consumer and sums these counts with no instansi or
-- API filter; any other question reads the table.
-- Rebuilt on merges and written atomically with each part (see 0022).

ALTER TABLE consumer_rollup_1h MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';

ALTER TABLE consumer_rollup_1h ADD PROJECTION IF NOT EXISTS consumer_totals
(SELECT bucket, consumer_id, consumer_instansi, sum(requests), sum(auth_failures), sum(rate_limited)
 GROUP BY bucket, consumer_id, consumer_instansi);

ALTER TABLE consumer_rollup_1h MATERIALIZE PROJECTION consumer_totals SETTINGS mutations_sync = 2;
