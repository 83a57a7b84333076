/**
 * CSV for spreadsheets in Indonesia, shared by every table the API serves
 * (the generic table export of api/routes/csv.ts, the registry lists, the
 * events export): UTF-8 with a byte-order mark (Excel then reads the text
 * right), `?sep=semicolon` for the `;` separator and decimal commas of id-ID,
 * RFC 4180 quoting, and a guard against formula injection (a text cell
 * starting with = + - @ is prefixed with '). The columns of a table come from
 * its zod row schema, in declaration order, so a file's columns never depend
 * on which rows happen to be in it. Bodies stream, pulled as fast as the
 * client reads.
 */
import type { z } from 'zod'

export const BOM = new Uint8Array([0xef, 0xbb, 0xbf])
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8'
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson'

export type ExportFormat = 'csv' | 'ndjson'

/** An export format asked for by `?format=` or, failing that, the Accept header; undefined: JSON. */
export function exportFormat(format: string | undefined, accept: string | undefined): ExportFormat | undefined {
  if (format === 'csv' || format === 'ndjson') return format
  if (format === 'json') return undefined
  const wanted = (accept ?? '').toLowerCase()
  if (wanted.includes('text/csv')) return 'csv'
  if (wanted.includes('application/x-ndjson') || wanted.includes('application/jsonl')) return 'ndjson'
  return undefined
}

export interface CsvOptions {
  /** `;` between fields and decimal commas (spreadsheets in id-ID). */
  semicolon?: boolean
}

const FORMULA = /^[=+\-@\t\r]/

/** A text cell a spreadsheet would run as a formula, defused with a leading apostrophe. */
export function defuse(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text
}

const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof v)

/**
 * One cell: numbers as numbers (decimal comma with `semicolon`), booleans as
 * true/false, null as empty, arrays of scalars joined with ", ", other nested
 * values as JSON; quoted when it holds the separator, a quote or a line break.
 */
export function csvCell(v: unknown, opts: CsvOptions = {}): string {
  const sep = opts.semicolon ? ';' : ','
  let text: string
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') text = Number.isFinite(v) ? (opts.semicolon ? String(v).replace('.', ',') : String(v)) : ''
  else if (typeof v === 'boolean' || typeof v === 'bigint') text = String(v)
  else if (typeof v === 'string') text = defuse(v)
  else if (Array.isArray(v) && v.every(scalar)) text = defuse(v.map((x) => (x === null ? '' : String(x))).join(', '))
  else text = defuse(JSON.stringify(v))
  return text.includes(sep) || /["\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One line (with its newline). */
export function csvLine(values: readonly unknown[], opts: CsvOptions = {}): string {
  return `${values.map((v) => csvCell(v, opts)).join(opts.semicolon ? ';' : ',')}\n`
}

type Def = {
  type?: string
  innerType?: z.ZodType
  in?: z.ZodType
  out?: z.ZodType
  element?: z.ZodType
  shape?: Record<string, z.ZodType>
  getter?: () => z.ZodType
}
const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } } | undefined)?._zod?.def

/** The schema under optional/nullable/default/pipe/lazy wrappers. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let cur = schema
  for (let i = 0; i < 32; i++) {
    const def = defOf(cur)
    if (!def) return cur
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type ?? '') && def.innerType) cur = def.innerType
    else if (def.type === 'pipe' && def.in && def.out) cur = defOf(def.out)?.type === 'transform' ? def.in : def.out
    else if (def.type === 'lazy' && def.getter) cur = def.getter()
    else return cur
  }
  return cur
}

/** The column names of a row schema (an object schema), in declaration order; undefined for anything else. */
export function columnsOf(rowSchema: z.ZodType): string[] | undefined {
  const def = defOf(unwrapSchema(rowSchema))
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined
}

/** Columns of an array-of-objects schema; undefined when it is not one. */
function tableColumns(schema: z.ZodType): string[] | undefined {
  const def = defOf(unwrapSchema(schema))
  return def?.type === 'array' && def.element ? columnsOf(def.element) : undefined
}

export interface CsvTable {
  /** The property of `data` holding the rows; '' when `data` itself is the array. */
  name: string
  columns: string[]
}

/**
 * The tables of an envelope's `data` schema: the data itself when it is an
 * array of objects, else each property of the data object that is one (in
 * declaration order; the first is the default). Empty: no table.
 */
export function tablesOf(dataSchema: z.ZodType): CsvTable[] {
  const own = tableColumns(dataSchema)
  if (own) return [{ name: '', columns: own }]
  const def = defOf(unwrapSchema(dataSchema))
  if (def?.type !== 'object' || !def.shape) return []
  return Object.entries(def.shape).flatMap(([name, s]) => {
    const columns = tableColumns(s)
    return columns ? [{ name, columns }] : []
  })
}

const ROWS_PER_CHUNK = 500

/**
 * A table as CSV chunks: the BOM and the header first, then the rows a few
 * hundred at a time, from an array or from pages fetched on demand.
 */
export async function* csvChunks(
  columns: readonly string[],
  rows: Iterable<Record<string, unknown>> | AsyncIterable<readonly Record<string, unknown>[]>,
  opts: CsvOptions = {},
): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder()
  yield BOM
  yield enc.encode(csvLine(columns, opts))
  const encode = (page: readonly Record<string, unknown>[]) => {
    let text = ''
    for (const r of page)
      text += csvLine(
        columns.map((c) => r[c]),
        opts,
      )
    return enc.encode(text)
  }
  if (Symbol.asyncIterator in rows) {
    for await (const page of rows) if (page.length) yield encode(page)
    return
  }
  let page: Record<string, unknown>[] = []
  for (const r of rows) {
    page.push(r)
    if (page.length === ROWS_PER_CHUNK) yield encode(page), (page = [])
  }
  if (page.length) yield encode(page)
}

export interface StreamOptions {
  /** Chunks enqueued before pulling (a BOM, a chunk already read to learn the query was accepted). */
  head?: readonly Uint8Array[]
  /** The status line is gone when a later chunk fails: the client sees a cut file, this hook logs why. */
  onError?: (error: unknown) => void
  /** The client went away. */
  onCancel?: () => void
}

/** A byte stream pulled from `chunks` only as fast as the client reads. */
export function pullStream(chunks: AsyncIterator<Uint8Array>, opts: StreamOptions = {}): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        for (const c of opts.head ?? []) controller.enqueue(c)
      },
      async pull(controller) {
        try {
          const next = await chunks.next()
          if (next.done) controller.close()
          else controller.enqueue(next.value)
        } catch (error) {
          opts.onError?.(error)
          controller.error(error)
        }
      },
      async cancel() {
        opts.onCancel?.()
        await chunks.return?.(undefined)
      },
    },
    { highWaterMark: 0 },
  )
}

/** `YYYYMMDD-HHmm` in WIB, for file names. */
export const wibStamp = (ms: number) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')

/** The headers of a downloaded file. */
export function attachmentHeaders(contentType: string, filename: string): Record<string, string> {
  return { 'content-type': contentType, 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'private, no-store' }
}

/** A CSV download of a table (BOM, header, rows) streamed from `rows`. */
export function csvResponse(
  columns: readonly string[],
  rows: Iterable<Record<string, unknown>> | AsyncIterable<readonly Record<string, unknown>[]>,
  filename: string,
  opts: CsvOptions & Pick<StreamOptions, 'onError'> = {},
): Response {
  return new Response(pullStream(csvChunks(columns, rows, opts), { onError: opts.onError }), {
    status: 200,
    headers: attachmentHeaders(CSV_CONTENT_TYPE, filename),
  })
}

/** The type name of a zod schema under its wrappers ('string', 'number', 'boolean', 'array', …). */
export function schemaType(schema: z.ZodType): string | undefined {
  return defOf(unwrapSchema(schema))?.type
}

/**
 * Records of a CSV text (RFC 4180; a BOM is skipped), keyed by the header
 * line's names. The separator is `;` when the header has a `;` and no `,`
 * (id-ID spreadsheets), else `,`; `semicolon` says which it was.
 */
export function parseCsv(text: string): { records: Record<string, string>[]; semicolon: boolean; lines: number[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const firstLine = body.slice(0, body.search(/\r?\n|$/))
  const semicolon = firstLine.includes(';') && !firstLine.includes(',')
  const sep = semicolon ? ';' : ','
  const rows: string[][] = []
  /** The line each row starts on (1-based), for error messages. */
  const starts: number[] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') quoted = false
      else {
        if (ch === '\n') line++
        cell += ch
      }
    } else if (ch === '"' && cell === '') quoted = true
    else if (ch === sep) row.push(cell), (cell = '')
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++
      row.push(cell)
      if (row.length > 1 || row[0] !== '') rows.push(row), starts.push(rowLine)
      row = []
      cell = ''
      rowLine = ++line
    } else cell += ch
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row), starts.push(rowLine)
  const [header = [], ...data] = rows
  const names = header.map((h) => h.trim())
  return {
    semicolon,
    records: data.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? '']))),
    lines: starts.slice(1),
  }
}
