/** `/v1/metrics/adoption` and `/v1/metrics/integrations`: SPL adoption and the instansi integration graph. */
import { createRoute } from '@hono/zod-openapi'
import type { ApiApp, ApiDeps } from '../deps.js'
import { envelope } from '../../shared/http/envelope.js'
import { Adoption, adoption, AdoptionQuery, Integrations, integrations, IntegrationsQuery } from '../../shared/metrics/adoption.js'
import { scopedRange } from './metrics.js'
import { common, meta, ok } from './metrics-security.js'

export function registerAdoptionMetrics(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      ...common,
      path: '/v1/metrics/adoption',
      summary: 'Registered vs active APIs, lifecycle counts, consumers per API, SPL vs direct traffic, SPLP links, monthly growth, top consumers',
      request: { query: AdoptionQuery },
      responses: ok(Adoption, 'Adoption'),
    }),
    async (c) => {
      const q = c.req.valid('query')
      const range = scopedRange(c.var.principal, q)
      return c.json(envelope(await adoption(deps.storage, range, q.top), meta(range)), 200)
    },
  )

  app.openapi(
    createRoute({
      ...common,
      path: '/v1/metrics/integrations',
      summary: 'Instansi-to-instansi integration graph (consumer → provider) with call counts and new integrations',
      description: 'With an instansi (operators: always their own), only the edges touching it, as consumer or provider.',
      request: { query: IntegrationsQuery },
      responses: ok(Integrations, 'Integration graph'),
    }),
    async (c) => {
      const range = scopedRange(c.var.principal, c.req.valid('query'))
      return c.json(envelope(await integrations(deps.storage, range), meta(range)), 200)
    },
  )
}
