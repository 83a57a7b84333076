/**
 * `/v1/events`: request events one by one (the Jelajah explorer), newest
 * first, keyset-paged on (ts DESC, event_id DESC), with every filter of
 * shared/metrics/events.ts; the first page counts the matching events.
 * `Accept: text/csv` or `application/x-ndjson` (or `?format=csv|ndjson`)
 * streams them instead (events-export.ts). `/v1/events/histogram` counts
 * them over time by status class, `/v1/events/{id}` shows one in full with
 * the record as the gateway sent it. Operators see their own instansi only.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { ApiApp, ApiDeps } from '../deps.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { badRequest, notFound } from '../../shared/http/problem.js'
import { parseInstant } from '../../shared/metrics/range.js'
import { countEvents, EventDetail, EventFilters, EventRow, eventDetail, eventsPage } from '../../shared/metrics/events.js'
import { EXPORT_LIMIT } from '../../shared/metrics/events-export.js'
import { eventsHistogram, HistogramPoint } from '../../shared/metrics/events-histogram.js'
import { scopeInstansi } from '../auth/middleware.js'
import { errorResponses } from './common.js'
import { csvToo } from './csv.js'
import { exportFormat, streamExport } from './events-export.js'
import { scopedRange } from './metrics.js'

/** Events per JSON page; an export streams up to EXPORT_LIMIT. */
const PAGE_LIMIT = 1000
/** Without `from`: the hour before `to`. */
const HOUR = 3600e3

const EventsQuery = EventFilters.extend({
  limit: z.coerce.number().int().min(1).max(EXPORT_LIMIT).default(100).describe(`page size, at most ${PAGE_LIMIT}; exports: rows, up to ${EXPORT_LIMIT}`),
  cursor: z.string().max(128).optional().describe('next_cursor of the previous page'),
  format: z.enum(['json', 'csv', 'ndjson']).optional().describe('instead of the Accept header'),
  sep: z.enum(['comma', 'semicolon']).default('comma').describe('CSV: semicolon separates with `;` and writes decimal commas (id-ID spreadsheets)'),
})

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

export function registerEvents(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/events',
      tags: ['events'],
      summary: 'Request events, newest first (keyset pages; CSV or NDJSON export)',
      description:
        `JSON: a page of at most \`limit\` events and \`pagination.next_cursor\`; the first page (no cursor) also has \`pagination.total\`, ` +
        `exact up to 1,000,000 and estimated above (\`pagination.total_approximate\`). ` +
        `\`Accept: text/csv\` (UTF-8 with BOM, \`?sep=semicolon\` for id-ID spreadsheets) or \`application/x-ndjson\`, or \`?format=csv|ndjson\`: ` +
        `every matching event, newest first, streamed, at most ${EXPORT_LIMIT.toLocaleString('en-US')} rows (\`?limit=\`, default all up to that).`,
      security: [{ bearer: [] }],
      request: { query: EventsQuery },
      responses: {
        200: {
          description: 'Events',
          content: {
            'application/json': { schema: envelopeSchema(z.array(EventRow)) },
            'text/csv': { schema: z.string() },
            'application/x-ndjson': { schema: z.string() },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const f = { ...scopedRange(c.var.principal, q, HOUR), ...filtersOf(q) }
      const format = exportFormat(q.format, c.req.header('accept'))
      if (format) {
        const limit = c.req.query('limit') === undefined ? EXPORT_LIMIT : Math.min(q.limit, EXPORT_LIMIT)
        return streamExport(c, deps, f, format, limit, q.sep === 'semicolon')
      }
      if (q.limit > PAGE_LIMIT) throw badRequest('limit', `at most ${PAGE_LIMIT} events per page (an export, format=csv|ndjson, takes up to ${EXPORT_LIMIT})`)
      const [page, counted] = await Promise.all([eventsPage(deps.storage, f, q.limit, q.cursor), q.cursor ? undefined : countEvents(deps.storage, f)])
      const pagination = {
        page: 1,
        per_page: q.limit,
        next_cursor: page.next_cursor,
        ...(counted ? { total: counted.total, total_approximate: counted.approximate } : {}),
      }
      return c.json(envelope(page.rows, { pagination, meta: { from: new Date(f.fromMs).toISOString(), to: new Date(f.toMs).toISOString() } }), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/events/histogram',
      tags: ['events'],
      summary: 'Matching requests over time by status class (the same filters as /v1/events)',
      description:
        'Buckets of 1m … 1d chosen from the window (at most 200, aligned in WIB); `meta` names the bucket size and whether rollups or raw events answered.',
      security: [{ bearer: [] }],
      request: { query: EventFilters },
      responses: { 200: csvToo(json(envelopeSchema(z.array(HistogramPoint)), 'Buckets')), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const f = { ...scopedRange(c.var.principal, q, HOUR), ...filtersOf(q) }
      const h = await eventsHistogram(deps.storage, f)
      const meta = {
        interval: h.interval,
        interval_ms: h.interval_ms,
        source: h.source,
        from: new Date(f.fromMs).toISOString(),
        to: new Date(f.toMs).toISOString(),
      }
      return c.json(envelope(h.points, { meta }), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/events/{id}',
      tags: ['events'],
      summary: 'One event: every normalized field and the record as the gateway sent it (redacted), while kept',
      security: [{ bearer: [] }],
      request: {
        params: z.object({ id: z.string().max(64) }),
        query: z.object({
          ts: z.string().max(40).optional().describe('the event time as listed (ISO 8601 or epoch ms): a direct read instead of a search'),
          instansi: z.string().min(1).max(64).optional(),
        }),
      },
      responses: { 200: json(envelopeSchema(EventDetail), 'Event'), 404: json(z.unknown(), 'No such event (in your scope)'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const q = c.req.valid('query')
      const atMs = q.ts === undefined ? undefined : parseInstant(q.ts)
      const instansi = scopeInstansi(c.var.principal, q.instansi)
      const event = await eventDetail(deps.storage, id, { instansi, atMs })
      if (!event) throw notFound(`no event '${id}' in your scope`, 'id')
      return c.json(envelope(event), 200)
    },
  )
}

/** The filters beyond the range and scope (those scopedRange resolves). */
function filtersOf(q: EventFilters): Partial<EventFilters> {
  const { status, status_class, method, path_prefix, client_address, min_latency_ms, source_format } = q
  return { status, status_class, method, path_prefix, client_address, min_latency_ms, source_format }
}
