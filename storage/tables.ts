/** Table names shared by writers and readers. */

export const TABLES = {
  events: 'request_events',
  rollup1m: 'request_rollup_1m',
  rollup1h: 'request_rollup_1h',
  metrics: 'otel_metrics',
  deadLetters: 'dead_letters',
  audit: 'audit_log',
} as const
