/**
 * Traffic flows a report needs that no dashboard metric groups this way:
 * calls into the instansi by (consumer, gateway, API), and calls made by the
 * instansi's own applications by (consumer, provider gateway). Both read the
 * per-consumer rollup through the shared `consumerSource`, like the adoption
 * metrics (hour resolution; report periods are whole days).
 */
import type { Storage } from '../storage/client.js'
import type { Range } from '../shared/metrics/range.js'
import { bucketSql } from '../shared/metrics/interval.js'
import { consumerSource, rollupSource } from '../shared/metrics/rollup.js'

export interface InboundFlow {
  consumer_instansi: string
  consumer_id: string
  gateway_id: string
  api_id: string
  api_name: string
  calls: number
}

export interface OutboundFlow {
  consumer_id: string
  provider: string
  gateway_id: string
  calls: number
}

/** Calls to the APIs of `range.instansi`, per consumer, gateway and API. */
export async function inboundFlows(storage: Storage, range: Range): Promise<InboundFlow[]> {
  const src = consumerSource(range)
  const rows = await storage.query<{ ci: string; cid: string; gw: string; api: string; name: string; calls: string }>(
    `SELECT consumer_instansi AS ci, consumer_id AS cid, gateway_id AS gw, api_id AS api, any(api_name) AS name, sum(requests) AS calls
     FROM ${src.sql} GROUP BY ci, cid, gw, api HAVING calls > 0 ORDER BY ci, cid, gw, api`,
    src.params,
  )
  return rows.map((r) => ({ consumer_instansi: r.ci, consumer_id: r.cid, gateway_id: r.gw, api_id: r.api, api_name: r.name, calls: Number(r.calls) }))
}

/** Calls made by consumers of `consumerInstansi` to any provider, per consumer and provider gateway. */
export async function outboundFlows(storage: Storage, range: Range, consumerInstansi: string): Promise<OutboundFlow[]> {
  const src = consumerSource({ ...range, instansi: undefined })
  const rows = await storage.query<{ cid: string; provider: string; gw: string; calls: string }>(
    `SELECT consumer_id AS cid, instansi AS provider, gateway_id AS gw, sum(requests) AS calls
     FROM ${src.sql} WHERE consumer_instansi = {o_consumer:String}
     GROUP BY cid, provider, gw HAVING calls > 0 ORDER BY cid, provider, gw`,
    { ...src.params, o_consumer: consumerInstansi },
  )
  return rows.map((r) => ({ consumer_id: r.cid, provider: r.provider, gateway_id: r.gw, calls: Number(r.calls) }))
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
  const rows = await storage.query<{ b: string; n: string; spl: string }>(
    `SELECT ${bucketSql('1M')} AS b, sum(requests) AS n, sumIf(requests, has({m_spl:Array(String)}, gateway_id)) AS spl
     FROM ${src.sql} GROUP BY b ORDER BY b`,
    { ...src.params, m_spl: splGateways },
  )
  return new Map(rows.map((r) => [r.b.slice(0, 7), { requests: Number(r.n), via_spl: Number(r.spl) }]))
}
