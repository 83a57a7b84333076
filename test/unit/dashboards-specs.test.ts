/**
 * The chart builders are pure and render in Node as well as in the browser:
 * every one turns a few rows into a Vega-Lite spec that renders to SVG with
 * the Indonesian locale (as the PDF reports use them), shows WIB times and
 * id-ID numbers, and draws nothing but axes for no rows.
 */
import { describe, expect, it } from 'vitest'
import { renderSvg } from '../../shared/charts/render.js'
import { complianceChecksChart, complianceLevelsChart } from '../../shared/charts/compliance.js'
import { eventsHistogramChart } from '../../shared/charts/events.js'
import { growthChart } from '../../shared/charts/growth.js'
import { integrationMatrixChart } from '../../shared/charts/integration-matrix.js'
import { latencyChart } from '../../shared/charts/latency.js'
import { securityChart, securitySourcesChart } from '../../shared/charts/security.js'
import { sloBudgetChart } from '../../shared/charts/slo.js'
import { statusCodesChart } from '../../shared/charts/status-codes.js'
import { trafficChart } from '../../shared/charts/traffic.js'
import { uptimeChart, uptimeRankChart } from '../../shared/charts/uptime.js'
import type { ExploreQuery } from '../../shared/charts/types.js'
import type { TopLevelSpec } from 'vega-lite'

const opts = { lang: 'id' as const, width: 480, height: 200 }
/** Hourly buckets in WIB from 2026-11-20 00:00 WIB. */
const hours = Array.from({ length: 24 }, (_, i) => `2026-11-20T${String(i).padStart(2, '0')}:00:00+07:00`)
const p = (base: number) => ({ p50: base, p90: base * 2, p95: base * 3, p99: base * 5 })
const series = hours.map((t, i) => ({
  t,
  requests: 1000 + i * 100,
  errors_4xx: 20,
  errors_5xx: i === 10 ? 300 : 2,
  latency_ms: p(100),
  backend_ms: p(90),
  gateway_ms: p(3),
}))
const scores = ['bps', 'kemenkes'].map((instansi, i) => ({
  instansi,
  by_level: { none: 1, bronze: 2 + i, silver: 1, gold: i },
  pass_share: { https: 1, tls13: null, authentication: 0.5 },
}))

const SPECS: Record<string, () => TopLevelSpec> = {
  traffic: () => trafficChart(series, { ...opts, stepMs: 3600e3, highlight: [hours[10], hours[12]] }),
  latency: () => latencyChart(series, { ...opts, source: 'backend_ms', slaMs: 500 }),
  statusCodes: () =>
    statusCodesChart(
      [
        { code: 200, class: '2xx', count: 120000 },
        { code: 503, class: '5xx', count: 12 },
      ],
      opts,
    ),
  uptime: () =>
    uptimeChart(
      hours.map((t, i) => ({ t, uptime_pct: i === 10 ? 90 : 100, success_pct: 99.5 })),
      opts,
    ),
  uptimeRank: () =>
    uptimeRankChart(
      [
        { name: 'BPS', uptime_pct: 99.9 },
        { name: 'Kemenkes', uptime_pct: 97.2, href: '#/instansi?instansi=kemenkes' },
      ],
      opts,
    ),
  security: () =>
    securityChart(
      hours.map((t, i) => ({ t, auth_failures: i * 3, rate_limited: 1 })),
      opts,
    ),
  securitySources: () => securitySourcesChart([{ source: '203.0.113.77', auth_failures: 375, rate_limited: 0, not_found: 2 }], opts),
  growth: () =>
    growthChart(
      [
        { month: '2026-10', requests: 13000, integrations: 200 },
        { month: '2026-11', requests: 140000, integrations: 230, complete: false },
      ],
      opts,
    ),
  complianceLevels: () => complianceLevelsChart(scores, opts),
  complianceChecks: () => complianceChecksChart(scores, opts),
  integrationMatrix: () =>
    integrationMatrixChart(
      [
        { from: 'bps', to: 'kemenkes', calls: 1200 },
        { from: 'bps', to: 'bps', calls: 5 },
      ],
      { ...opts, names: { bps: 'Badan Pusat Statistik' } },
    ),
  eventsHistogram: () =>
    eventsHistogramChart(
      hours.map((ts, i) => ({ ts, requests: 100 + i, status_2xx: 90, status_3xx: 2, status_4xx: 8 + i, status_5xx: i === 10 ? 40 : 0 })),
      { ...opts, stepMs: 3600e3, brush: true },
    ),
  trafficLinked: () => trafficChart(series, { ...opts, stepMs: 3600e3, explore: (q) => `#/jelajah?start=${q.start}&end=${q.end}` }),
  sloBudget: () =>
    sloBudgetChart(
      [
        { name: 'Ketersediaan 99,9 %', error_budget_remaining: -23.5 },
        { name: 'Latensi', error_budget_remaining: 0.4 },
      ],
      opts,
    ),
}

describe('chart specs', () => {
  for (const [name, build] of Object.entries(SPECS)) {
    it(`${name} renders to SVG in Node with an accessible description`, async () => {
      const spec = build()
      expect((spec as { description?: string }).description?.length).toBeGreaterThan(10)
      const svg = await renderSvg(spec, 'id')
      expect(svg).toMatch(/^<svg/)
      expect(svg).toContain('<path')
    })
  }

  it('shows WIB wall-clock times and Indonesian numbers', async () => {
    const svg = await renderSvg(trafficChart(series, opts), 'id')
    // Buckets start at 00:00 WIB: the axis reads WIB hours (06.00, 12.00), with the id-ID separator.
    expect(svg).toContain('>06.00<')
    expect(svg).toContain('>12.00<')
    expect(svg).toMatch(/>\d\.\d{3}</) // thousands with a dot
  })

  it('English labels come from the same builders', async () => {
    const svg = await renderSvg(trafficChart(series, { ...opts, lang: 'en' }), 'en')
    expect(svg).toContain('Successful')
    expect(svg).toContain('>06:00<')
  })

  it('links every bucket (and bar) to its requests when the dashboards ask, never in PDFs', () => {
    type Layered = { layer: Array<{ data?: { values: Array<{ href: string }> }; encoding?: { href?: unknown } }> }
    const explore = (q: ExploreQuery) => `#/jelajah?${new URLSearchParams(q as Record<string, string>)}`
    const linked = trafficChart(series, { ...opts, stepMs: 3600e3, explore }) as unknown as Layered
    const links = linked.layer.find((l) => l.encoding?.href)!.data!.values
    expect(links).toHaveLength(24)
    expect(links[10]!.href).toBe(`#/jelajah?start=${encodeURIComponent('2026-11-20T03:00:00.000Z')}&end=${encodeURIComponent('2026-11-20T04:00:00.000Z')}`)
    expect((trafficChart(series, { ...opts, stepMs: 3600e3 }) as unknown as Layered).layer.some((l) => l.encoding?.href)).toBe(false)
    const codes = statusCodesChart([{ code: 503, class: '5xx', count: 12 }], { ...opts, explore }) as unknown as { data: { values: Array<{ href: string }> } }
    expect(codes.data.values[0]!.href).toBe('#/jelajah?status=503')
  })

  it('fills buckets without traffic with zeros instead of interpolating over them', () => {
    const gappy = [series[0], series[5]]
    const values = (trafficChart(gappy, { ...opts, stepMs: 3600e3 }) as { data: { values: unknown[] } }).data.values
    expect(values.length).toBe(6 * 3)
  })
})
