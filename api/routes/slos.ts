/** `/v1/slos`: SLOs per API (CRUD) and their error budget and burn rates. */
import { createRoute, z } from '@hono/zod-openapi'
import type { AlertEngine } from '../../shared/alerting/engine.js'
import { Slo, SloInput, SloStatus } from '../../shared/alerting/schemas.js'
import type { ApiApp } from '../deps.js'
import { scopeInstansi } from '../auth/middleware.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { notFound } from '../../shared/http/problem.js'
import { errorResponses, IdParam } from './common.js'
import { csvToo } from './csv.js'
import { json, registerResource } from './registry-crud.js'

const security = [{ bearer: [] }]

export function registerSlos(app: ApiApp, engine: AlertEngine): void {
  const store = engine.store
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/slos/status',
      tags: ['slos'],
      security,
      summary: 'Error budget remaining and burn rates (5m … 3d and the SLO window) of every SLO',
      request: { query: z.object({ instansi: z.string().min(1).max(64).optional(), api_id: z.string().min(1).max(64).optional() }) },
      responses: { 200: csvToo(json(envelopeSchema(z.array(SloStatus)), 'Status')), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const slos = await store.slos.list({ instansi: scopeInstansi(c.var.principal, q.instansi), api_id: q.api_id })
      return c.json(envelope(await engine.sloStatus(slos)), 200)
    },
  )

  registerResource(app, {
    path: '/v1/slos',
    tag: 'slos',
    input: SloInput,
    output: Slo,
    table: store.slos,
    instansiColumn: 'instansi',
    filters: ['api_id', 'sli'],
    create: (who, i) => store.saveSlo(who, i),
    update: (who, id, i) => store.saveSlo(who, i, id),
    remove: (who, id) => store.remove(who, store.slos, 'slo', id),
  })

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/slos/{id}/status',
      tags: ['slos'],
      security,
      summary: 'Error budget remaining and burn rates of one SLO',
      request: { params: IdParam },
      responses: { 200: json(envelopeSchema(SloStatus), 'Status'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const slo = await store.slos.get({ id })
      if (!slo) throw notFound(`SLO '${id}'`, 'id')
      scopeInstansi(c.var.principal, String(slo.instansi))
      const [status] = await engine.sloStatus([slo])
      return c.json(envelope(status), 200)
    },
  )
}
