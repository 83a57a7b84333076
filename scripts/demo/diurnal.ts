/**
 * When government APIs are called, in Asia/Jakarta time (WIB, UTC+7, no
 * daylight saving): office hours on weekdays with peaks at 09–11 and 13–15,
 * a lunch dip (longer on Friday for Friday prayers), quiet nights, and low,
 * flat weekends. The window is cut into WIB calendar days ("slots"); each
 * slot knows its share of the traffic and maps sorted uniforms to sorted
 * request times.
 */
export const WIB_OFFSET_MS = 7 * 3600e3
export const DAY_MS = 86400e3
const MINUTES = 1440

/** Relative load per WIB hour (00..23). */
const WEEKDAY = [0.05, 0.03, 0.03, 0.03, 0.05, 0.1, 0.22, 0.45, 0.8, 1, 1, 0.95, 0.62, 0.92, 0.95, 0.85, 0.6, 0.38, 0.25, 0.24, 0.22, 0.17, 0.11, 0.07]
const FRIDAY = WEEKDAY.map((w, h) => (h === 11 ? 0.6 : h === 12 ? 0.35 : w))
const WEEKEND = [0.05, 0.03, 0.03, 0.03, 0.04, 0.07, 0.12, 0.18, 0.25, 0.3, 0.33, 0.33, 0.3, 0.3, 0.3, 0.28, 0.27, 0.27, 0.3, 0.32, 0.3, 0.22, 0.14, 0.08]

export type DayType = 'weekday' | 'friday' | 'weekend'

/** Cumulative share of the day's traffic at each minute boundary (0..1440), normalized to 1. */
function minuteCdf(hourly: number[]): { cdf: Float64Array; mass: number } {
  const cdf = new Float64Array(MINUTES + 1)
  for (let m = 0; m < MINUTES; m++) {
    // linear interpolation between hour centres, for a smooth curve
    const x = m / 60 - 0.5
    const h0 = (Math.floor(x) + 24) % 24
    const f = x - Math.floor(x)
    cdf[m + 1] = cdf[m] + hourly[h0] * (1 - f) + hourly[(h0 + 1) % 24] * f
  }
  const mass = cdf[MINUTES]
  for (let m = 0; m <= MINUTES; m++) cdf[m] /= mass
  return { cdf, mass: mass / MINUTES }
}

const CURVES: Record<DayType, { cdf: Float64Array; mass: number; hourly: number[] }> = {
  weekday: { ...minuteCdf(WEEKDAY), hourly: WEEKDAY },
  friday: { ...minuteCdf(FRIDAY), hourly: FRIDAY },
  weekend: { ...minuteCdf(WEEKEND), hourly: WEEKEND },
}

export interface DaySlot {
  /** 0 = the most recent (possibly partial) WIB day. */
  index: number
  /** WIB midnight that starts the day, epoch ms. */
  dayStart: number
  /** The part of the day inside the window. */
  fromMs: number
  toMs: number
  type: DayType
  /** Share of the day's curve inside the window. */
  uLo: number
  uHi: number
  /** Relative traffic of the slot (curve mass × covered share × growth). */
  weight: number
}

/** Start of the WIB calendar day containing `ms`. */
export function wibMidnight(ms: number): number {
  return Math.floor((ms + WIB_OFFSET_MS) / DAY_MS) * DAY_MS - WIB_OFFSET_MS
}

export function dayTypeOf(dayStart: number): DayType {
  const dow = new Date(dayStart + WIB_OFFSET_MS).getUTCDay()
  return dow === 0 || dow === 6 ? 'weekend' : dow === 5 ? 'friday' : 'weekday'
}

function cdfAt(type: DayType, ms: number, dayStart: number): number {
  const { cdf } = CURVES[type]
  const minutes = Math.min(MINUTES, Math.max(0, (ms - dayStart) / 60e3))
  const m = Math.min(MINUTES - 1, Math.floor(minutes))
  return cdf[m] + (cdf[m + 1] - cdf[m]) * (minutes - m)
}

/**
 * The WIB days of [startMs, endMs), most recent first. Adoption grows over
 * the window (`growth` = relative increase from its start to its end).
 */
export function daySlots(startMs: number, endMs: number, growth = 0.12): DaySlot[] {
  const slots: DaySlot[] = []
  for (let dayStart = wibMidnight(endMs - 1), i = 0; dayStart + DAY_MS > startMs; dayStart -= DAY_MS, i++) {
    const type = dayTypeOf(dayStart)
    const fromMs = Math.max(startMs, dayStart)
    const toMs = Math.min(endMs, dayStart + DAY_MS)
    const uLo = cdfAt(type, fromMs, dayStart)
    const uHi = cdfAt(type, toMs, dayStart)
    const age = (endMs - (fromMs + toMs) / 2) / Math.max(1, endMs - startMs)
    const weight = CURVES[type].mass * (uHi - uLo) * (1 + growth * (1 - age))
    slots.push({ index: i, dayStart, fromMs, toMs, type, uLo, uHi, weight })
  }
  return slots
}

/** Relative load (0..1) at a time of a slot's day: busier hours are slower. */
export function loadAt(slot: DaySlot, ms: number): number {
  const hour = Math.floor((ms - slot.dayStart) / 3600e3)
  return CURVES[slot.type].hourly[Math.min(23, Math.max(0, hour))]
}

/**
 * Fill `out[0..n)` with n sorted request times of the slot. Sorted uniforms
 * come from normalized exponential spacings (no sort needed) and go through
 * the inverse of the day's minute CDF by a single forward walk.
 */
export function sortedTimes(slot: DaySlot, n: number, next: () => number, out: Float64Array): void {
  if (n === 0) return
  let sum = 0
  for (let i = 0; i < n; i++) {
    sum += -Math.log(1 - next())
    out[i] = sum
  }
  sum += -Math.log(1 - next())
  const { cdf } = CURVES[slot.type]
  const span = slot.uHi - slot.uLo
  let m = 0
  for (let i = 0; i < n; i++) {
    const u = slot.uLo + (out[i] / sum) * span
    while (m < MINUTES - 1 && cdf[m + 1] <= u) m++
    const width = cdf[m + 1] - cdf[m]
    const frac = width > 0 ? (u - cdf[m]) / width : 0
    const t = slot.dayStart + (m + frac) * 60e3
    out[i] = Math.min(slot.toMs - 1, Math.max(slot.fromMs, Math.floor(t)))
  }
}
