/**
 * Filter state lives in the URL hash (`#/page?period=30d&instansi=…&api=…`),
 * so any view can be shared as a link. Periods resolve to the API's from/to:
 * relative presets slide with auto refresh; calendar ones are WIB midnights.
 */
export const PERIODS = ['24h', '7d', '30d', '90d', 'ytd', 'lastyear', 'custom'] as const
export type Period = (typeof PERIODS)[number]
export const PERIOD_LABELS: Record<Period, string> = {
  '24h': 'ui.period.24h',
  '7d': 'ui.period.7d',
  '30d': 'ui.period.30d',
  '90d': 'ui.period.90d',
  ytd: 'ui.period.ytd',
  lastyear: 'ui.period.lastyear',
  custom: 'ui.period.custom',
}
export const REFRESH = [0, 30, 60, 300] as const
export const DEFAULT_PERIOD: Period = '7d'

export interface Filters {
  period: Period
  /** Custom range, YYYY-MM-DD (WIB), `to` inclusive. */
  from?: string
  to?: string
  instansi?: string
  api?: string
  /** Auto refresh, seconds (0 = off). */
  refresh: number
}

export interface Route {
  page: string
  filters: Filters
  /** Page-specific parameters (e.g. the incident id). */
  extra: Record<string, string>
}

const FILTER_KEYS = ['period', 'from', 'to', 'instansi', 'api', 'refresh']
const DATE = /^\d{4}-\d{2}-\d{2}$/

export function parseHash(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?')
  const q = new URLSearchParams(query)
  const period = (PERIODS as readonly string[]).includes(q.get('period') ?? '') ? (q.get('period') as Period) : DEFAULT_PERIOD
  const refresh = Number(q.get('refresh') ?? 0)
  const filters: Filters = {
    period,
    refresh: (REFRESH as readonly number[]).includes(refresh) ? refresh : 0,
    instansi: q.get('instansi') || undefined,
    api: q.get('api') || undefined,
  }
  if (period === 'custom') {
    const from = q.get('from') ?? ''
    const to = q.get('to') ?? ''
    if (DATE.test(from) && DATE.test(to) && from <= to) Object.assign(filters, { from, to })
    else filters.period = DEFAULT_PERIOD
  }
  const extra: Record<string, string> = {}
  for (const [k, v] of q) if (!FILTER_KEYS.includes(k)) extra[k] = v
  return { page: path || 'nasional', filters, extra }
}

export function toHash(page: string, filters: Filters, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams()
  if (filters.period !== DEFAULT_PERIOD) q.set('period', filters.period)
  if (filters.period === 'custom' && filters.from && filters.to) {
    q.set('from', filters.from)
    q.set('to', filters.to)
  }
  if (filters.instansi) q.set('instansi', filters.instansi)
  if (filters.api) q.set('api', filters.api)
  if (filters.refresh) q.set('refresh', String(filters.refresh))
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v)
  const s = q.toString()
  return `#/${page}${s ? `?${s}` : ''}`
}

const WIB_MS = 7 * 3600e3

/** 00:00 WIB on 1 January of `year`, as an ISO instant. */
function wibNewYear(year: number): string {
  return new Date(Date.UTC(year, 0, 1) - WIB_MS).toISOString()
}

/** The API's from/to for a filter state. */
export function rangeOf(f: Filters, now = Date.now()): { from: string; to: string } {
  const year = new Date(now + WIB_MS).getUTCFullYear()
  switch (f.period) {
    case '24h':
      return { from: 'now-24h', to: 'now' }
    case '30d':
      return { from: 'now-30d', to: 'now' }
    case '90d':
      return { from: 'now-90d', to: 'now' }
    case 'ytd':
      return { from: wibNewYear(year), to: 'now' }
    case 'lastyear':
      return { from: wibNewYear(year - 1), to: wibNewYear(year) }
    case 'custom': {
      const end = new Date(Date.parse(`${f.to}T00:00:00Z`) + 86400e3).toISOString().slice(0, 10)
      return { from: f.from!, to: end }
    }
    default:
      return { from: 'now-7d', to: 'now' }
  }
}

/** Query parameters for a metrics call: the range plus the scope filters that are set. */
export function scopeParams(f: Filters, scope: { instansi?: boolean; api?: boolean } = { instansi: true, api: true }): Record<string, string> {
  const p: Record<string, string> = { ...rangeOf(f) }
  if (scope.instansi && f.instansi) p.instansi = f.instansi
  if (scope.api && f.api) p.api = f.api
  return p
}
