/** `/v1/metrics/security*`: failed authentications, rate limiting, transport security, findings, new sources. */
import { createRoute, type z } from '@hono/zod-openapi'
import type { ApiApp, ApiDeps } from '../deps.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { resolveInterval } from '../../shared/metrics/interval.js'
import type { Range } from '../../shared/metrics/range.js'
import { Findings, findings, FindingsQuery, NewSources, newSources, NewSourcesQuery, Security, security, SecurityQuery } from '../../shared/metrics/security.js'
import { errorResponses } from './common.js'
import { csvToo } from './csv.js'
import { scopedRange } from './metrics.js'

/** Pieces shared by the metric routes of this file and metrics-adoption.ts. */
export const ok = <T extends z.ZodType>(schema: T, description: string) => ({
  200: csvToo({ description, content: { 'application/json': { schema: envelopeSchema(schema) } } }),
  ...errorResponses,
})
export const meta = (range: Range) => ({ meta: { from: new Date(range.fromMs).toISOString(), to: new Date(range.toMs).toISOString() } })
export const common = { method: 'get' as const, tags: ['metrics'], security: [{ bearer: [] }] }

export function registerSecurityMetrics(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      ...common,
      path: '/v1/metrics/security',
      summary: 'Failed authentications by consumer and source, 429s, plain-HTTP and TLS < 1.3 shares, and their series',
      request: { query: SecurityQuery },
      responses: ok(Security, 'Security'),
    }),
    async (c) => {
      const q = c.req.valid('query')
      const range = scopedRange(c.var.principal, q)
      const data = await security(deps.storage, range, resolveInterval(range, q.interval), q.top)
      return c.json(envelope(data, meta(range)), 200)
    },
  )

  app.openapi(
    createRoute({
      ...common,
      path: '/v1/metrics/security/findings',
      summary: 'Brute force (≥ N auth failures) and path scanning (≥ M distinct 404 paths) from one source within a sliding window',
      request: { query: FindingsQuery },
      responses: ok(Findings, 'Findings'),
    }),
    async (c) => {
      const q = c.req.valid('query')
      const range = scopedRange(c.var.principal, q)
      return c.json(envelope(await findings(deps.storage, range, q), meta(range)), 200)
    },
  )

  app.openapi(
    createRoute({
      ...common,
      path: '/v1/metrics/security/new-sources',
      summary: 'Source addresses whose first call to an API falls inside the range',
      request: { query: NewSourcesQuery },
      responses: ok(NewSources, 'New sources'),
    }),
    async (c) => {
      const q = c.req.valid('query')
      const range = scopedRange(c.var.principal, q)
      return c.json(envelope(await newSources(deps.storage, range, q.limit), meta(range)), 200)
    },
  )
}
