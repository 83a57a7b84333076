/**
 * Totals merged from a series' own groups (GROUP BY ROLLUP) are only the
 * totals when the series rows span what the totals' rows span: long ranges
 * read whole hours unless the series needs minute rows.
 */
import { describe, expect, it } from 'vitest'
import type { Range } from '../../shared/metrics/range.js'
import { seriesCoversTotals } from '../../shared/metrics/rollup.js'

const T = Date.parse('2026-11-04T03:17:00Z')
const DAY = 86400e3
const range = (fromMs: number, toMs: number, extra: Partial<Range> = {}) => ({ fromMs, toMs, ...extra }) as Range

describe('seriesCoversTotals', () => {
  it('holds for hourly and daily buckets, whatever the range', () => {
    expect(seriesCoversTotals(range(T, T + 30 * DAY), '1d')).toBe(true)
    expect(seriesCoversTotals(range(T, T + 30 * DAY), '1h')).toBe(true)
    expect(seriesCoversTotals(range(T, T + 3600e3), '1h')).toBe(true)
  })

  it('holds for minute buckets over two days or less (both read whole minutes)', () => {
    expect(seriesCoversTotals(range(T, T + DAY), '15m')).toBe(true)
  })

  it('fails for minute buckets over a long range that does not start and end on the hour', () => {
    expect(seriesCoversTotals(range(T, T + 3 * DAY), '15m')).toBe(false)
    expect(seriesCoversTotals(range(T - 17 * 60e3, T - 17 * 60e3 + 3 * DAY), '15m')).toBe(true)
  })

  it('holds with a consumer filter (both read the hourly consumer rows)', () => {
    expect(seriesCoversTotals(range(T, T + 3 * DAY, { consumer: 'app' }), '15m')).toBe(true)
  })
})
