/**
 * `/v1/events`: recent request events, newest first, keyset-paged on
 * (ts DESC, event_id DESC). The range is half-open [from, to) at millisecond
 * precision, so adjacent windows never share an event; a cursor names the last
 * event of a page (its ms timestamp and id) and the next page starts after it.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { ApiApp, ApiDeps } from '../deps.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { badRequest } from '../../shared/http/problem.js'
import { RangeQuery } from '../../shared/metrics/range.js'
import { filterSql } from '../../shared/metrics/rollup.js'
import { u64 } from '../../storage/columns.js'
import { errorResponses } from './common.js'
import { scopedRange } from './metrics.js'

const EventsQuery = RangeQuery.extend({
  status: z.coerce.number().int().min(100).max(599).optional(),
  status_class: z.enum(['2xx', '3xx', '4xx', '5xx']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(128).optional().describe('next_cursor of the previous page'),
})

export const EventRow = z
  .object({
    ts: z.string(),
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

/** A stored event as the SELECT reads it: the time in epoch ms and the id as text, for the cursor. */
const StoredEvent = EventRow.omit({ ts: true, event_id: true }).extend({ ts_ms: u64, id: z.string() })

export function registerEvents(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/events',
      tags: ['events'],
      summary: 'Recent request events (raw), newest first',
      security: [{ bearer: [] }],
      request: { query: EventsQuery },
      responses: { 200: { description: 'Events', content: { 'application/json': { schema: envelopeSchema(z.array(EventRow)) } } }, ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const range = scopedRange(c.var.principal, { ...q, from: q.from ?? 'now-1h' })
      const params: Record<string, unknown> = { from: range.fromMs, to: range.toMs, limit: q.limit + 1 }
      // Millisecond bounds as Int64: exact, no float rounding and no cut to whole seconds.
      let where = `ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')` + filterSql(range, params)
      if (q.status !== undefined) {
        params.status = q.status
        where += ' AND status = {status:UInt16}'
      }
      if (q.status_class) {
        params.klass = Number(q.status_class[0])
        where += ' AND intDiv(status, 100) = {klass:UInt8}'
      }
      if (q.cursor) {
        const m = /^(\d{1,15})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(q.cursor)
        if (!m) throw badRequest('cursor', 'not a cursor from a previous page')
        Object.assign(params, { c_ts: Number(m[1]), c_id: m[2] })
        // The raw UUID column, as in ORDER BY: the selected text is aliased `id`, not `event_id`
        // (ClickHouse aliases are visible in WHERE and would turn this into a String/UUID comparison).
        where += ` AND (ts, event_id) < (fromUnixTimestamp64Milli({c_ts:Int64}, 'UTC'), toUUID({c_id:String}))`
      }
      const rows = await deps.storage.rows(
        StoredEvent,
        `SELECT toUnixTimestamp64Milli(ts) AS ts_ms, toString(event_id) AS id, instansi, gateway_id, api_id,
                api_name, method, path, route, status, latency_ms, backend_latency_ms, consumer_id, consumer_instansi,
                client_address, auth_outcome, tls_version, request_id, source_format
         FROM request_events WHERE ${where} ORDER BY ts DESC, event_id DESC LIMIT {limit:UInt32}`,
        params,
      )
      const page = rows.slice(0, q.limit)
      const last = page.at(-1)
      const next = rows.length > q.limit && last ? `${last.ts_ms}_${last.id}` : undefined
      const data = page.map(({ ts_ms, id, ...r }) => ({ ts: new Date(Number(ts_ms)).toISOString(), event_id: id, ...r }))
      return c.json(envelope(data, { pagination: { page: 1, per_page: q.limit, next_cursor: next } }), 200)
    },
  )
}
