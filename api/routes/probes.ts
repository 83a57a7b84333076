/**
 * `/v1/probes`: synthetic checks (CRUD, results), uptime that combines probe
 * results with traffic, and the internal endpoints a collector without
 * database access uses to fetch probes and store results.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { PROBE_SELECT, ProbeResultRows } from '../../shared/probes/schema.js'
import type { AlertEngine } from '../../shared/alerting/engine.js'
import { Probe, ProbeInput, ProbeResult } from '../../shared/alerting/schemas.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { scopeInstansi } from '../auth/middleware.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { notFound } from '../../shared/http/problem.js'
import { Availability, uptime } from '../../shared/metrics/availability.js'
import { trafficSignal } from '../../shared/metrics/availability-signals.js'
import { resolveInterval } from '../../shared/metrics/interval.js'
import { probeResults, probeSignal } from '../../shared/metrics/probes.js'
import { errorResponses, IdParam } from './common.js'
import { csvToo } from './csv.js'
import { scopedRange, SeriesQuery } from './metrics.js'
import { json, jsonBody, registerResource } from './registry-crud.js'

const security = [{ bearer: [] }]
/** A probe as a collector runs it (what PROBE_SELECT reads). */
const InternalProbe = Probe.omit({ created_at: true, updated_at: true })

export function registerProbes(app: ApiApp, deps: ApiDeps, engine: AlertEngine): void {
  const store = engine.store
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/probes/uptime',
      tags: ['probes'],
      security,
      summary: 'Uptime per API combining traffic (minutes with ≥ 50 % 5xx) and probes (minutes with a failed check)',
      request: { query: SeriesQuery },
      responses: { 200: csvToo(json(envelopeSchema(Availability), 'Availability')), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const range = scopedRange(c.var.principal, q)
      const data = await uptime(deps.storage, range, resolveInterval(range, q.interval), [trafficSignal(range), probeSignal(range)])
      return c.json(envelope(data), 200)
    },
  )

  registerResource(app, {
    path: '/v1/probes',
    tag: 'probes',
    input: ProbeInput,
    output: Probe,
    table: store.probes,
    instansiColumn: 'instansi',
    filters: ['api_id'],
    // Probe headers often carry credentials: answer with their names only.
    present: (row) => ({ ...row, headers: Object.fromEntries(Object.keys(row.headers).map((k) => [k, '••••'])) }),
    create: (who, i) => store.saveProbe(who, i),
    update: (who, id, i) => store.saveProbe(who, i, id),
    remove: (who, id) => store.remove(who, store.probes, 'probe', id),
  })

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/probes/{id}/results',
      tags: ['probes'],
      security,
      summary: 'Latest results of a probe: status, latency, TLS version, certificate expiry',
      request: { params: IdParam, query: z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(100) }) },
      responses: { 200: csvToo(json(envelopeSchema(z.array(ProbeResult)), 'Results')), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const probe = await store.probes.get({ id })
      if (!probe) throw notFound(`probe '${id}'`, 'id')
      scopeInstansi(c.var.principal, String(probe.instansi))
      return c.json(envelope(await probeResults(deps.storage, id, c.req.valid('query').limit, engine.clock())), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/internal/probes',
      tags: ['internal'],
      security,
      summary: 'Enabled probes, for collectors without database access',
      responses: { 200: json(envelopeSchema(z.array(InternalProbe)), 'Probes'), ...errorResponses },
    }),
    async (c) => c.json(envelope(await deps.storage.rows(InternalProbe, PROBE_SELECT)), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/internal/probe-results',
      tags: ['internal'],
      security,
      summary: 'Store probe results from a collector without database access',
      request: jsonBody(ProbeResultRows),
      responses: { 200: json(envelopeSchema(z.object({ stored: z.number().int() })), 'Stored'), ...errorResponses },
    }),
    // Probe results are telemetry, like ingested events: stored, not audited.
    async (c) => {
      const rows = c.req.valid('json')
      await deps.storage.insertRows('probe_results', rows)
      return c.json(envelope({ stored: rows.length }), 200)
    },
  )
}
