/**
 * `/v1/alerts`: live alerts, their history (ClickHouse), on-demand
 * evaluation, threshold rules and receivers. Registers the rest of alerting
 * (probes, SLOs, silences) through `registerAlerting`.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { alertingConfigFromEnv } from '../../shared/alerting/config.js'
import { AlertEngine } from '../../shared/alerting/engine.js'
import { Alert, AlertState, AlertTransition, Receiver, ReceiverInput, Rule, RuleInput } from '../../shared/alerting/schemas.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { requireRole, scopeInstansi } from '../auth/middleware.js'
import { READERS } from '../../shared/access/principal.js'
import { envelope, envelopeSchema, jakartaIso } from '../../shared/http/envelope.js'
import { resolveRange } from '../../shared/metrics/range.js'
import { errorResponses } from './common.js'
import { ALERT_WRITERS, registerProbes } from './probes.js'
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

interface HistoryRow {
  t: string
  fingerprint: string
  rule_id: string
  instansi: string
  alertname: string
  severity: string
  from_state: string
  to_state: string
  value: number
  labels: Record<string, string>
  annotations: Record<string, string>
}

export function registerAlerting(app: ApiApp, deps: ApiDeps): AlertEngine {
  const engine = deps.alerts ?? new AlertEngine(deps.storage, alertingConfigFromEnv(process.env))
  const { store } = engine

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/alerts',
      tags,
      security,
      summary: 'Live alerts: pending, firing and recently resolved, with the silences muting them',
      request: { query: z.object({ instansi: Instansi, state: AlertState.optional(), fingerprint: z.string().max(64).optional() }) },
      responses: { 200: json(envelopeSchema(z.array(Alert)), 'Alerts'), ...errorResponses },
    }),
    async (c) => {
      requireRole(c.var.principal, READERS)
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
      responses: { 200: json(envelopeSchema(z.array(AlertTransition)), 'History'), ...errorResponses },
    }),
    async (c) => {
      requireRole(c.var.principal, READERS)
      const q = c.req.valid('query')
      const range = resolveRange({ from: q.from, to: q.to })
      const params: Record<string, unknown> = { from: range.fromMs, to: range.toMs, limit: q.limit }
      let where = ''
      const filters = { instansi: scopeInstansi(c.var.principal, q.instansi), fingerprint: q.fingerprint, rule_id: q.rule_id }
      for (const [col, v] of Object.entries(filters)) if (v !== undefined) (params[col] = v), (where += ` AND ${col} = {${col}:String}`)
      const rows = await deps.storage.query<HistoryRow>(
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
      requireRole(c.var.principal, ['admin', 'sre'])
      return c.json(envelope(await engine.evaluate()), 200)
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
    writers: ALERT_WRITERS,
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
    writers: ALERT_WRITERS,
    create: (who, i) => store.saveReceiver(who, i),
    update: (who, id, i) => store.saveReceiver(who, i, id),
    remove: (who, id) => store.remove(who, store.receivers, 'receiver', id),
  })

  registerProbes(app, deps, engine)
  registerSlos(app, engine)
  registerSilences(app, engine)
  return engine
}
