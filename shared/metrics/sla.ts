/**
 * Monthly SLA compliance per API (WIB months): uptime over the month's
 * observed minutes (availability.ts definitions, maintenance left out) and
 * p95 latency against the API's registered targets; per instansi, the share
 * of APIs with traffic that meet both.
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { float } from '../../storage/columns.js'
import { STATS, StatsRow, stats, UptimeStats } from './availability.js'
import { availabilityCtes, type MinuteSignal } from './availability-signals.js'
import { TZ } from './interval.js'
import type { Range } from './range.js'
import { meetsLatencyTarget, quantiles, rollupSource } from './rollup.js'

const HOUR = 3600e3

export const SlaMonth = UptimeStats.extend({
  api: z.string(),
  api_name: z.string(),
  instansi: z.string(),
  month: z.string().describe('calendar month in WIB, YYYY-MM (clipped to the range)'),
  sla_availability: z.number().describe('target, %'),
  sla_p95_ms: z.number().describe('target p95 latency, ms'),
  p95_ms: z.number().nullable(),
  meets_availability: z.boolean().nullable().describe('null without traffic'),
  meets_latency: z.boolean().nullable(),
  meets_sla: z.boolean().nullable(),
})

export const SlaInstansi = z.object({
  instansi: z.string(),
  month: z.string(),
  apis: z.number().int().describe('registered APIs'),
  apis_with_traffic: z.number().int(),
  apis_meeting: z.number().int(),
  share_meeting: z.number().nullable().describe('apis_meeting / apis_with_traffic, 0..1'),
})

export const SlaCompliance = z.object({ months: z.array(z.string()), apis: z.array(SlaMonth), instansi: z.array(SlaInstansi) }).openapi('SlaCompliance')
export type SlaCompliance = z.infer<typeof SlaCompliance>

const MONTH = `toStartOfMonth(toDateTime(bucket, '${TZ}'))`

/** Registry side of the filters: columns of `apis`; a gateway also keeps APIs seen on it. */
function registryFilter(range: Range, params: Record<string, unknown>): string {
  const filters: Array<[string | undefined, string, string]> = [
    [range.instansi, 'a_instansi', 'instansi = {a_instansi:String}'],
    [range.api, 'a_api', 'id = {a_api:String}'],
    [range.gateway, 'a_gateway', '(gateway_id = {a_gateway:String} OR id IN (SELECT api FROM avail))'],
  ]
  let where = ''
  for (const [value, name, sql] of filters) {
    if (value === undefined) continue
    params[name] = value
    where += ` AND ${sql}`
  }
  return where
}

function slaSql(cte: string, src: string, registry: string): string {
  return `WITH ${cte},
  avail AS (SELECT api, ${MONTH} AS month, ${STATS} FROM cells GROUP BY api, month),
  perf AS (SELECT api_id AS api, ${MONTH} AS month, ${quantiles('latency')}[3] AS p95 FROM ${src} WHERE api_id != '' GROUP BY api, month),
  months AS (
    SELECT arrayJoin(arrayMap(i -> addMonths(first, i), range(toUInt32(dateDiff('month', first, last) + 1)))) AS month
    FROM (SELECT toStartOfMonth(toDateTime({m_from:DateTime}, '${TZ}')) AS first,
                 toStartOfMonth(toDateTime({m_to:DateTime} - 1, '${TZ}')) AS last))
  SELECT a.id AS api, a.name AS api_name, a.instansi AS instansi, a.sla_availability AS sla_availability,
         a.sla_p95_ms AS sla_p95_ms, formatDateTime(m.month, '%Y-%m') AS month,
         v.mins AS mins, v.down AS down, v.n AS n, v.e5 AS e5, p.p95 AS p95
  FROM (SELECT id, name, instansi, sla_availability, sla_p95_ms FROM apis FINAL WHERE deleted = 0${registry}) AS a
  CROSS JOIN months AS m
  LEFT JOIN avail AS v ON v.api = a.id AND v.month = m.month
  LEFT JOIN perf AS p ON p.api = a.id AND p.month = m.month
  ORDER BY instansi, api, month`
}

const SlaRow = StatsRow.extend({
  api: z.string(),
  api_name: z.string(),
  instansi: z.string(),
  month: z.string(),
  sla_availability: z.number(),
  sla_p95_ms: z.number(),
  p95: float,
})

export async function slaCompliance(storage: Storage, range: Range, signals?: MinuteSignal[]): Promise<SlaCompliance> {
  const cte = await availabilityCtes(storage, range, signals, HOUR)
  const src = rollupSource(range)
  const params = { ...src.params, ...cte.params }
  const rows = await storage.rows(SlaRow, slaSql(cte.sql, src.sql, registryFilter(range, params)), params)
  const apis = rows.map((r) => {
    const s = stats(r)
    const p95 = s.requests > 0 ? (r.p95 ?? 0) : null
    const meetsAvailability = s.uptime_pct === null ? null : s.uptime_pct >= r.sla_availability
    const meetsLatency = p95 === null ? null : meetsLatencyTarget(p95, r.sla_p95_ms)
    const { api, api_name, instansi, month, sla_availability, sla_p95_ms } = r
    return {
      api,
      api_name,
      instansi,
      month,
      sla_availability,
      sla_p95_ms,
      p95_ms: p95,
      ...s,
      meets_availability: meetsAvailability,
      meets_latency: meetsLatency,
      meets_sla: meetsAvailability === null ? null : meetsAvailability && meetsLatency === true,
    }
  })
  const byInstansi = new Map<string, z.infer<typeof SlaInstansi>>()
  for (const a of apis) {
    const key = `${a.instansi}#${a.month}`
    const g =
      byInstansi.get(key) ??
      byInstansi.set(key, { instansi: a.instansi, month: a.month, apis: 0, apis_with_traffic: 0, apis_meeting: 0, share_meeting: null }).get(key)!
    g.apis += 1
    g.apis_with_traffic += a.meets_sla === null ? 0 : 1
    g.apis_meeting += a.meets_sla ? 1 : 0
    g.share_meeting = g.apis_with_traffic ? g.apis_meeting / g.apis_with_traffic : null
  }
  return { months: [...new Set(apis.map((a) => a.month))].sort(), apis, instansi: [...byInstansi.values()] }
}
