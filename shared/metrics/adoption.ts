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

const ApiRow = z.object({ id: z.string(), name: z.string(), inst: z.string(), lc: z.string(), via: flag })
const TrafficRow = z.object({ n: count, spl: count, splp: count })
const SplpRow = z.object({ code: z.string(), name: z.string(), kind: z.string(), g: count, spl: count, linked: count })
/** Requests of one consumer to one API in one WIB month; `r`: inside the range (the growth span starts at its month's start). */
const PairRow = z.object({ b: chText, r: flag, inst: z.string(), api: z.string(), api_name: z.string(), cid: z.string(), ci: z.string(), n: count })
const NameRow = z.object({ id: z.string(), name: z.string() })

interface ApiUse {
  n: number
  consumers: Set<string>
  instansi: Set<string>
}
interface ConsumerUse {
  ci: string
  n: number
  apis: Set<string>
  providers: Set<string>
}
interface MonthUse {
  n: number
  pairs: Set<string>
}

/**
 * Everything the page says about consumers — per API, per consumer, per
 * month — from one scan of the consumer rollup: its rows for a month fold
 * into a few thousand (month, API, consumer) pairs, and counting distinct
 * values over those is cheap where three scans of the rollup were not.
 */
function consumerUse(pairs: z.infer<typeof PairRow>[]) {
  const apis = new Map<string, ApiUse>()
  const consumers = new Map<string, ConsumerUse>()
  const months = new Map<string, MonthUse>()
  for (const p of pairs) {
    const month = months.get(p.b) ?? months.set(p.b, { n: 0, pairs: new Set() }).get(p.b)!
    month.n += p.n
    if (p.ci !== '') month.pairs.add(`${p.ci}\u0000${p.inst}`)
    if (!p.r) continue
    if (p.api !== '') {
      const a = apis.get(p.api) ?? apis.set(p.api, { n: 0, consumers: new Set(), instansi: new Set() }).get(p.api)!
      a.n += p.n
      if (p.cid !== '') a.consumers.add(p.cid)
      if (p.ci !== '') a.instansi.add(p.ci)
    }
    if (p.cid !== '') {
      const c = consumers.get(p.cid) ?? consumers.set(p.cid, { ci: p.ci, n: 0, apis: new Set(), providers: new Set() }).get(p.cid)!
      c.n += p.n
      c.apis.add(`${p.inst}\u0000${p.api}\u0000${p.api_name}`)
      c.providers.add(p.inst)
    }
  }
  return { apis, consumers, months }
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export async function adoption(storage: Storage, range: Range, top: number): Promise<Adoption> {
  const src = rollupSource(range)
  // Who calls what: the per-consumer grain (hour resolution), from the start of the range's first month for growth.
  const grown = consumerSource({ ...range, fromMs: wibMonthStart(range.fromMs) })
  const inRange = sec(Math.floor(range.fromMs / 3600e3) * 3600e3)
  const reg: Record<string, unknown> = {}
  const apiWhere = registryFilter(range, 'instansi', reg)
  const instansiWhere = registryFilter(range, 'code', reg)
  const gw = (flag: string) => `(SELECT id FROM gateways FINAL WHERE deleted = 0 AND ${flag})`
  const [registered, [traffic], splp, pairs] = await Promise.all([
    storage.rows(ApiRow, `SELECT id, name, instansi AS inst, lifecycle AS lc, published_via_spl AS via FROM apis FINAL WHERE deleted = 0${apiWhere}`, reg),
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
      PairRow,
      `SELECT ${bucketSql('1M')} AS b, bucket >= {in_range:DateTime} AS r, instansi AS inst, api_id AS api, api_name,
              consumer_id AS cid, consumer_instansi AS ci, sum(requests) AS n
       FROM ${grown.sql} GROUP BY b, r, inst, api, api_name, cid, ci`,
      { ...grown.params, in_range: inRange },
    ),
  ])
  const use = consumerUse(pairs)
  const apis = registered
    .map((a) => {
      const u = use.apis.get(a.id)
      return { ...a, n: u?.n ?? 0, cons: u?.consumers.size ?? 0, ci: u?.instansi.size ?? 0 }
    })
    .sort((a, b) => b.cons - a.cons || b.n - a.n || byText(a.id, b.id))
  const topConsumers = [...use.consumers].sort(([a, x], [b, y]) => y.n - x.n || byText(a, b)).slice(0, top)
  const names = topConsumers.length
    ? await storage.rows(NameRow, 'SELECT id, name FROM consumers FINAL WHERE deleted = 0 AND has({ids:Array(String)}, id)', {
        ids: topConsumers.map(([id]) => id),
      })
    : []
  const nameOf = new Map(names.map((c) => [c.id, c.name]))
  const consumers = topConsumers.map(([cid, c]) => ({ cid, name: nameOf.get(cid) ?? '', ci: c.ci, n: c.n, apis: c.apis.size, prov: c.providers.size }))
  const months = [...use.months].map(([b, m]) => ({ b, n: m.n, ig: m.pairs.size }))

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
