/**
 * Traffic flows a report needs that no dashboard metric groups this way:
 * calls into the instansi by (consumer, gateway, API), and calls made by the
 * instansi's own applications by (consumer, provider gateway). Both read the
 * per-consumer rollup through the shared `consumerSource`, like the adoption
 * metrics (hour resolution; report periods are whole days).
 */
import { z } from 'zod'
import type { Storage } from '../storage/client.js'
import { chText, count } from '../storage/columns.js'
import type { Range } from '../shared/metrics/range.js'
import { bucketSql } from '../shared/metrics/interval.js'
import { consumerSource, rollupSource } from '../shared/metrics/rollup.js'

export const InboundFlow = z.object({
  consumer_instansi: z.string(),
  consumer_id: z.string(),
  gateway_id: z.string(),
  api_id: z.string(),
  api_name: z.string(),
  calls: z.number(),
})
export type InboundFlow = z.infer<typeof InboundFlow>

export const OutboundFlow = z.object({ consumer_id: z.string(), provider: z.string(), gateway_id: z.string(), calls: z.number() })
export type OutboundFlow = z.infer<typeof OutboundFlow>

const InboundRow = z.object({ ci: z.string(), cid: z.string(), gw: z.string(), api: z.string(), name: z.string(), calls: count })
const OutboundRow = z.object({ cid: z.string(), provider: z.string(), gw: z.string(), calls: count })
const MonthRow = z.object({ b: chText, n: count, spl: count })

/** Calls to the APIs of `range.instansi`, per consumer, gateway and API. */
export async function inboundFlows(storage: Storage, range: Range): Promise<InboundFlow[]> {
  const src = consumerSource(range)
  const rows = await storage.rows(
    InboundRow,
    `SELECT consumer_instansi AS ci, consumer_id AS cid, gateway_id AS gw, api_id AS api, any(api_name) AS name, sum(requests) AS calls
     FROM ${src.sql} GROUP BY ci, cid, gw, api HAVING calls > 0 ORDER BY ci, cid, gw, api`,
    src.params,
  )
  return rows.map((r) => ({ consumer_instansi: r.ci, consumer_id: r.cid, gateway_id: r.gw, api_id: r.api, api_name: r.name, calls: r.calls }))
}

/** Calls made by consumers of `consumerInstansi` to any provider, per consumer and provider gateway. */
export async function outboundFlows(storage: Storage, range: Range, consumerInstansi: string): Promise<OutboundFlow[]> {
  const src = consumerSource({ ...range, instansi: undefined })
  const rows = await storage.rows(
    OutboundRow,
    `SELECT consumer_id AS cid, instansi AS provider, gateway_id AS gw, sum(requests) AS calls
     FROM ${src.sql} WHERE consumer_instansi = {o_consumer:String}
     GROUP BY cid, provider, gw HAVING calls > 0 ORDER BY cid, provider, gw`,
    { ...src.params, o_consumer: consumerInstansi },
  )
  return rows.map((r) => ({ consumer_id: r.cid, provider: r.provider, gateway_id: r.gw, calls: r.calls }))
}

/** Sum `calls` of the rows `pick` keeps. */
export const sumCalls = <T extends { calls: number }>(rows: readonly T[], pick: (r: T) => boolean = () => true): number =>
  rows.reduce((s, r) => (pick(r) ? s + r.calls : s), 0)

/** Calls to `range.instansi` per WIB calendar month, and those through the given (SPL) gateways. */
export async function monthlyTraffic(
  storage: Storage,
  range: Range,
  splGateways: readonly string[],
): Promise<Map<string, { requests: number; via_spl: number }>> {
  const src = rollupSource(range)
  const rows = await storage.rows(
    MonthRow,
    `SELECT ${bucketSql('1M')} AS b, sum(requests) AS n, sumIf(requests, has({m_spl:Array(String)}, gateway_id)) AS spl
     FROM ${src.sql} GROUP BY b ORDER BY b`,
    { ...src.params, m_spl: splGateways },
  )
  return new Map(rows.map((r) => [r.b.slice(0, 7), { requests: r.n, via_spl: r.spl }]))
}
