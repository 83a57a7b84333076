/** `/v1/metrics/availability|incidents|sla`: uptime, downtime incidents and SLA compliance (Pasal 12). */
import { createRoute, type z } from '@hono/zod-openapi'
import type { ApiApp, ApiDeps } from '../deps.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { Availability, Incidents, incidents, uptime } from '../../shared/metrics/availability.js'
import { SlaCompliance, slaCompliance } from '../../shared/metrics/sla.js'
import { resolveInterval } from '../../shared/metrics/interval.js'
import type { Range } from '../../shared/metrics/range.js'
import { errorResponses } from './common.js'
import { csvToo } from './csv.js'
import { scopedRange, SeriesQuery } from './metrics.js'

const meta = (range: Range) => ({ from: new Date(range.fromMs).toISOString(), to: new Date(range.toMs).toISOString() })

function route<S extends z.ZodType>(path: string, summary: string, name: string, schema: S) {
  return createRoute({
    method: 'get',
    path,
    tags: ['metrics'],
    summary,
    security: [{ bearer: [] }],
    request: { query: SeriesQuery },
    responses: {
      200: csvToo({ description: name, content: { 'application/json': { schema: envelopeSchema(schema) } } }),
      ...errorResponses,
    },
  })
}

export function registerAvailabilityMetrics(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    route(
      '/v1/metrics/availability',
      'Uptime from traffic (minutes with ≥ 50 % 5xx are down) and request success rate: series, totals and per API',
      'Availability',
      Availability,
    ),
    async (c) => {
      const q = c.req.valid('query')
      const range = scopedRange(c.var.principal, q)
      const data = await uptime(deps.storage, range, resolveInterval(range, q.interval))
      return c.json(envelope(data, { meta: meta(range) }), 200)
    },
  )

  app.openapi(
    route(
      '/v1/metrics/incidents',
      'Downtime incidents per API (start, end, duration) and outages grouping simultaneous incidents of one instansi',
      'Incidents',
      Incidents,
    ),
    async (c) => {
      const range = scopedRange(c.var.principal, c.req.valid('query'))
      return c.json(envelope(await incidents(deps.storage, range), { meta: meta(range) }), 200)
    },
  )

  app.openapi(
    route(
      '/v1/metrics/sla',
      'SLA compliance per registered API per calendar month (WIB): availability and p95 latency against the targets',
      'SLA compliance',
      SlaCompliance,
    ),
    async (c) => {
      const range = scopedRange(c.var.principal, c.req.valid('query'))
      return c.json(envelope(await slaCompliance(deps.storage, range), { meta: meta(range) }), 200)
    },
  )
}
