-- Dead letters say when a record was set aside: `rejected` records were named
-- in the answer to the gateway (the ingest path refused them before the 2xx),
-- `set_aside` records were acknowledged and then refused by storage (poison
-- isolation in the drain and the Kafka writer, collector/sinks/poison.ts), so
-- the gateway was not told and only this table, /v1/admin/dead-letters and
-- the per-instansi counters show them.
ALTER TABLE dead_letters ADD COLUMN IF NOT EXISTS stage LowCardinality(String) DEFAULT 'rejected' AFTER gateway_id;
