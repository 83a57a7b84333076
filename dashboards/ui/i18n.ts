/** The dictionary bound to the user's language (id by default, en as the switch; kept in localStorage). */
import { fmtDate, fmtDateTime, fmtDateTimeMs, fmtMs, fmtNumber, fmtPercent, LANGS, t, type Lang } from '../../shared/i18n/index.js'

const KEY = 'pantau.lang'
let lang: Lang = readLang()

function readLang(): Lang {
  const saved = localStorage.getItem(KEY)
  return LANGS.includes(saved as Lang) ? (saved as Lang) : 'id'
}

export const getLang = (): Lang => lang

export function setLang(next: Lang): void {
  lang = next
  localStorage.setItem(KEY, next)
  document.documentElement.lang = next
}

export const tr = (key: string, params?: Record<string, string | number>) => t(key, params, lang)
export const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? '–' : fmtNumber(n, lang, digits))
/** A share 0..1 as a percentage. */
export const pct = (share: number | null | undefined, digits = 2) => fmtPercent(share, lang, digits)
/** A value already in percent (0..100). */
export const pct100 = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '–' : fmtPercent(v / 100, lang, digits))
export const ms = (v: number | null | undefined) => fmtMs(v, lang)
export const when = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '–' : fmtDateTime(v, lang))
export const day = (v: string | number) => fmtDate(v, lang)
/** One request's time: to the millisecond, WIB. */
export const whenMs = (v: string | number) => fmtDateTimeMs(v, lang)
/** Minutes as "2 j 15 m" / "2 h 15 m". */
export function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60)
  const rest = Math.round(minutes % 60)
  return hours ? tr('ui.duration.hm', { h: hours, m: rest }) : tr('ui.duration.m', { m: rest })
}
