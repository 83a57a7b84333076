/**
 * `/v1/alerts`: live alerts, their history (ClickHouse), on-demand
 * evaluation, threshold rules and receivers. Registers the rest of alerting
 * (probes, SLOs, silences) through `registerAlerting`.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { AlertingConfig } from '../../shared/alerting/config.js'
import { AlertEngine } from '../../shared/alerting/engine.js'
import { Alert, AlertState, AlertTransition, Receiver, ReceiverInput, Rule, RuleInput } from '../../shared/alerting/schemas.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { audit } from '../../shared/access/audit.js'
import { scopeInstansi } from '../auth/middleware.js'
import { envelope, envelopeSchema, jakartaIso } from '../../shared/http/envelope.js'
import { resolveRange } from '../../shared/metrics/range.js'
import { u64 } from '../../storage/columns.js'
import { errorResponses } from './common.js'
import { csvToo } from './csv.js'
import { registerProbes } from './probes.js'
import { json, registerResource } from './registry-crud.js'
import { registerSilences } from './silences.js'
import { registerSlos } from './slos.js'

const security = [{ bearer: [] }]
const tags = ['alerts']
const Instansi = z.string().min(1).max(64).optional()

const EvaluationSummary = z
  .object({
    at: z.string(),
    slos: z.number().int(),
    rules: z.number().int(),
    firing: z.number().int(),
    pending: z.number().int(),
    transitions: z.array(z.object({ fingerprint: z.string(), alertname: z.string(), instansi: z.string(), from: z.string(), to: z.string() })),
    errors: z.array(z.string()),
  })
  .openapi('EvaluationSummary')

/** A stored transition as the SELECT reads it: the time in epoch ms. */
const StoredTransition = AlertTransition.omit({ ts: true }).extend({ t: u64 })

export function registerAlerting(app: ApiApp, deps: ApiDeps): AlertEngine {
  const engine = deps.alerts ?? new AlertEngine(deps.storage, AlertingConfig.parse({}))
  const { store } = engine

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/alerts',
      tags,
      security,
      summary: 'Live alerts: pending, firing and recently resolved, with the silences muting them',
      request: { query: z.object({ instansi: Instansi, state: AlertState.optional(), fingerprint: z.string().max(64).optional() }) },
      responses: { 200: csvToo(json(envelopeSchema(z.array(Alert)), 'Alerts')), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(envelope(await engine.alerts({ ...q, instansi: scopeInstansi(c.var.principal, q.instansi) })), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/alerts/history',
      tags,
      security,
      summary: 'Every state change of every alert (pending, firing, resolved), newest first',
      request: {
        query: z.object({
          from: z.string().optional(),
          to: z.string().optional(),
          instansi: Instansi,
          fingerprint: z.string().max(64).optional(),
          rule_id: z.string().max(128).optional(),
          limit: z.coerce.number().int().min(1).max(10_000).default(500),
        }),
      },
      responses: { 200: csvToo(json(envelopeSchema(z.array(AlertTransition)), 'History')), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const range = resolveRange({ from: q.from, to: q.to })
      const params: Record<string, unknown> = { from: range.fromMs, to: range.toMs, limit: q.limit }
      let where = ''
      const filters = { instansi: scopeInstansi(c.var.principal, q.instansi), fingerprint: q.fingerprint, rule_id: q.rule_id }
      for (const [col, v] of Object.entries(filters)) if (v !== undefined) (params[col] = v), (where += ` AND ${col} = {${col}:String}`)
      const rows = await deps.storage.rows(
        StoredTransition,
        `SELECT toUnixTimestamp64Milli(ts) AS t, fingerprint, rule_id, instansi, alertname, severity, from_state, to_state, value, labels, annotations
         FROM alert_history WHERE ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts <= fromUnixTimestamp64Milli({to:Int64})${where}
         ORDER BY ts DESC, indexOf(['inactive', 'pending', 'firing', 'resolved'], to_state) DESC LIMIT {limit:UInt32}`,
        params,
      )
      return c.json(envelope(rows.map(({ t, ...r }) => ({ ts: jakartaIso(new Date(Number(t))), ...r }))), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/alerts/evaluate',
      tags,
      security,
      summary: 'Evaluate every SLO and rule now (admin, sre); the timer does this every PANTAU_ALERT_INTERVAL_S',
      responses: { 200: json(envelopeSchema(EvaluationSummary), 'Evaluated'), ...errorResponses },
    }),
    async (c) => {
      const summary = await engine.evaluate()
      await audit(deps.storage, c.var.principal, {
        action: 'alerts.evaluate',
        resource: summary.at,
        detail: { firing: summary.firing, pending: summary.pending },
      })
      return c.json(envelope(summary), 200)
    },
  )

  registerResource(app, {
    path: '/v1/alerts/rules',
    tag: 'alert rules',
    input: RuleInput,
    output: Rule,
    table: store.rules,
    instansiColumn: 'instansi',
    filters: ['kind', 'api_id'],
    create: (who, i) => store.saveRule(who, i),
    update: (who, id, i) => store.saveRule(who, i, id),
    remove: (who, id) => store.remove(who, store.rules, 'alert_rule', id),
  })

  registerResource(app, {
    path: '/v1/alerts/receivers',
    tag: 'alert receivers',
    input: ReceiverInput,
    output: Receiver,
    table: store.receivers,
    instansiColumn: 'instansi',
    filters: ['kind'],
    create: (who, i) => store.saveReceiver(who, i),
    update: (who, id, i) => store.saveReceiver(who, i, id),
    remove: (who, id) => store.remove(who, store.receivers, 'receiver', id),
  })

  registerProbes(app, deps, engine)
  registerSlos(app, engine)
  registerSilences(app, deps, engine)
  return engine
}
