/**
 * Maintenance windows on the uptime chart (issue 13, point 3): a shaded band
 * per window, clipped to the series, behind the lines, with the window's time
 * and reason in its tooltip; it renders to SVG in Node (as in the PDFs).
 */
import { describe, expect, it } from 'vitest'
import { renderSvg } from '../../shared/charts/render.js'
import { uptimeChart } from '../../shared/charts/uptime.js'

const opts = { lang: 'id' as const, width: 480, height: 200, stepMs: 3600e3 }
/** 24 hourly buckets from 2026-11-20 00:00 WIB. */
const rows = Array.from({ length: 24 }, (_, i) => ({ t: `2026-11-20T${String(i).padStart(2, '0')}:00:00+07:00`, uptime_pct: 100, success_pct: 99.9 }))
const WIB = 7 * 3600e3

type Layer = { mark?: { type?: string }; data?: { values?: Array<Record<string, unknown>> } }
const bands = (spec: unknown) =>
  ((spec as { layer: Layer[] }).layer ?? []).filter((l) => l.mark?.type === 'rect' && (l.mark as { opacity?: number }).opacity !== 0)

describe('uptime chart with maintenance windows', () => {
  it('shades each window behind the lines, clipped to the series', async () => {
    const spec = uptimeChart(rows, {
      ...opts,
      maintenance: [
        { starts_at: '2026-11-20T02:00:00+07:00', ends_at: '2026-11-20T04:30:00+07:00', reason: 'Pemutakhiran gateway' },
        // reaches past the series end (24:00 WIB): drawn up to it only
        { starts_at: '2026-11-20T22:00:00+07:00', ends_at: '2026-11-22T00:00:00+07:00', reason: 'Migrasi' },
        // wholly outside the series: not drawn
        { starts_at: '2026-11-25T00:00:00+07:00', ends_at: '2026-11-25T01:00:00+07:00', reason: 'Nanti' },
      ],
    })
    const [band] = bands(spec)
    expect((spec as { layer: Layer[] }).layer.indexOf(band)).toBe(0)
    const values = band.data!.values!
    expect(values.map((v) => v.reason)).toEqual(['Pemutakhiran gateway', 'Migrasi'])
    // WIB wall clock on a UTC scale, as the lines
    expect(values[0].x).toBe(Date.parse('2026-11-20T02:00:00+07:00') + WIB)
    expect(values[1].x2).toBe(Date.parse('2026-11-21T00:00:00+07:00') + WIB)
    expect(String(values[0].when)).toContain('WIB')
    const svg = await renderSvg(spec)
    expect(svg).toContain('<svg')
  })

  it('draws no band without windows', () => {
    expect(bands(uptimeChart(rows, opts))).toEqual([])
    expect(bands(uptimeChart(rows, { ...opts, maintenance: [] }))).toEqual([])
  })
})
