/**
 * The one dictionary for user-facing text (UI, PDF, alert messages):
 * Bahasa Indonesia first, English as the switch. Keys are grouped by area in
 * ./messages; formatting of numbers, percentages and times follows the
 * language, and every time is shown in Asia/Jakarta (WIB).
 */
import { alerts } from './messages/alerts.js'
import { auth } from './messages/auth.js'
import { common } from './messages/common.js'
import { maintenance } from './messages/maintenance.js'
import { publicStatus } from './messages/public-status.js'
import { reports } from './messages/reports.js'
import { ui } from './messages/ui.js'
import { uiCsv } from './messages/ui-csv.js'
import { uiRekap } from './messages/ui-rekap.js'
import { type Lang, LANGS, type MessageGroup, type Messages } from './types.js'

export { type Lang, LANGS, type MessageGroup, type Messages } from './types.js'

const GROUPS: MessageGroup[] = [common, ui, reports, alerts, auth, publicStatus, uiCsv, maintenance, uiRekap]
const DICT: Record<Lang, Messages> = { id: {}, en: {} }
for (const g of GROUPS) {
  for (const lang of LANGS) {
    for (const [k, v] of Object.entries(g[lang])) {
      if (k in DICT[lang]) throw new Error(`i18n: duplicate key '${k}'`)
      DICT[lang][k] = v
    }
  }
}

/** Translate `key`, filling `{name}` placeholders. A missing key shows as itself (and fails the i18n test). */
export function t(key: string, params: Record<string, string | number> = {}, lang: Lang = 'id'): string {
  const text = DICT[lang][key] ?? DICT.id[key] ?? key
  return text.replace(/\{(\w+)\}/g, (_, p: string) => (params[p] === undefined ? `{${p}}` : String(params[p])))
}

export function hasKey(key: string, lang: Lang = 'id'): boolean {
  return key in DICT[lang]
}

export function allKeys(lang: Lang): string[] {
  return Object.keys(DICT[lang])
}

export const TZ = 'Asia/Jakarta'
const LOCALE: Record<Lang, string> = { id: 'id-ID', en: 'en-GB' }

export function fmtNumber(n: number, lang: Lang = 'id', digits = 0): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n)
}

/** A share 0..1 as a percentage. */
export function fmtPercent(share: number | null | undefined, lang: Lang = 'id', digits = 2): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '–'
  return `${fmtNumber(share * 100, lang, digits)} %`
}

export function fmtMs(ms: number | null | undefined, lang: Lang = 'id'): string {
  if (ms === null || ms === undefined) return '–'
  return ms >= 1000 ? `${fmtNumber(ms / 1000, lang, 2)} s` : `${fmtNumber(ms, lang, ms < 10 ? 1 : 0)} ms`
}

/** Date and time in WIB, e.g. "27 Nov 2026 22.34 WIB". */
export function fmtDateTime(when: number | string | Date, lang: Lang = 'id'): string {
  const d = new Date(when)
  const text = new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: TZ,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d)
  return `${text} WIB`
}

/** Date and time to the millisecond in WIB, e.g. "27/11/2026 22.34.05,123" (one request among many). */
export function fmtDateTimeMs(when: number | string | Date, lang: Lang = 'id'): string {
  return new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: TZ,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hour12: false,
  }).format(new Date(when))
}

export function fmtDate(when: number | string | Date, lang: Lang = 'id'): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { timeZone: TZ, day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(when))
}
