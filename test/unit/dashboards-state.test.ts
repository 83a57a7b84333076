/** Filter state in the URL hash: parsing, writing back, and the API range of each period (WIB calendar). */
import { describe, expect, it } from 'vitest'
import { parseHash, rangeOf, scopeParams, toHash } from '../../dashboards/ui/state.js'

describe('dashboard URL state', () => {
  it('round-trips filters and page parameters', () => {
    const hash = '#/insiden?period=custom&from=2026-11-01&to=2026-11-15&instansi=bps&api=bps.sensus.v1&refresh=60&id=x%40y'
    const r = parseHash(hash)
    expect(r).toEqual({
      page: 'insiden',
      filters: { period: 'custom', from: '2026-11-01', to: '2026-11-15', instansi: 'bps', api: 'bps.sensus.v1', refresh: 60 },
      extra: { id: 'x@y' },
    })
    expect(parseHash(toHash(r.page, r.filters, r.extra))).toEqual(r)
  })

  it('falls back to the defaults on nonsense', () => {
    expect(parseHash('')).toEqual({ page: 'nasional', filters: { period: '7d', refresh: 0, instansi: undefined, api: undefined }, extra: {} })
    expect(parseHash('#/api?period=2y&refresh=7').filters).toMatchObject({ period: '7d', refresh: 0 })
    // a custom range needs two dates in order
    expect(parseHash('#/nasional?period=custom&from=2026-11-15&to=2026-11-01').filters.period).toBe('7d')
    expect(toHash('nasional', { period: '7d', refresh: 0 })).toBe('#/nasional')
  })

  it('resolves periods to the API range, calendar ones at 00:00 WIB', () => {
    const now = Date.parse('2026-01-01T03:00:00+07:00') // already 2026 in WIB, still 2025 in UTC
    expect(rangeOf({ period: '24h', refresh: 0 }, now)).toEqual({ from: 'now-24h', to: 'now' })
    expect(rangeOf({ period: 'ytd', refresh: 0 }, now)).toEqual({ from: '2025-12-31T17:00:00.000Z', to: 'now' })
    expect(rangeOf({ period: 'lastyear', refresh: 0 }, now)).toEqual({ from: '2024-12-31T17:00:00.000Z', to: '2025-12-31T17:00:00.000Z' })
    // the custom `to` day is inclusive: the API gets the next midnight
    expect(rangeOf({ period: 'custom', from: '2026-02-01', to: '2026-02-28', refresh: 0 })).toEqual({ from: '2026-02-01', to: '2026-03-01' })
    expect(scopeParams({ period: '30d', refresh: 0, instansi: 'bps', api: 'a' }, { instansi: true })).toEqual({ from: 'now-30d', to: 'now', instansi: 'bps' })
  })
})
