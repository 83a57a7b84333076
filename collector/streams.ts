/**
 * The streams that leave the collector — request events, OTLP metric points,
 * dead letters and the redacted raw records of events — each bound for one
 * table (and one Kafka topic, `pantau.<stream>.v1`). Rows
 * travel as JSONCompactEachRow lines in the column order of their zod schema,
 * the single source of both the row shape and the column list.
 */
import { DeadLetter, OtelMetricRow, RawRecordRow, RequestEvent } from './event.js'
import type { Stream } from './sinks/spool-format.js'

export interface StreamSpec {
  table: string
  columns: readonly string[]
}

export const STREAM_SPECS: Record<Stream, StreamSpec> = {
  events: { table: 'request_events', columns: Object.keys(RequestEvent.shape) },
  metrics: { table: 'otel_metrics', columns: Object.keys(OtelMetricRow.shape) },
  dlq: { table: 'dead_letters', columns: Object.keys(DeadLetter.shape) },
  raw: { table: 'raw_records', columns: Object.keys(RawRecordRow.shape) },
}

/** Rows as JSONCompactEachRow text: one JSON array per line, in `columns` order. */
export function compactRows(columns: readonly string[], rows: readonly object[]): Buffer {
  return Buffer.concat(compactChunks(columns, rows, Infinity))
}

/** The same text cut into chunks of at most ~`maxBytes` (whole rows), e.g. one spool frame each. */
export function compactChunks(columns: readonly string[], rows: readonly object[], maxBytes: number): Buffer[] {
  const n = columns.length
  const values = new Array(n)
  const chunks: Buffer[] = []
  let out = ''
  for (const row of rows) {
    const r = row as Record<string, unknown>
    for (let i = 0; i < n; i++) values[i] = r[columns[i]]
    out += JSON.stringify(values) + '\n'
    if (out.length >= maxBytes) {
      chunks.push(Buffer.from(out))
      out = ''
    }
  }
  if (out.length > 0 || chunks.length === 0) chunks.push(Buffer.from(out))
  return chunks
}
