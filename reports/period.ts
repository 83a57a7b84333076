/**
 * Assessment periods in Asia/Jakarta (WIB, UTC+7, no daylight saving): a
 * calendar year, a calendar month, or an inclusive range of days. A day
 * starts at 00:00 WIB.
 */
import { fmtDate } from '../shared/i18n/index.js'
import { MAX_RANGE_MS } from '../shared/metrics/range.js'
import type { Period } from './types.js'

const WIB = 7 * 3600e3
const DAY = 86400e3

/** Start of a WIB calendar day/month/year as epoch ms (month 0-based, overflow allowed). */
export const wibStart = (year: number, month = 0, day = 1): number => Date.UTC(year, month, day) - WIB

/** Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD..YYYY-MM-DD'; undefined when malformed or out of range. */
export function parsePeriod(label: string): Period | undefined {
  let m = /^(\d{4})$/.exec(label)
  if (m) return { label, fromMs: wibStart(+m[1]), toMs: wibStart(+m[1] + 1) }
  m = /^(\d{4})-(\d{2})$/.exec(label)
  if (m) {
    const month = +m[2] - 1
    if (month < 0 || month > 11) return undefined
    return { label, fromMs: wibStart(+m[1], month), toMs: wibStart(+m[1], month + 1) }
  }
  m = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/.exec(label)
  if (!m) return undefined
  const from = dayStart(+m[1], +m[2], +m[3])
  const last = dayStart(+m[4], +m[5], +m[6])
  if (from === undefined || last === undefined || last < from || last + DAY - from > MAX_RANGE_MS) return undefined
  return { label, fromMs: from, toMs: last + DAY }
}

function dayStart(y: number, mo: number, d: number): number | undefined {
  const ms = wibStart(y, mo - 1, d)
  const back = new Date(ms + WIB)
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? ms : undefined
}

/** WIB calendar fields of an instant. */
export function wibParts(ms: number): { year: number; month: number; day: number; hour: number } {
  const d = new Date(ms + WIB)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate(), hour: d.getUTCHours() }
}

/** The calendar month before the one containing `nowMs`, as a period. */
export function previousMonth(nowMs: number): Period {
  const { year, month } = wibParts(nowMs)
  const start = wibStart(year, month - 1)
  const p = wibParts(start)
  return parsePeriod(`${p.year}-${String(p.month + 1).padStart(2, '0')}`)!
}

/** The calendar year before the one containing `nowMs`. */
export function previousYear(nowMs: number): Period {
  return parsePeriod(String(wibParts(nowMs).year - 1))!
}

/** "1 Januari 2025 – 31 Desember 2025" (the last day is inclusive). */
export function periodText(p: Period): string {
  return `${fmtDate(p.fromMs)} – ${fmtDate(p.toMs - 1)}`
}

/** A WIB date 'YYYY-MM-DD' as the epoch ms of its start. */
export function dateMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return wibStart(y, m - 1, d)
}
