/**
 * The part of the Indikator 18 evidence the level criteria decide on
 * (gateways, unit kerja use, traffic through the SPL, partner instansi,
 * dated SPL reviews), built from already fetched rows by one pure function.
 * The PDF (gatherI18, rows of one instansi) and the national recap (rows of
 * every instansi fetched at once, split by instansi) both call it, so the
 * recap's level is the PDF's level by construction, not by a second copy of
 * the logic.
 */
import type { Review } from '../../shared/registers/schemas.js'
import { share, wibDate, type EvidenceHeader } from '../context.js'
import { sumCalls } from '../flows.js'

/** The parts of the evidence the criteria read (with the header); the PDF shows them too. */
export interface I18Core {
  gateways: Array<{ id: string; name: string; product: string; is_spl: boolean; splp_linked: boolean; calls: number }>
  units: Array<{ code: string; name: string; apis: number; apis_spl: number; calls_spl: number; apps: number; app_calls_spl: number; applied: boolean }>
  traffic: { requests: number; via_spl: number; direct: number; spl_share: number | null; via_splp_linked: number }
  /** Other instansi calling this one (inbound) and called by it (outbound). */
  partners: {
    inbound: Array<{ code: string; name: string; calls: number; apis: number }>
    outbound: Array<{ code: string; name: string; calls: number; apis: number }>
  }
  /** SPL reviews of the period and the year before it (`in_period` marks the former). */
  reviews: Array<Omit<Review, 'created_at' | 'updated_at'> & { in_period: boolean }>
}
export type I18Assessed = EvidenceHeader & I18Core

export interface I18CoreInput {
  code: string
  /** The instansi's gateways, in registry order. */
  gateways: ReadonlyArray<{ id: string; name: string; product: string; is_spl: boolean; splp_linked: boolean }>
  /** Ids of every gateway registered as an SPL (any instansi). */
  splGateways: ReadonlySet<string>
  /** The instansi's APIs that are not retired, with whether each goes through the SPL (`apiViaSpl`). */
  apis: ReadonlyArray<{ id: string; unit_kerja: string; via_spl: boolean }>
  units: ReadonlyArray<{ code: string; name: string }>
  /** The instansi's consumer applications. */
  consumers: ReadonlyArray<{ id: string; owner_unit: string }>
  /** Calls to the instansi's APIs per gateway and API (any finer grain sums the same). */
  inbound: ReadonlyArray<{ gateway_id: string; api_id: string; calls: number }>
  /** Calls made by the instansi's consumers per consumer and provider gateway. */
  outbound: ReadonlyArray<{ consumer_id: string; gateway_id: string; calls: number }>
  traffic: { requests: number; via_spl: number; via_splp_linked: number }
  /** Integration edges (consumer instansi → provider instansi) touching the instansi, busiest first; `apis` = distinct APIs. */
  edges: ReadonlyArray<{ from: string; to: string; calls: number; apis: number }>
  /** Display name of an instansi code. */
  name: (code: string) => string
  /** The instansi's SPL reviews (any date: cut here to the period and the year before it). */
  reviews: readonly Review[]
  period: { fromMs: number; toMs: number }
}

/** An API goes through the SPL when its gateway is an SPL or its calls were seen on one. */
export function apiViaSpl(
  api: { id: string; gateway_id: string },
  splGateways: ReadonlySet<string>,
  inbound: ReadonlyArray<{ api_id: string; gateway_id: string }>,
): boolean {
  return splGateways.has(api.gateway_id) || inbound.some((f) => f.api_id === api.id && splGateways.has(f.gateway_id))
}

/** Reviews in register order: by date, then id (a stable order for the texts that list them). */
export const byDateThenId = <T extends { date: string; id: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))

export function i18Core(input: I18CoreInput): I18Core {
  const { code, splGateways, inbound, outbound } = input
  const viaSpl = (f: { gateway_id: string }) => splGateways.has(f.gateway_id)
  const unitOfApi = new Map(input.apis.map((a) => [a.id, a.unit_kerja]))
  const unitOfApp = new Map(input.consumers.map((c) => [c.id, c.owner_unit]))
  const units = input.units.map((u) => {
    const own = input.apis.filter((a) => a.unit_kerja === u.code)
    const calls = sumCalls(inbound, (f) => viaSpl(f) && unitOfApi.get(f.api_id) === u.code)
    const appCalls = sumCalls(outbound, (f) => viaSpl(f) && unitOfApp.get(f.consumer_id) === u.code)
    return {
      code: u.code,
      name: u.name,
      apis: own.length,
      apis_spl: own.filter((a) => a.via_spl).length,
      calls_spl: calls,
      apps: input.consumers.filter((c) => c.owner_unit === u.code).length,
      app_calls_spl: appCalls,
      applied: calls + appCalls > 0,
    }
  })
  const partner = (e: I18CoreInput['edges'][number], other: string) => ({ code: other, name: input.name(other), calls: e.calls, apis: e.apis })
  const { requests, via_spl, via_splp_linked } = input.traffic
  const from = wibDate(input.period.fromMs)
  const since = wibDate(input.period.fromMs - 365 * 86400e3)
  const end = wibDate(input.period.toMs)
  const reviews = byDateThenId(input.reviews.filter((r) => r.date >= since && r.date < end))
  return {
    gateways: input.gateways.map((g) => ({
      id: g.id,
      name: g.name,
      product: g.product,
      is_spl: g.is_spl,
      splp_linked: g.splp_linked,
      calls: sumCalls(inbound, (f) => f.gateway_id === g.id),
    })),
    units,
    traffic: { requests, via_spl, direct: requests - via_spl, spl_share: share(via_spl, requests), via_splp_linked },
    partners: {
      inbound: input.edges.filter((e) => e.to === code && e.from !== code).map((e) => partner(e, e.from)),
      outbound: input.edges.filter((e) => e.from === code && e.to !== code).map((e) => partner(e, e.to)),
    },
    reviews: reviews.map(({ created_at: _c, updated_at: _u, ...r }) => ({ ...r, in_period: r.date >= from })),
  }
}
