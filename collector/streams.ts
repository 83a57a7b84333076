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

/**
 * One row as a JSON array in `columns` order, by a function compiled once per
 * column list: reading fixed property names keeps the row objects' loads
 * monomorphic, which made the generic loop over `columns` twice as slow (issue 14
 * ingest profile). Column names are identifiers (the storage layer checks them).
 */
const serializers = new WeakMap<readonly string[], (row: object) => string>()
function serializer(columns: readonly string[]): (row: object) => string {
  let fn = serializers.get(columns)
  if (!fn) {
    const values = columns.map((c) => `r[${JSON.stringify(c)}]`).join(', ')
    fn = new Function('r', `return JSON.stringify([${values}])`) as (row: object) => string
    serializers.set(columns, fn)
  }
  return fn
}

/**
 * Rows appended a few at a time (a request is transformed in slices, issue 14)
 * into JSONCompactEachRow chunks of at most ~`maxBytes` each, so a large
 * request holds its rows as text, not as objects.
 */
export class RowChunks {
  readonly chunks: Buffer[] = []
  private out = ''
  private readonly row: (row: object) => string
  rows = 0

  constructor(
    columns: readonly string[],
    private readonly maxBytes: number,
  ) {
    this.row = serializer(columns)
  }

  add(rows: readonly object[]): void {
    for (let i = 0; i < rows.length; i++) {
      this.out += `${this.row(rows[i]!)}\n`
      if (this.out.length >= this.maxBytes) this.cut()
    }
    this.rows += rows.length
  }

  private cut(): void {
    this.chunks.push(Buffer.from(this.out))
    this.out = ''
  }

  /** The chunks, the last one cut off (at least one, possibly empty). */
  finish(): Buffer[] {
    if (this.out.length > 0 || this.chunks.length === 0) this.cut()
    return this.chunks
  }
}

/** The same text cut into chunks of at most ~`maxBytes` (whole rows), e.g. one spool frame each. */
export function compactChunks(columns: readonly string[], rows: readonly object[], maxBytes: number): Buffer[] {
  const chunks = new RowChunks(columns, maxBytes)
  chunks.add(rows)
  return chunks.finish()
}
