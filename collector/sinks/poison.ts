/**
 * Poison isolation for inserts: rows that ClickHouse refuses because of what
 * they hold must never hold back anyone else's rows. An insert that fails for
 * its data is bisected — each half inserted on its own, down to single rows —
 * so every row ClickHouse accepts is stored and every row it refuses alone is
 * set aside into `dead_letters` (stage `set_aside`), attributed to its
 * instansi and gateway, with the reason. An error about the connection or the
 * server's load is thrown instead: the caller retries the same range with the
 * same tokens, and bisection is deterministic, so a retry (or a replay after a
 * crash) re-sends exactly the pieces sent before and ClickHouse drops them.
 *
 * Used by the embedded drain (clickhouse.ts) and the Kafka writer.
 */
import { type Counter, metrics } from '@opentelemetry/api'
import type { Storage } from '../../storage/client.js'

/**
 * ClickHouse errors that say "not now" rather than "never these rows": the
 * server is busy, out of memory or disk, read-only, or the table is not there
 * yet. Everything else ClickHouse answers about an insert is about the data.
 */
const TRANSIENT = new Set([
  'TIMEOUT_EXCEEDED',
  'TOO_MANY_SIMULTANEOUS_QUERIES',
  'MEMORY_LIMIT_EXCEEDED',
  'CANNOT_ALLOCATE_MEMORY',
  'TOO_MANY_PARTS',
  'NETWORK_ERROR',
  'SOCKET_TIMEOUT',
  'ABORTED',
  'QUERY_WAS_CANCELLED',
  'READONLY',
  'TABLE_IS_READ_ONLY',
  'TABLE_IS_DROPPED',
  'NOT_ENOUGH_SPACE',
  'CANNOT_WRITE_TO_FILE_DESCRIPTOR',
  'CANNOT_FSYNC',
  'KEEPER_EXCEPTION',
  'ALL_CONNECTION_TRIES_FAILED',
  'ALL_REPLICAS_ARE_STALE',
  'UNKNOWN_TABLE',
  'UNKNOWN_DATABASE',
  'SERVER_OVERLOADED',
  'TOO_MANY_QUERIES',
  'DISTRIBUTED_TOO_MANY_PENDING_BYTES',
])

/** Is this insert error about the rows (bisect them) rather than the moment (retry)? */
export function isDataError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false
  const type = (e as { type?: unknown }).type
  // errors without a ClickHouse type are the transport's (ECONNRESET, a timeout, a closed engine)
  if (typeof type !== 'string' || type === '') return false
  // "Too many partitions for single INSERT block" is about the rows; "Too many parts" about merges falling behind
  if (type === 'TOO_MANY_PARTS') return /single INSERT block/i.test(String((e as Error).message))
  return !TRANSIENT.has(type)
}

/** A row ClickHouse refused on its own, and why. */
export interface RefusedRow {
  row: Buffer
  reason: string
  /** The offending column when known (a row check, not the engine, refused it). */
  field?: string
}

type Insert = (body: Buffer, token: string) => Promise<void>

/**
 * Insert newline-terminated rows; on a data error bisect and return the rows
 * refused on their own (none when the insert succeeded whole).
 */
export async function insertIsolating(insert: Insert, body: Buffer, token: string): Promise<RefusedRow[]> {
  try {
    await insert(body, token)
    return []
  } catch (e) {
    if (!isDataError(e)) throw e
    const lines = splitLines(body)
    const refused: RefusedRow[] = []
    if (lines.length === 1) refused.push({ row: lines[0]!, reason: cleanReason(e) })
    else await bisect(insert, lines, 0, lines.length, token, refused)
    return refused
  }
}

async function bisect(insert: Insert, lines: Buffer[], lo: number, hi: number, token: string, refused: RefusedRow[]): Promise<void> {
  const mid = (lo + hi) >>> 1
  for (const [a, b] of [
    [lo, mid],
    [mid, hi],
  ] as const) {
    if (a === b) continue
    try {
      await insert(Buffer.concat(lines.slice(a, b)), `${token}:r${a}-${b}`)
    } catch (e) {
      if (!isDataError(e)) throw e
      if (b - a === 1) refused.push({ row: lines[a]!, reason: cleanReason(e) })
      else await bisect(insert, lines, a, b, token, refused)
    }
  }
}

function splitLines(body: Buffer): Buffer[] {
  const out: Buffer[] = []
  let start = 0
  for (let nl = body.indexOf(10, start); nl >= 0; nl = body.indexOf(10, start)) {
    if (nl > start) out.push(body.subarray(start, nl + 1))
    start = nl + 1
  }
  if (start < body.length) out.push(Buffer.concat([body.subarray(start), Buffer.from('\n')]))
  return out
}

/** The engine's reason without its stack of context lines (no SQL, at most 500 characters). */
function cleanReason(e: unknown): string {
  const type = (e as { type?: string }).type
  const message = String((e as Error).message ?? e)
    .split('\n')[0]!
    .trim()
    .slice(0, 500)
  return type ? `ClickHouse refused the row (${type}): ${message}` : `ClickHouse refused the row: ${message}`
}

/** Created at first use, so it binds to the meter provider the process installed by then. */
let setAsideCounter: Counter | undefined
const counter = () =>
  (setAsideCounter ??= metrics
    .getMeter('pantau.collector')
    .createCounter('pantau.ingest.set_aside', { description: 'Acknowledged records set aside to dead_letters because storage refused them' }))

/**
 * Record refused rows in `dead_letters` as set aside after their
 * acknowledgement, attributed by the row's own `instansi` and `gateway_id`
 * columns; `token` makes a replay of the same range write them once.
 */
export async function setAside(
  storage: Storage,
  refused: readonly RefusedRow[],
  how: { columns: readonly string[]; stream: string; source: string; fallbackGateway: string; token: string },
): Promise<void> {
  if (refused.length === 0) return
  const at = { instansi: how.columns.indexOf('instansi'), gateway: how.columns.indexOf('gateway_id') }
  const now = Date.now()
  const letters = refused.map(({ row, reason, field = '' }) => {
    const text = row.toString('utf8').trimEnd()
    let values: unknown[] = []
    try {
      const parsed = JSON.parse(text) as unknown
      if (Array.isArray(parsed)) values = parsed
    } catch {
      /* attributed to the gateway of the frame only */
    }
    const instansi = typeof values[at.instansi] === 'string' ? (values[at.instansi] as string) : ''
    const gateway = typeof values[at.gateway] === 'string' ? (values[at.gateway] as string) : how.fallbackGateway
    counter().add(1, { instansi, stream: how.stream })
    return { ts: now, instansi, gateway_id: gateway, source: how.source, reason, field, payload: text.slice(0, 64 * 1024), stage: 'set_aside' }
  })
  await storage.insertRows('dead_letters', letters, `${how.token}:aside`)
}
