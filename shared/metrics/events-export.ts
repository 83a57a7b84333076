/**
 * The export of an events view (CSV or NDJSON): every matching event, newest
 * first, up to a limit, as chunks of text straight from the engine. Memory
 * stays flat whatever the row count: a plan (matching events per minute)
 * cuts the window into slices of at most SLICE_ROWS events, and each slice
 * is one sorted query streamed in small blocks — one big ORDER BY … LIMIT
 * 1,000,000 would hold every row in the engine's memory to sort them.
 * CSV gets its header line once, here (the engine's CSVWithNames repeats it
 * in every streamed chunk), a WIB time column, and for id-ID spreadsheets
 * (`semicolon`) the `;` separator and decimal commas.
 */
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { count, u64 } from '../../storage/columns.js'
import type { ExportFormat } from '../http/csv.js'
import { type EventRange, EventRow, eventsTable, eventsWhere, ISO, ROW_COLUMNS } from './events.js'

/** Most rows one export streams (newest first); a narrower window exports the rest. */
export const EXPORT_LIMIT = 1_000_000
/** Events sorted in one query of an export, at most (a minute with more is one slice of its own). */
export const SLICE_ROWS = 100_000

export type { ExportFormat }

export interface ExportOptions {
  /** CSV: `;` between fields and decimal commas (spreadsheets in id-ID). */
  semicolon?: boolean
  signal?: AbortSignal
}

/** Column names of an export, in order (CSV adds the WIB time after `ts`). */
export function exportColumns(format: ExportFormat): string[] {
  return format === 'csv' ? ['ts', 'ts_wib', ...ROW_COLUMNS.slice(1)] : [...ROW_COLUMNS]
}

/** The text columns of an event row (the ones a CSV cell could smuggle a formula in). */
const TEXT_COLUMNS = new Set(Object.entries(EventRow.shape).flatMap(([k, t]) => (t instanceof z.ZodString && k !== 'ts' && k !== 'event_id' ? [k] : [])))

export interface Slice {
  fromMs: number
  toMs: number
  /** Rows to take from it (its newest). */
  rows: number
}

const Minute = z.object({ m: u64, n: count })

/** The slices of an export, newest first, adding up to at most `limit` events. */
export async function planExport(storage: Storage, f: EventRange, limit: number, sliceRows = SLICE_ROWS): Promise<Slice[]> {
  const params: Record<string, unknown> = {}
  const minutes = await storage.rows(
    Minute,
    `SELECT toUnixTimestamp(toStartOfMinute(ts)) AS m, count() AS n FROM ${eventsTable(f)} WHERE ${eventsWhere(f, params)} GROUP BY m ORDER BY m DESC`,
    params,
  )
  const slices: Slice[] = []
  let left = limit
  let open: Slice | undefined
  for (const { m, n } of minutes) {
    if (left <= 0) break
    const start = Math.max(f.fromMs, m * 1000)
    const take = Math.min(n, left)
    left -= take
    if (open && open.rows + take <= sliceRows) {
      open.fromMs = start
      open.rows += take
    } else {
      open = { fromMs: start, toMs: Math.min(f.toMs, m * 1000 + 60e3), rows: take }
      slices.push(open)
    }
  }
  return slices
}

/** One slice's SELECT: the export columns of its newest `rows` events, newest first. */
export function sliceSql(f: EventRange, slice: Slice, format: ExportFormat, opts: ExportOptions = {}): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { limit: slice.rows }
  const where = eventsWhere({ ...f, fromMs: slice.fromMs, toMs: slice.toMs }, params)
  const num = (c: string) => (opts.semicolon ? `replaceOne(toString(${c}), '.', ',') AS ${c}` : c)
  // `at` is the stored time: the output names its ISO text `ts`
  const expr: Record<string, string> = {
    ts: `${ISO('at')} AS ts`,
    ts_wib: `formatDateTime(at, '%Y-%m-%d %H:%i:%S', 'Asia/Jakarta') AS ts_wib`,
    event_id: 'toString(event_id) AS event_id',
  }
  // CSV: text a spreadsheet would run as a formula gets a leading apostrophe, as every other CSV
  // (shared/http/csv.ts defuse); request ids, paths and consumer ids come from outside callers
  const text = (c: string) => (format === 'csv' ? `if(match(${c}, '^[=+@\\t\\r-]'), concat('''', ${c}), ${c}) AS ${c}` : c)
  const columns = exportColumns(format).map((c) => expr[c] ?? (c.endsWith('latency_ms') ? num(c) : TEXT_COLUMNS.has(c) ? text(c) : c))
  const settings = ['max_block_size = 4096', ...(opts.semicolon ? [`format_csv_delimiter = ';'`] : [])]
  const sql = `SELECT ${columns.join(', ')}
    FROM (SELECT *, ts AS at FROM ${eventsTable(f)} WHERE ${where} ORDER BY ts DESC, event_id DESC LIMIT {limit:UInt64})
    SETTINGS ${settings.join(', ')}`
  return { sql, params }
}

/** The CSV header line: the column names quoted as the engine quotes text. */
export function csvHeader(format: ExportFormat, semicolon = false): string {
  return `${exportColumns(format)
    .map((c) => `"${c}"`)
    .join(semicolon ? ';' : ',')}\n`
}

const ENGINE_FORMAT: Record<ExportFormat, string> = { csv: 'CSV', ndjson: 'JSONEachRow' }

/**
 * The whole export as chunks of text, slice after slice; leaving the loop
 * cancels it. The CSV header travels with the engine's first chunk, so the
 * first chunk already says whether the engine took the query.
 */
export async function* exportChunks(
  storage: Storage,
  slices: readonly Slice[],
  f: EventRange,
  format: ExportFormat,
  opts: ExportOptions = {},
): AsyncGenerator<Uint8Array> {
  let head: Uint8Array | undefined = format === 'csv' ? new TextEncoder().encode(csvHeader(format, opts.semicolon)) : undefined
  for (const slice of slices) {
    const { sql, params } = sliceSql(f, slice, format, opts)
    for await (const chunk of storage.stream(sql, params, ENGINE_FORMAT[format], opts.signal)) {
      if (head) {
        const both = new Uint8Array(head.length + chunk.length)
        both.set(head)
        both.set(chunk, head.length)
        head = undefined
        yield both
      } else yield chunk
    }
  }
  if (head) yield head
}
