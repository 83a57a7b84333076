/**
 * Request events one by one (Jelajah, `/v1/events`): the filters every view
 * of them shares, keyset pages newest first, the count of matching events,
 * one event in full with its raw record, and the SQL of an export. The zod
 * schemas here are what the API documents and the web UI reads (type-only).
 *
 * Pages are ordered (ts DESC, event_id DESC); a cursor names the last event
 * of a page (its ms time and id). The range is half-open [from, to) at
 * millisecond precision, so adjacent windows never share an event.
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { count, u64 } from '../../storage/columns.js'
import { RECENT_EVENT_DAYS } from '../../storage/recent-events.js'
import { badRequest } from '../http/problem.js'
import { type Range, RangeQuery } from './range.js'
import { filterSql, rollupSource } from './rollup.js'

export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const
export type StatusClass = (typeof STATUS_CLASSES)[number]

/** Every filter of an events view (the range and scope filters of RangeQuery, and these). */
export const EventFilters = RangeQuery.extend({
  status: z.coerce.number().int().min(100).max(599).optional().openapi({ description: 'HTTP status, e.g. 503' }),
  status_class: z.enum(STATUS_CLASSES).optional().openapi({ description: 'Status class' }),
  method: z
    .string()
    .regex(/^[A-Za-z_-]{1,16}$/, 'an HTTP method')
    .optional(),
  path_prefix: z.string().min(1).max(1024).optional().openapi({ description: 'Request path starts with this' }),
  client_address: z.string().min(1).max(64).optional(),
  min_latency_ms: z.coerce.number().min(0).max(3_600_000).optional().openapi({ description: 'Slow requests: total latency at least this (ms)' }),
  source_format: z
    .string()
    .regex(/^[a-z0-9_]{1,32}$/)
    .optional()
    .openapi({ description: 'kong, apisix, wso2, nginx, envoy, pasal13, otlp_logs, otlp_traces' }),
})
export type EventFilters = z.infer<typeof EventFilters>
/** Filters with the range resolved (and the caller's tenant scope applied). */
export type EventRange = EventFilters & Range

/** One event as a page lists it. */
export const EventRow = z
  .object({
    ts: z.string().describe('ISO 8601 UTC, millisecond precision'),
    event_id: z.string(),
    instansi: z.string(),
    gateway_id: z.string(),
    api_id: z.string(),
    api_name: z.string(),
    method: z.string(),
    path: z.string(),
    route: z.string(),
    status: z.number(),
    latency_ms: z.number(),
    backend_latency_ms: z.number().nullable(),
    consumer_id: z.string(),
    consumer_instansi: z.string(),
    client_address: z.string(),
    auth_outcome: z.string(),
    tls_version: z.string(),
    request_id: z.string(),
    source_format: z.string(),
  })
  .openapi('Event')
export type EventRow = z.infer<typeof EventRow>

/** One event in full: every normalized field, and its record as the gateway sent it (redacted) while kept. */
export const EventDetail = EventRow.extend({
  api_version: z.string(),
  gateway_latency_ms: z.number().nullable(),
  request_bytes: z.number(),
  response_bytes: z.number(),
  host: z.string(),
  scheme: z.string(),
  user_hash: z.string().describe('keyed hash of the user id (never the id)'),
  trace_id: z.string(),
  user_agent: z.string(),
  service: z.string(),
  level: z.string(),
  message: z.string(),
  upstream: z.string(),
  log_fields_mask: z.number().describe('Pasal 13 fields the record carried (bit mask)'),
  ingested_at: z.string(),
  raw_record: z.string().nullable().describe('The record as received, redacted (JSON text); null once past PANTAU_RAW_RECORD_DAYS'),
}).openapi('EventDetail')
export type EventDetail = z.infer<typeof EventDetail>

/** Above this many matching events the total is estimated (and says so). */
export const EXACT_COUNT_LIMIT = 1_000_000

/** The columns of EventRow in their order, from the raw columns of a subquery (so `ts` is not shadowed in WHERE). */
export const ROW_COLUMNS = Object.keys(EventRow.shape)
export const ISO = (column: string) => `concat(replaceOne(toString(${column}), ' ', 'T'), 'Z')`

const HOUR = 3600e3

/**
 * The table an events view reads (its rows, count and export): `recent_events`,
 * ordered by time (migration 0026), for a view of every instansi and API that
 * starts within its days; else `request_events`, ordered by instansi, API and
 * time, where one instansi's or API's events are one contiguous range. The
 * hour of margin keeps a view clear of the rows its TTL is removing.
 */
export function eventsTable(f: Pick<EventRange, 'fromMs' | 'instansi' | 'api'>, now = Date.now()): 'recent_events' | 'request_events' {
  const everyApi = f.instansi === undefined && f.api === undefined
  return everyApi && f.fromMs >= now - RECENT_EVENT_DAYS * 24 * HOUR + HOUR ? 'recent_events' : 'request_events'
}

/** `{name}` placeholders of the filters and the WHERE clause over request_events (or recent_events: the same columns). */
export function eventsWhere(f: EventRange, params: Record<string, unknown>): string {
  Object.assign(params, { f_from: f.fromMs, f_to: f.toMs })
  // Millisecond bounds as Int64: exact, no float rounding and no cut to whole seconds.
  let where = `ts >= fromUnixTimestamp64Milli({f_from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({f_to:Int64}, 'UTC')` + filterSql(f, params)
  where += rawFilters(f, params)
  if (f.status_class) {
    const k = Number(f.status_class[0]) * 100
    Object.assign(params, { f_lo: k, f_hi: k + 99 })
    where += ' AND status BETWEEN {f_lo:UInt16} AND {f_hi:UInt16}'
  }
  return where
}

/** The filters the rollups cannot answer (they need the events themselves). */
function rawFilters(f: EventFilters, params: Record<string, unknown>): string {
  let where = ''
  const add = (key: string, value: unknown, sql: string) => {
    params[key] = value
    where += ` AND ${sql}`
  }
  if (f.status !== undefined) add('f_status', f.status, 'status = {f_status:UInt16}')
  if (f.method) add('f_method', f.method.toUpperCase(), 'method = {f_method:String}')
  if (f.path_prefix) add('f_path', f.path_prefix, 'startsWith(path, {f_path:String})')
  if (f.client_address) add('f_client', f.client_address, 'client_address = {f_client:String}')
  if (f.min_latency_ms !== undefined) add('f_latency', f.min_latency_ms, 'latency_ms >= {f_latency:Float64}')
  if (f.source_format) add('f_format', f.source_format, 'source_format = {f_format:String}')
  return where
}

/** Do the rollups hold this question (instansi, gateway, API, consumer, status class only)? */
export function rollupAnswers(f: EventFilters): boolean {
  return rawFilters(f, {}) === ''
}

/** A cursor (`<ms>_<uuid>`) → its parts; a malformed one is a 400 naming `cursor`. */
function parseCursor(cursor: string): { c_ts: number; c_id: string } {
  const m = /^(\d{1,15})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(cursor)
  if (!m) throw badRequest('cursor', 'not a cursor from a previous page')
  return { c_ts: Number(m[1]), c_id: m[2]! }
}

/** A stored event as the page SELECT reads it: the time in epoch ms and the id as text, for the cursor. */
const StoredEvent = EventRow.omit({ ts: true, event_id: true }).extend({ ts_ms: u64, id: z.string() })

export interface EventsPage {
  rows: EventRow[]
  next_cursor?: string
}

/** One page, newest first, after `cursor` when given (from `table`: tests compare the two). */
export async function eventsPage(storage: Storage, f: EventRange, limit: number, cursor?: string, table = eventsTable(f)): Promise<EventsPage> {
  const params: Record<string, unknown> = { limit: limit + 1 }
  let where = eventsWhere(f, params)
  if (cursor) {
    Object.assign(params, parseCursor(cursor))
    // The raw UUID column, as in ORDER BY: the selected text is aliased `id`, not `event_id`.
    where += ` AND (ts, event_id) < (fromUnixTimestamp64Milli({c_ts:Int64}, 'UTC'), toUUID({c_id:String}))`
  }
  const rows = await storage.rows(
    StoredEvent,
    `SELECT toUnixTimestamp64Milli(ts) AS ts_ms, toString(event_id) AS id, instansi, gateway_id, api_id,
            api_name, method, path, route, status, latency_ms, backend_latency_ms, consumer_id, consumer_instansi,
            client_address, auth_outcome, tls_version, request_id, source_format
     FROM ${table} WHERE ${where} ORDER BY ts DESC, event_id DESC LIMIT {limit:UInt32}`,
    params,
  )
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    rows: page.map(({ ts_ms, id, ...r }) => ({ ts: new Date(Number(ts_ms)).toISOString(), event_id: id, ...r })),
    next_cursor: rows.length > limit && last ? `${last.ts_ms}_${last.id}` : undefined,
  }
}

const Count = z.object({ n: count })
const Sample = z.object({ m: count, n: count })

/**
 * How many events match: exact up to EXACT_COUNT_LIMIT (a scan that stops
 * there); above it, estimated — from the rollups when they hold every filter,
 * else the rollup count of the filters they hold times the share of a sample
 * of those events that passes the rest.
 */
export async function countEvents(storage: Storage, f: EventRange, table = eventsTable(f)): Promise<{ total: number; approximate: boolean }> {
  const params: Record<string, unknown> = { cap: EXACT_COUNT_LIMIT + 1 }
  const [exact] = await storage.rows(Count, `SELECT count() AS n FROM (SELECT 1 FROM ${table} WHERE ${eventsWhere(f, params)} LIMIT {cap:UInt64})`, params)
  if ((exact?.n ?? 0) <= EXACT_COUNT_LIMIT) return { total: exact?.n ?? 0, approximate: false }
  const coarse = await rollupCount(storage, f)
  if (rollupAnswers(f)) return { total: coarse, approximate: true }
  const coarseOnly: EventRange = { ...f, status: undefined, method: undefined, path_prefix: undefined, client_address: undefined }
  Object.assign(coarseOnly, { min_latency_ms: undefined, source_format: undefined })
  const sp: Record<string, unknown> = { sample: 2 * EXACT_COUNT_LIMIT }
  const coarseWhere = eventsWhere(coarseOnly, sp)
  const fine = rawFilters(f, sp).replace(/^ AND /, '')
  const [s] = await storage.rows(
    Sample,
    `SELECT countIf(${fine}) AS m, count() AS n FROM (SELECT * FROM ${table} WHERE ${coarseWhere} LIMIT {sample:UInt64})`,
    sp,
  )
  const share = s && s.n > 0 ? s.m / s.n : 0
  return { total: Math.max(EXACT_COUNT_LIMIT + 1, Math.round(coarse * share)), approximate: true }
}

/** Matching requests by the rollups (the range aligned as rollupSource aligns it). */
async function rollupCount(storage: Storage, f: EventRange): Promise<number> {
  const src = rollupSource(f)
  const column = f.status_class ? `status_${f.status_class}` : 'requests'
  const [r] = await storage.rows(Count, `SELECT sum(${column}) AS n FROM ${src.sql}`, src.params)
  return r?.n ?? 0
}

/** The stored columns of one event, read in a subquery and formatted outside it. */
const DETAIL_SELECT = `SELECT ${ISO('ts')} AS ts, toString(event_id) AS event_id, instansi, gateway_id, api_id, api_name, method, path, route,
    status, latency_ms, backend_latency_ms, consumer_id, consumer_instansi, client_address, auth_outcome, tls_version, request_id,
    source_format, api_version, gateway_latency_ms, request_bytes, response_bytes, host, scheme, user_hash, trace_id, user_agent,
    service, level, message, upstream, log_fields_mask, ${ISO('ingested_at')} AS ingested_at`

const StoredDetail = EventDetail.omit({ raw_record: true }).extend({ request_bytes: u64, response_bytes: u64 })
const RawText = z.object({ record: z.string() })

/**
 * One event by id with its raw record. `atMs` (the event's time, as a page
 * lists it) makes it a one-granule read; without it every event of the scope
 * is searched.
 */
export async function eventDetail(storage: Storage, id: string, scope: { instansi?: string; atMs?: number }): Promise<EventDetail | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw badRequest('id', 'not an event id')
  const params: Record<string, unknown> = { id }
  let where = 'event_id = toUUID({id:String})'
  if (scope.instansi) (params.instansi = scope.instansi), (where += ' AND instansi = {instansi:String}')
  if (scope.atMs !== undefined) (params.at = scope.atMs), (where += ` AND ts = fromUnixTimestamp64Milli({at:Int64}, 'UTC')`)
  const [event] = await storage.rows(StoredDetail, `${DETAIL_SELECT} FROM (SELECT * FROM request_events WHERE ${where} LIMIT 1)`, params)
  if (!event) return undefined
  const [raw] = await storage.rows(
    RawText,
    `SELECT record FROM raw_records
     WHERE instansi = {instansi:String} AND ts = parseDateTime64BestEffort({ts:String}, 3, 'UTC') AND event_id = toUUID({id:String}) LIMIT 1`,
    { instansi: event.instansi, ts: event.ts, id },
  )
  return { ...event, raw_record: raw?.record ?? null }
}
