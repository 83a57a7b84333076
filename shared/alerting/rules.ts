/**
 * Multi-window, multi-burn-rate alerting for SLOs (Google SRE workbook,
 * "Alerting on SLOs", table 5-8): an alert fires when the error budget burns
 * at least `factor` times faster than sustainable over BOTH the long window
 * (enough budget spent to matter) and the short window (still burning now,
 * so the alert resets quickly after recovery). The pairs are data.
 *
 * burn rate = bad ratio over the window / (1 − objective)
 */

export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS

/** Windows the SLIs are computed over; ≤ 6 h read the minute rollup, longer ones the hour rollup. */
export const WINDOWS = {
  '5m': 5 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': HOUR_MS,
  '2h': 2 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '1d': DAY_MS,
  '3d': 3 * DAY_MS,
} as const
export type WindowName = keyof typeof WINDOWS

export interface BurnPair {
  long: WindowName
  short: WindowName
  factor: number
  /** critical pages a human now; warning opens a ticket. */
  severity: 'critical' | 'warning'
}

/** Budget consumed when the pair fires for its whole long window: 2 %, 5 %, 10 %, 10 % (of 30 days). */
export const BURN_RATE_PAIRS: readonly BurnPair[] = [
  { long: '1h', short: '5m', factor: 14.4, severity: 'critical' },
  { long: '6h', short: '30m', factor: 6, severity: 'critical' },
  { long: '1d', short: '2h', factor: 3, severity: 'warning' },
  { long: '3d', short: '6h', factor: 1, severity: 'warning' },
]

export const SEVERITIES = ['critical', 'warning'] as const

export interface Counts {
  requests: number
  bad: number
}

export function burnRate(c: Counts | undefined, objectivePct: number): number {
  if (!c || c.requests <= 0) return 0
  const budget = 1 - objectivePct / 100
  return budget > 0 ? c.bad / c.requests / budget : 0
}

export interface PairResult extends BurnPair {
  burn_long: number
  burn_short: number
  firing: boolean
}

/** Every pair of the workbook for one SLO, given its bad/total counts per window. */
export function evaluatePairs(counts: Partial<Record<WindowName, Counts>>, objectivePct: number): PairResult[] {
  return BURN_RATE_PAIRS.map((p) => {
    const burnLong = burnRate(counts[p.long], objectivePct)
    const burnShort = burnRate(counts[p.short], objectivePct)
    return { ...p, burn_long: burnLong, burn_short: burnShort, firing: burnLong >= p.factor && burnShort >= p.factor }
  })
}

/** Remaining error budget over the SLO window: 1 − bad / allowed bad (negative when overspent). */
export function budgetRemaining(c: Counts | undefined, objectivePct: number): number | null {
  if (!c || c.requests <= 0) return null
  const allowed = (1 - objectivePct / 100) * c.requests
  return allowed > 0 ? 1 - c.bad / allowed : null
}

/** Threshold rule kinds: what the threshold means and whether higher is worse. */
export const RULE_KINDS = {
  latency_p95: { unit: 'ms', above: true },
  error_rate: { unit: 'ratio', above: true },
  gateway_silent: { unit: 'min', above: true },
  cert_expiry: { unit: 'days', above: false },
  brute_force: { unit: 'failures', above: true },
  probe_failing: { unit: 'checks', above: true },
} as const
