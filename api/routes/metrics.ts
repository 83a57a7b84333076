/** `/v1/metrics/*`: computed in ClickHouse from the rollups. */
import { createRoute } from '@hono/zod-openapi'
import type { ApiApp, ApiDeps } from '../deps.js'
import { scopeInstansi } from '../auth/middleware.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { Compliance, compliance } from '../../shared/metrics/compliance.js'
import { Interval, resolveInterval } from '../../shared/metrics/interval.js'
import { Overview, overview } from '../../shared/metrics/overview.js'
import { Performance, performance } from '../../shared/metrics/performance.js'
import { RangeQuery, resolveRange, type Range } from '../../shared/metrics/range.js'
import type { Principal } from '../../shared/access/principal.js'
import { errorResponses } from './common.js'
import { csvToo } from './csv.js'

/** Range with the caller's tenant scope applied (who may call at all is the route policy's). */
export function scopedRange(principal: Principal, q: RangeQuery, defaultSpanMs?: number): Range {
  const range = resolveRange(q, Date.now(), defaultSpanMs)
  return { ...range, instansi: scopeInstansi(principal, range.instansi) }
}

export function registerMetrics(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/metrics/overview',
      tags: ['metrics'],
      summary: 'Requests, error rate and latency percentiles over a range',
      security: [{ bearer: [] }],
      request: { query: RangeQuery },
      responses: {
        200: { description: 'Overview', content: { 'application/json': { schema: envelopeSchema(Overview) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const range = scopedRange(c.var.principal, c.req.valid('query'))
      const data = await overview(deps.storage, range)
      return c.json(envelope(data, { meta: { from: new Date(range.fromMs).toISOString(), to: new Date(range.toMs).toISOString() } }), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/metrics/performance',
      tags: ['metrics'],
      summary: 'Request rate, latency percentiles (total, backend, gateway) and errors by class and code',
      security: [{ bearer: [] }],
      request: { query: SeriesQuery },
      responses: {
        200: csvToo({ description: 'Performance', content: { 'application/json': { schema: envelopeSchema(Performance) } } }),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const range = scopedRange(c.var.principal, q)
      return c.json(envelope(await performance(deps.storage, range, resolveInterval(range, q.interval))), 200)
    },
  )
  registerCompliance(app, deps)
}

export function registerCompliance(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/metrics/compliance',
      tags: ['metrics'],
      summary: 'Compliance scorecards (Permenkomdigi 3/2025) per API and per instansi, with Bronze/Silver/Gold readiness',
      security: [{ bearer: [] }],
      request: { query: RangeQuery },
      responses: {
        200: csvToo({ description: 'Compliance', content: { 'application/json': { schema: envelopeSchema(Compliance) } } }),
        ...errorResponses,
      },
    }),
    async (c) => {
      const range = scopedRange(c.var.principal, c.req.valid('query'))
      return c.json(envelope(await compliance(deps.storage, range)), 200)
    },
  )
}

/** Range, filters and the bucket size of a series. */
export const SeriesQuery = RangeQuery.extend({ interval: Interval })
