/**
 * Evidence of every instansi at once, for the national recap: the same rows
 * the per-instansi evidence gathering reads (registry, registers, the request
 * and per-consumer rollups), fetched in a handful of GROUP BY instansi
 * queries instead of 600 × N, split by instansi and handed to the same pure
 * functions the PDF uses (indikator7/core.ts, indikator18/core.ts). Only the
 * part of the evidence the level criteria read is built.
 */
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { count } from '../../storage/columns.js'
import type { EvidenceRegisters } from '../../shared/registers/store.js'
import type { InstansiRow } from '../../shared/registry/registry.js'
import { consumerSource, rollupSource } from '../../shared/metrics/rollup.js'
import { header } from '../context.js'
import { i7Core, type I7Assessed } from '../indikator7/core.js'
import { apiViaSpl, i18Core, type I18Assessed } from '../indikator18/core.js'
import type { Indicator, Period } from '../types.js'

export interface BulkContext {
  storage: Storage
  registers: EvidenceRegisters
  period: Period
  /** The instansi to assess (every registered one, or an operator's own). */
  instansi: readonly InstansiRow[]
}

/** Registry and register reads are whole tables here: far above the default page. */
const ALL = { limit: 4_000_000_000 }

/** Rows grouped by a key, in their original order. */
function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const k = key(r)
    const list = out.get(k)
    if (list) list.push(r)
    else out.set(k, [r])
  }
  return out
}

const none: never[] = []

async function allI7(ctx: BulkContext): Promise<Map<string, I7Assessed>> {
  const [policies, reviews] = await Promise.all([ctx.registers.policies.list({}, ALL), ctx.registers.reviews.list({ subject: 'kebijakan' }, ALL)])
  const p = groupBy(policies, (r) => r.instansi)
  const r = groupBy(reviews, (x) => x.instansi)
  return new Map(
    ctx.instansi.map((i) => [i.code, { ...header({ instansi: i, period: ctx.period }), ...i7Core(p.get(i.code) ?? none, r.get(i.code) ?? none, ctx.period) }]),
  )
}

// Calls per provider instansi, gateway and API (inboundFlows of every instansi, summed over consumers).
const InboundRow = z.object({ pi: z.string(), gw: z.string(), api: z.string(), calls: count })
// Calls made by each consumer instansi's applications, per application and provider gateway (outboundFlows).
const OutboundRow = z.object({ ci: z.string(), cid: z.string(), gw: z.string(), calls: count })
// Requests per provider instansi, through SPL gateways and through SPLP-linked ones (adoption's traffic).
const TrafficRow = z.object({ i: z.string(), n: count, spl: count, splp: count })
// Integration edges consumer instansi → provider instansi with their distinct APIs (integrations' edges).
const EdgeRow = z.object({ ci: z.string(), pi: z.string(), calls: count, apis: count })

async function allI18(ctx: BulkContext): Promise<Map<string, I18Assessed>> {
  const { storage, period } = ctx
  const range = { fromMs: period.fromMs, toMs: period.toMs }
  const bySrc = consumerSource(range)
  const src = rollupSource(range)
  const gw = (flag: string) => `(SELECT id FROM gateways FINAL WHERE deleted = 0 AND ${flag})`
  const reg = ctx.registers.registry
  const [inbound, outbound, traffic, edges, units, gateways, apis, consumers, reviews] = await Promise.all([
    storage.rows(
      InboundRow,
      `SELECT instansi AS pi, gateway_id AS gw, api_id AS api, sum(requests) AS calls FROM ${bySrc.sql} GROUP BY pi, gw, api HAVING calls > 0`,
      bySrc.params,
    ),
    storage.rows(
      OutboundRow,
      `SELECT consumer_instansi AS ci, consumer_id AS cid, gateway_id AS gw, sum(requests) AS calls
       FROM ${bySrc.sql} WHERE consumer_instansi != '' GROUP BY ci, cid, gw HAVING calls > 0`,
      bySrc.params,
    ),
    storage.rows(
      TrafficRow,
      `SELECT instansi AS i, sum(requests) AS n, sumIf(requests, gateway_id IN ${gw('is_spl')}) AS spl,
              sumIf(requests, gateway_id IN ${gw('splp_linked')}) AS splp FROM ${src.sql} GROUP BY i`,
      src.params,
    ),
    storage.rows(
      EdgeRow,
      `SELECT consumer_instansi AS ci, instansi AS pi, sum(requests) AS calls, uniqExact(api_id, api_name) AS apis
       FROM ${bySrc.sql} WHERE consumer_instansi != '' GROUP BY ci, pi HAVING calls > 0`,
      bySrc.params,
    ),
    reg.unitKerja.list({}, ALL),
    reg.gateways.list({}, ALL),
    reg.apis.list({}, ALL),
    reg.consumers.list({}, ALL),
    ctx.registers.reviews.list({ subject: 'spl' }, ALL),
  ])
  const names = new Map((await reg.instansi.list({}, ALL)).map((i) => [i.code, i.name || i.code]))
  const splGateways = new Set(gateways.filter((g) => g.is_spl).map((g) => g.id))
  // integrations() orders the edges busiest first, then by consumer and provider
  edges.sort((a, b) => b.calls - a.calls || a.ci.localeCompare(b.ci) || a.pi.localeCompare(b.pi))
  const inboundOf = groupBy(
    inbound.map((r) => ({ pi: r.pi, gateway_id: r.gw, api_id: r.api, calls: r.calls })),
    (r) => r.pi,
  )
  const outboundOf = groupBy(
    outbound.map((r) => ({ ci: r.ci, consumer_id: r.cid, gateway_id: r.gw, calls: r.calls })),
    (r) => r.ci,
  )
  const trafficOf = new Map(traffic.map((t) => [t.i, { requests: t.n, via_spl: t.spl, via_splp_linked: t.splp }]))
  const edgeList = edges.map((e) => ({ from: e.ci, to: e.pi, calls: e.calls, apis: e.apis }))
  const edgesOf = new Map<string, typeof edgeList>()
  for (const e of edgeList)
    for (const code of new Set([e.from, e.to])) {
      const list = edgesOf.get(code)
      if (list) list.push(e)
      else edgesOf.set(code, [e])
    }
  const unitsOf = groupBy(units, (u) => u.instansi)
  const gatewaysOf = groupBy(gateways, (g) => g.instansi)
  const apisOf = groupBy(
    apis.filter((a) => a.lifecycle !== 'retired'),
    (a) => a.instansi,
  )
  const consumersOf = groupBy(consumers, (c) => c.instansi)
  const reviewsOf = groupBy(reviews, (r) => r.instansi)

  const out = new Map<string, I18Assessed>()
  for (const i of ctx.instansi) {
    const code = i.code
    const flowsIn = inboundOf.get(code) ?? none
    const core = i18Core({
      code,
      gateways: gatewaysOf.get(code) ?? none,
      splGateways,
      apis: (apisOf.get(code) ?? none).map((a) => ({ id: a.id, unit_kerja: a.unit_kerja, via_spl: apiViaSpl(a, splGateways, flowsIn) })),
      units: unitsOf.get(code) ?? none,
      consumers: consumersOf.get(code) ?? none,
      inbound: flowsIn,
      outbound: outboundOf.get(code) ?? none,
      traffic: trafficOf.get(code) ?? { requests: 0, via_spl: 0, via_splp_linked: 0 },
      edges: edgesOf.get(code) ?? none,
      name: (other) => names.get(other) ?? other,
      reviews: reviewsOf.get(code) ?? none,
      period,
    })
    out.set(code, { ...header({ instansi: i, period }), ...core })
  }
  return out
}

/** The criteria-relevant evidence of each instansi, by code. */
export const GATHER_ALL: Record<Indicator, (ctx: BulkContext) => Promise<Map<string, unknown>>> = { i7: allI7, i18: allI18 }
