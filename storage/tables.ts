/** Table names shared by writers and readers. */
import type { Stream } from '../collector/sinks/spool-format.js'

export const TABLES = {
  events: 'request_events',
  rollup1m: 'request_rollup_1m',
  rollup1h: 'request_rollup_1h',
  metrics: 'otel_metrics',
  deadLetters: 'dead_letters',
  audit: 'audit_log',
} as const

/** The table each spool / Kafka stream is bound for. */
export const TABLE_OF_STREAM: Record<Stream, string> = {
  events: TABLES.events,
  metrics: TABLES.metrics,
  dlq: TABLES.deadLetters,
}
