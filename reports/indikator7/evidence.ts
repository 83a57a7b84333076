/**
 * Evidence for Indikator 7 (internal policy on using the SPL): the register
 * of policy documents with their files, the reviews of the policy, and the
 * implementation evidence that the policy is followed — the share of calls
 * and APIs through the SPL (over the period and month by month) and the
 * conformance to the Permenkomdigi 3/2025 standards (compliance scorecards)
 * over the period, and at its first and last month with traffic to show the
 * change. (A scorecard per month would scan the year's minutes twice more.)
 */
import { compliance } from '../../shared/metrics/compliance.js'
import type { Range } from '../../shared/metrics/range.js'
import { header, share, wibDate, type EvidenceHeader, type GatherContext } from '../context.js'
import { monthlyTraffic } from '../flows.js'
import { i7Core, type I7Core } from './core.js'

export type { I7Policy } from './core.js'
import { wibParts, wibStart } from '../period.js'

export interface Conformance {
  level: string
  apis: number
  by_level: Record<string, number>
  pass_share: Record<string, number | null>
}

/** The evidence of an Indikator 7 report: what the criteria decide on (core.ts) and the implementation evidence. */
export interface I7Evidence extends EvidenceHeader, I7Core {
  implementation: {
    requests: number
    via_spl: number
    spl_share: number | null
    apis: number
    apis_via_spl: number
    conformance: Conformance | null
    monthly: Array<{ month: string; requests: number; via_spl: number; spl_share: number | null }>
    /** Scorecards of the first and the last month with traffic (one entry when they are the same month). */
    trend: Array<{ month: string; conformance: Conformance | null }>
  }
}

/** Calendar months (WIB) overlapping the range, each clipped to it. */
function months(range: Range): Range[] {
  const out: Range[] = []
  const { year, month } = wibParts(range.fromMs)
  for (let m = wibStart(year, month), i = 1; m < range.toMs; m = wibStart(year, month + i++)) {
    out.push({ ...range, fromMs: Math.max(m, range.fromMs), toMs: Math.min(wibStart(year, month + i), range.toMs) })
  }
  return out
}

/** The instansi's Permenkomdigi 3/2025 scorecard over a range; null without traffic (registry checks alone prove no practice). */
async function conformance(ctx: GatherContext, range: Range): Promise<Conformance | null> {
  const card = (await compliance(ctx.storage, range)).instansi.find((c) => c.instansi === ctx.instansi.code)
  return card ? { level: card.level, apis: card.apis, by_level: card.by_level, pass_share: card.pass_share } : null
}

export async function gatherI7(ctx: GatherContext): Promise<I7Evidence> {
  const { registers, range, instansi } = ctx
  const [policies, reviews, apis, whole, gateways] = await Promise.all([
    registers.policies.list({ instansi: instansi.code }),
    registers.reviews.list({ instansi: instansi.code, subject: 'kebijakan' }),
    registers.registry.apis.list({ instansi: instansi.code }),
    conformance(ctx, range),
    registers.registry.gateways.list(),
  ])
  const perMonth = await monthlyTraffic(
    ctx.storage,
    range,
    gateways.filter((g) => g.is_spl).map((g) => g.id),
  )
  const monthly = months(range).map((m) => {
    const month = wibDate(m.fromMs).slice(0, 7)
    const { requests, via_spl } = perMonth.get(month) ?? { requests: 0, via_spl: 0 }
    return { month, requests, via_spl, spl_share: share(via_spl, requests), range: m }
  })
  const active = monthly.filter((m) => m.requests > 0)
  const ends = [...new Set([active[0], active.at(-1)])].filter((m) => m !== undefined)
  const trend = await Promise.all(ends.map(async (m) => ({ month: m.month, conformance: await conformance(ctx, m.range) })))
  // the months partition the period: their sums are the period's (as the adoption metric counts them)
  const requests = monthly.reduce((a, m) => a + m.requests, 0)
  const via_spl = monthly.reduce((a, m) => a + m.via_spl, 0)
  return {
    ...header(ctx),
    ...i7Core(policies, reviews, ctx.period),
    implementation: {
      requests,
      via_spl,
      spl_share: share(via_spl, requests),
      apis: apis.length,
      apis_via_spl: apis.filter((a) => a.published_via_spl).length,
      conformance: requests > 0 ? whole : null,
      monthly: monthly.map(({ range: _r, ...m }) => m),
      trend,
    },
  }
}
