/**
 * Adoption (Permenkomdigi 3/2025 Pasal 12; SPBE Indikator 18): registered vs
 * active APIs, lifecycle counts as on the SPLP dashboard, consumers per API,
 * traffic through the SPL vs point-to-point, SPLP link status per instansi,
 * month-over-month growth (WIB months), top consumers — and the
 * instansi-to-instansi integration graph. Registry reads use FINAL and skip
 * deleted rows; traffic comes from the request rollups.
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { chText, count, flag } from '../../storage/columns.js'
import { bucketSql, TZ, wibIso } from './interval.js'
import { RangeQuery, type Range } from './range.js'
import { consumerSource, rollupSource, sec } from './rollup.js'

const int = z.number().int()
const WIB = 7 * 3600e3

export const AdoptionQuery = RangeQuery.pick({ from: true, to: true, instansi: true }).extend({
  top: z.coerce.number().int().min(1).max(100).default(10).openapi({ description: 'Rows of the top-consumer list' }),
})
export const IntegrationsQuery = RangeQuery.pick({ from: true, to: true, instansi: true })

const Lifecycle = z.object({ published: int, created: int, deprecated: int, retired: int })
export const Adoption = z
  .object({
    apis: z.object({
      registered: int,
      active: int.describe('registered APIs with traffic in the range'),
      inactive: int,
      published_via_spl: int.describe('registered APIs flagged as published through the SPL'),
      by_lifecycle: Lifecycle,
    }),
    consumers_per_api: z.array(
      z.object({
        api_id: z.string(),
        api_name: z.string(),
        instansi: z.string(),
        lifecycle: z.string(),
        requests: int,
        consumers: int,
        consumer_instansi: int,
      }),
    ),
    traffic: z.object({
      requests: int,
      via_spl: int.describe('through gateways registered as the instansi SPL (is_spl)'),
      direct: int.describe('through other gateways (point-to-point)'),
      spl_share: z.number(),
      direct_share: z.number(),
      via_splp_linked: int.describe('through gateways connected to the national SPLP'),
    }),
    splp: z.array(
      z.object({
        instansi: z.string(),
        name: z.string(),
        kind: z.string(),
        gateways: int,
        spl_gateways: int,
        splp_linked_gateways: int,
        status: z.enum(['linked', 'spl_not_linked', 'no_spl']),
      }),
    ),
    growth: z.array(
      z.object({
        month: z.string().describe('YYYY-MM (WIB)'),
        requests: int,
        integrations: int.describe('distinct consumer instansi → provider instansi pairs with traffic'),
        requests_growth: z.number().nullable().describe('change vs the previous month, fraction; null without a previous month'),
        integrations_growth: z.number().nullable(),
        complete: z.boolean().describe('false for a month the range ends inside'),
      }),
    ),
    top_consumers: z.array(z.object({ consumer_id: z.string(), name: z.string(), consumer_instansi: z.string(), requests: int, apis: int, providers: int })),
  })
  .openapi('Adoption')
export type Adoption = z.infer<typeof Adoption>

const Edge = z.object({
  from: z.string().describe('consumer instansi'),
  to: z.string().describe('provider instansi'),
  calls: int,
  apis: z.array(z.object({ id: z.string(), name: z.string() })),
  consumers: int.describe('distinct consumer applications'),
  first_seen: z.string().describe('first traffic Pantau recorded on this edge, ISO 8601 in WIB'),
  internal: z.boolean().describe('consumer and provider are the same instansi'),
})
export const Integrations = z
  .object({
    nodes: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string(), calls_in: int, calls_out: int })),
    edges: z.array(Edge),
    new_integrations: z.array(Edge).describe('edges whose first traffic falls inside the range'),
  })
  .openapi('Integrations')
export type Integrations = z.infer<typeof Integrations>

/** ` AND {column} = instansi` on a registry table when the range is scoped. */
function registryFilter(range: Range, column: string, params: Record<string, unknown>): string {
  if (range.instansi === undefined) return ''
  params.reg_instansi = range.instansi
  return ` AND ${column} = {reg_instansi:String}`
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0)
const growth = (cur: number, prev: number | undefined) => (prev ? (cur - prev) / prev : null)

function wibMonthStart(ms: number, add = 0): number {
  const d = new Date(ms + WIB)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + add, 1) - WIB
}

const ApiRow = z.object({ id: z.string(), name: z.string(), inst: z.string(), lc: z.string(), via: flag, n: count, cons: count, ci: count })
const TrafficRow = z.object({ n: count, spl: count, splp: count })
const SplpRow = z.object({ code: z.string(), name: z.string(), kind: z.string(), g: count, spl: count, linked: count })
const MonthRow = z.object({ b: chText, n: count, ig: count })
const ConsumerRow = z.object({ cid: z.string(), name: z.string(), ci: z.string(), n: count, apis: count, prov: count })

export async function adoption(storage: Storage, range: Range, top: number): Promise<Adoption> {
  const src = rollupSource(range)
  // Who calls what: the per-consumer grain (hour resolution).
  const bySrc = consumerSource(range)
  const grown = consumerSource({ ...range, fromMs: wibMonthStart(range.fromMs) })
  const reg: Record<string, unknown> = {}
  const apiWhere = registryFilter(range, 'instansi', reg)
  const instansiWhere = registryFilter(range, 'code', reg)
  const gw = (flag: string) => `(SELECT id FROM gateways FINAL WHERE deleted = 0 AND ${flag})`
  const [apis, [traffic], splp, months, consumers] = await Promise.all([
    storage.rows(
      ApiRow,
      `SELECT a.id AS id, a.name AS name, a.instansi AS inst, a.lifecycle AS lc, a.published_via_spl AS via,
              t.n AS n, t.cons AS cons, t.ci AS ci
       FROM (SELECT id, name, instansi, lifecycle, published_via_spl FROM apis FINAL WHERE deleted = 0${apiWhere}) AS a
       LEFT JOIN (SELECT api_id, sum(requests) AS n, uniqExactIf(consumer_id, consumer_id != '') AS cons,
                         uniqExactIf(consumer_instansi, consumer_instansi != '') AS ci
                  FROM ${bySrc.sql} WHERE api_id != '' GROUP BY api_id) AS t ON t.api_id = a.id
       ORDER BY cons DESC, n DESC, id`,
      { ...bySrc.params, ...reg },
    ),
    storage.rows(
      TrafficRow,
      `SELECT sum(requests) AS n, sumIf(requests, gateway_id IN ${gw('is_spl')}) AS spl,
              sumIf(requests, gateway_id IN ${gw('splp_linked')}) AS splp FROM ${src.sql}`,
      src.params,
    ),
    storage.rows(
      SplpRow,
      `SELECT i.code AS code, i.name AS name, i.kind AS kind, countIf(g.id != '') AS g, countIf(g.is_spl) AS spl, countIf(g.splp_linked) AS linked
       FROM (SELECT code, name, kind FROM instansi FINAL WHERE deleted = 0${instansiWhere}) AS i
       LEFT JOIN (SELECT id, instansi, is_spl, splp_linked FROM gateways FINAL WHERE deleted = 0) AS g ON g.instansi = i.code
       GROUP BY code, name, kind ORDER BY code`,
      reg,
    ),
    storage.rows(
      MonthRow,
      `SELECT ${bucketSql('1M')} AS b, sum(requests) AS n, uniqExactIf((consumer_instansi, instansi), consumer_instansi != '') AS ig
       FROM ${grown.sql} GROUP BY b ORDER BY b`,
      grown.params,
    ),
    storage.rows(
      ConsumerRow,
      `SELECT t.cid AS cid, c.name AS name, t.ci AS ci, t.n AS n, t.apis AS apis, t.prov AS prov
       FROM (SELECT consumer_id AS cid, any(consumer_instansi) AS ci, sum(requests) AS n,
                    uniqExact(instansi, api_id, api_name) AS apis, uniqExact(instansi) AS prov
             FROM ${bySrc.sql} WHERE consumer_id != '' GROUP BY cid) AS t
       LEFT JOIN (SELECT id, name FROM consumers FINAL WHERE deleted = 0) AS c ON c.id = t.cid
       ORDER BY n DESC, cid LIMIT {top:UInt32}`,
      { ...bySrc.params, top },
    ),
  ])

  const lifecycle = { published: 0, created: 0, deprecated: 0, retired: 0 }
  for (const a of apis) if (a.lc in lifecycle) lifecycle[a.lc as keyof typeof lifecycle]++
  const active = apis.filter((a) => a.n > 0).length
  const requests = traffic?.n ?? 0
  const viaSpl = traffic?.spl ?? 0

  const byMonth = new Map(months.map((m) => [m.b.slice(0, 7), m]))
  const growthRows: Adoption['growth'] = []
  for (let m = wibMonthStart(range.fromMs); m < range.toMs; m = wibMonthStart(m, 1)) {
    const key = new Date(m + WIB).toISOString().slice(0, 7)
    const row = byMonth.get(key)
    const prev = growthRows.at(-1)
    const n = row?.n ?? 0
    const ig = row?.ig ?? 0
    growthRows.push({
      month: key,
      requests: n,
      integrations: ig,
      requests_growth: prev ? growth(n, prev.requests) : null,
      integrations_growth: prev ? growth(ig, prev.integrations) : null,
      complete: wibMonthStart(m, 1) <= range.toMs,
    })
  }

  return {
    apis: {
      registered: apis.length,
      active,
      inactive: apis.length - active,
      published_via_spl: apis.filter((a) => a.via).length,
      by_lifecycle: lifecycle,
    },
    consumers_per_api: apis.map((a) => ({
      api_id: a.id,
      api_name: a.name,
      instansi: a.inst,
      lifecycle: a.lc,
      requests: a.n,
      consumers: a.cons,
      consumer_instansi: a.ci,
    })),
    traffic: {
      requests,
      via_spl: viaSpl,
      direct: requests - viaSpl,
      spl_share: share(viaSpl, requests),
      direct_share: share(requests - viaSpl, requests),
      via_splp_linked: traffic?.splp ?? 0,
    },
    splp: splp.map((s) => ({
      instansi: s.code,
      name: s.name,
      kind: s.kind,
      gateways: s.g,
      spl_gateways: s.spl,
      splp_linked_gateways: s.linked,
      status: s.linked > 0 ? 'linked' : s.spl > 0 ? 'spl_not_linked' : 'no_spl',
    })),
    growth: growthRows,
    top_consumers: consumers.map((r) => ({
      consumer_id: r.cid,
      name: r.name,
      consumer_instansi: r.ci,
      requests: r.n,
      apis: r.apis,
      providers: r.prov,
    })),
  }
}

const EdgeRow = z.object({
  ci: z.string(),
  pi: z.string(),
  calls: count,
  /** (api_id, api_name) */
  apis: z.array(z.tuple([z.string(), z.string()])),
  apps: count,
  fs: chText,
  is_new: flag,
})
const InstansiName = z.object({ code: z.string(), name: z.string(), kind: z.string() })

/**
 * Edges consumer instansi → provider instansi with traffic in the range; with
 * an instansi, only the edges touching it (as consumer or provider). The first
 * traffic of an edge (to the minute) comes from `integration_first_seen`
 * (migration 0010): the first call Pantau ever recorded on it.
 */
export async function integrations(storage: Storage, range: Range): Promise<Integrations> {
  const src = consumerSource({ ...range, instansi: undefined })
  const params: Record<string, unknown> = { ...src.params, i_from: sec(Math.floor(range.fromMs / 60e3) * 60e3) }
  let touch = ''
  if (range.instansi !== undefined) {
    params.g_instansi = range.instansi
    touch = ' AND (instansi = {g_instansi:String} OR consumer_instansi = {g_instansi:String})'
  }
  const rows = await storage.rows(
    EdgeRow,
    `WITH edges AS (
       SELECT consumer_instansi AS ci, instansi AS pi, sum(requests) AS calls, groupUniqArray((api_id, api_name)) AS apis,
              uniqExactIf(consumer_id, consumer_id != '') AS apps
       FROM ${src.sql} WHERE consumer_instansi != ''${touch} GROUP BY ci, pi HAVING calls > 0),
     first_minute AS (
       SELECT consumer_instansi AS ci, instansi AS pi, toStartOfMinute(min(first_seen)) AS fs FROM integration_first_seen
       WHERE (consumer_instansi, instansi) IN (SELECT ci, pi FROM edges) GROUP BY ci, pi)
     SELECT e.ci AS ci, e.pi AS pi, e.calls AS calls, e.apis AS apis, e.apps AS apps,
            toDateTime(f.fs, '${TZ}') AS fs, f.fs >= {i_from:DateTime} AS is_new
     FROM edges AS e LEFT JOIN first_minute AS f ON f.ci = e.ci AND f.pi = e.pi
     ORDER BY calls DESC, ci, pi`,
    params,
  )
  const edges = rows.map((r) => ({
    from: r.ci,
    to: r.pi,
    calls: r.calls,
    apis: r.apis.map(([id, name]) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id) || a.name.localeCompare(b.name)),
    consumers: r.apps,
    first_seen: wibIso(r.fs),
    internal: r.ci === r.pi,
    new: r.is_new,
  }))
  const codes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort()
  const known = await storage.rows(InstansiName, 'SELECT code, name, kind FROM instansi FINAL WHERE deleted = 0 AND has({codes:Array(String)}, code)', {
    codes,
  })
  const byCode = new Map(known.map((k) => [k.code, k]))
  const sum = (pick: (e: (typeof edges)[number]) => boolean) => edges.filter(pick).reduce((s, e) => s + e.calls, 0)
  const strip = ({ new: _new, ...e }: (typeof edges)[number]) => e
  return {
    nodes: codes.map((code) => ({
      code,
      name: byCode.get(code)?.name ?? '',
      kind: byCode.get(code)?.kind ?? '',
      calls_in: sum((e) => e.to === code),
      calls_out: sum((e) => e.from === code),
    })),
    edges: edges.map(strip),
    new_integrations: edges.filter((e) => e.new).map(strip),
  }
}
