/**
 * Threshold rules: each kind is one query that returns the targets currently
 * breaching the rule at time `at` (the alert's labels and measured value).
 * Targets not returned are healthy; the lifecycle resolves their alerts.
 */
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { chText, chTime, count, float, u64 } from '../../storage/columns.js'
import { exceedsTargetSql, quantiles, sec } from '../metrics/rollup.js'
import { outsideMaintenanceSql } from '../maintenance/exclusion.js'
import type { MaintenanceSpan } from '../maintenance/schemas.js'
import { wib, type Labels } from './messages.js'
import { DAY_MS, MINUTE_MS } from './rules.js'
import type { Rule, RuleKind } from './schemas.js'

export interface Sample {
  /** Identity of the alert (the fingerprint is their hash). */
  labels: Labels
  /** Details for the texts that may change while the alert lasts. */
  extra: Labels
  value: number
}

/** Fewer requests than this in the window never make a latency or error-rate alert. */
export const MIN_REQUESTS = 5

const ALERTNAMES: Record<RuleKind, string> = {
  latency_p95: 'ApiLatencyP95High',
  error_rate: 'ApiErrorRateHigh',
  gateway_silent: 'GatewaySilent',
  cert_expiry: 'CertificateExpiringSoon',
  brute_force: 'BruteForceDetected',
  probe_failing: 'ProbeFailing',
}

interface Ctx {
  rule: Rule
  at: number
  params: Record<string, unknown>
  /** ` AND …` equality filters of the rule on the given columns. */
  where(columns: Partial<Record<'instansi' | 'api_id' | 'gateway_id' | 'probe_id', string>>): string
  /** Maintenance windows around `at`: their minutes are not looked at. */
  maintenance: readonly MaintenanceSpan[]
}

const TrafficRow = z.object({ instansi: z.string(), api_id: z.string(), api_name: z.string(), n: count, v: float })
const GatewayRow = z.object({ id: z.string(), instansi: z.string(), name: z.string(), last: u64 })
const SourceRow = z.object({ instansi: z.string(), client_address: z.string(), v: count })
/** The latest results of a probe (`latestProbes`). */
const ProbeRow = z.object({
  probe_id: z.string(),
  instansi: z.string(),
  api_id: z.string(),
  /** The registered gateway of the probe's API ('' without one). */
  gateway_id: z.string(),
  url: z.string(),
  not_after: chText.nullable(),
  last_error: z.string(),
  oks: z.array(z.number()),
})
const CertRow = ProbeRow.extend({ not_after: chTime })

type Check = (storage: Storage, ctx: Ctx) => Promise<Array<{ labels: Labels; extra?: Labels; value: number }>>

const minuteWindow = (ctx: Ctx) => {
  const minute = Math.floor(ctx.at / MINUTE_MS) * MINUTE_MS
  ctx.params.w_from = sec(minute - Math.max(1, ctx.rule.window_min) * MINUTE_MS)
  ctx.params.w_to = sec(minute)
  return 'bucket > {w_from:DateTime} AND bucket <= {w_to:DateTime}'
}

/** Requests per API in the rule's window whose `value` (SQL, as `v`) breaches: `breach` (SQL over `v`). */
const trafficCheck =
  (value: string, breach = 'v > {thr:Float64}'): Check =>
  async (storage, ctx) => {
    const rows = await storage.rows(
      TrafficRow,
      `SELECT instansi, api_id, any(api_name) AS api_name, sum(requests) AS n, ${value} AS v
       FROM request_rollup_1m WHERE ${minuteWindow(ctx)} AND api_id != ''${ctx.where({ instansi: 'instansi', api_id: 'api_id', gateway_id: 'gateway_id' })}
         AND ${outsideMaintenanceSql(ctx.maintenance, { instansi: 'instansi', api: 'api_id', gateway: 'gateway_id', bucket: 'bucket' }, ctx.params)}
       GROUP BY instansi, api_id HAVING n >= ${MIN_REQUESTS} AND ${breach}`,
      ctx.params,
    )
    return rows.map((r) => ({
      labels: { instansi: r.instansi, api_id: r.api_id },
      extra: { api_name: r.api_name },
      value: r.v ?? 0,
    }))
  }

/** Latest result per live probe (joined with the probe configuration, so deleted probes drop out). */
const latestProbes = (ctx: Ctx, extra = '') => {
  ctx.params.p_since = sec(ctx.at - DAY_MS)
  ctx.params.p_to = sec(ctx.at) + 1
  return `SELECT r.*, p.name AS probe_name, a.gateway_id AS gateway_id FROM (
      SELECT probe_id, any(instansi) AS instansi, any(api_id) AS api_id, argMax(url, ts) AS url, argMax(cert_not_after, ts) AS not_after,
             argMax(error, ts) AS last_error, groupArray(ok) AS oks${extra}
      FROM (SELECT * FROM probe_results WHERE ts > toDateTime64({p_since:UInt32}, 3) AND ts < toDateTime64({p_to:UInt32}, 3)
            ORDER BY probe_id, ts DESC LIMIT {k:UInt32} BY probe_id)
      GROUP BY probe_id) AS r
    INNER JOIN (SELECT id, name FROM probes FINAL WHERE deleted = 0 AND enabled) AS p ON p.id = r.probe_id
    LEFT JOIN (SELECT id, gateway_id FROM apis FINAL WHERE deleted = 0) AS a ON a.id = r.api_id
    WHERE 1${ctx.where({ instansi: 'r.instansi', api_id: 'r.api_id', probe_id: 'r.probe_id' })}`
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

const CHECKS: Record<RuleKind, Check> = {
  // [p50, p90, p95, p99]; a p95 within the histogram's relative error of the threshold does not breach it
  latency_p95: trafficCheck(`${quantiles('latency')}[3]`, exceedsTargetSql('v', '{thr:Float64}')),
  error_rate: trafficCheck('sum(status_5xx) / n'),

  async gateway_silent(storage, ctx) {
    const minute = Math.floor(ctx.at / MINUTE_MS) * MINUTE_MS
    Object.assign(ctx.params, { g_week: sec(minute - 7 * DAY_MS), g_day: sec(minute - DAY_MS), g_to: sec(minute) })
    const rows = await storage.rows(
      GatewayRow,
      `SELECT g.id AS id, g.instansi AS instansi, g.name AS name,
              if(d.gateway_id != '', toUInt32(d.last), toUInt32(h.last) + 3600) AS last
       FROM (SELECT id, instansi, name FROM gateways FINAL WHERE deleted = 0${ctx.where({ instansi: 'instansi', gateway_id: 'id' })}) AS g
       INNER JOIN (SELECT gateway_id, max(bucket) AS last FROM request_rollup_1h
                   WHERE bucket >= {g_week:DateTime} AND bucket <= {g_to:DateTime} GROUP BY gateway_id) AS h ON h.gateway_id = g.id
       LEFT JOIN (SELECT gateway_id, max(bucket) AS last FROM request_rollup_1m
                  WHERE bucket >= {g_day:DateTime} AND bucket <= {g_to:DateTime} GROUP BY gateway_id) AS d ON d.gateway_id = g.id`,
      ctx.params,
    )
    return rows
      .map((r) => ({ r, silent: (minute - r.last * 1000) / MINUTE_MS }))
      .filter(({ silent }) => silent >= ctx.rule.threshold)
      .map(({ r, silent }) => ({ labels: { instansi: r.instansi, gateway_id: r.id }, extra: { gateway_name: r.name }, value: silent }))
  },

  async cert_expiry(storage, ctx) {
    ctx.params.k = 1
    const rows = await storage.rows(CertRow, `${latestProbes(ctx)} AND r.not_after IS NOT NULL`, ctx.params)
    return rows
      .map((r) => ({ r, notAfter: Date.parse(r.not_after) }))
      .map(({ r, notAfter }) => ({ r, notAfter, days: (notAfter - ctx.at) / DAY_MS }))
      .filter(({ days }) => days < ctx.rule.threshold)
      .map(({ r, notAfter, days }) => ({
        labels: { instansi: r.instansi, probe_id: r.probe_id, host: hostOf(r.url) },
        extra: { not_after_wib: wib(notAfter) },
        value: days,
      }))
  },

  async brute_force(storage, ctx) {
    const rows = await storage.rows(
      SourceRow,
      `SELECT instansi, client_address, sum(auth_failures) AS v FROM security_rollup_1m
       WHERE ${minuteWindow(ctx)} AND client_address != ''${ctx.where({ instansi: 'instansi', api_id: 'api_id' })}
       GROUP BY instansi, client_address HAVING v >= {thr:Float64}`,
      ctx.params,
    )
    return rows.map((r) => ({
      labels: { instansi: r.instansi, client_address: r.client_address },
      value: r.v,
    }))
  },

  async probe_failing(storage, ctx) {
    ctx.params.k = Math.max(1, Math.round(ctx.rule.threshold))
    const rows = await storage.rows(ProbeRow, `${latestProbes(ctx)} AND length(r.oks) >= {k:UInt32} AND arraySum(r.oks) = 0`, ctx.params)
    return rows.map((r) => ({
      // the API's gateway: a maintenance window of that gateway holds the alert (engine.ts)
      labels: { instansi: r.instansi, probe_id: r.probe_id, api_id: r.api_id, gateway_id: r.gateway_id },
      extra: { url: r.url, last_error: r.last_error },
      value: r.oks.length,
    }))
  },
}

/**
 * The breaching targets of one threshold rule at `at`, labelled for the
 * lifecycle. Error-rate and latency rules do not look at minutes under
 * `maintenance`; the engine drops the samples of scopes under maintenance now.
 */
export async function evaluateRule(storage: Storage, rule: Rule, at: number, maintenance: readonly MaintenanceSpan[] = []): Promise<Sample[]> {
  const params: Record<string, unknown> = { thr: rule.threshold }
  const filters: Record<string, string> = { instansi: rule.instansi, api_id: rule.api_id, gateway_id: rule.gateway_id, probe_id: rule.probe_id }
  const ctx: Ctx = {
    rule,
    at,
    params,
    maintenance,
    where(columns) {
      let sql = ''
      for (const [key, column] of Object.entries(columns)) {
        if (!filters[key]) continue
        params[`f_${key}`] = filters[key]
        sql += ` AND ${column} = {f_${key}:String}`
      }
      return sql
    },
  }
  const found = await CHECKS[rule.kind](storage, ctx)
  return found.map(({ labels, extra, value }) => ({
    labels: { alertname: ALERTNAMES[rule.kind], rule_id: rule.id, severity: rule.severity, ...labels },
    extra: { threshold: String(rule.threshold), window: `${rule.window_min}m`, ...extra },
    value,
  }))
}
