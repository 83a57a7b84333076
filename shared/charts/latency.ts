/** Latency percentiles (p50, p90, p95, p99) over time: total, backend or gateway. */
import { bucketLinks, COLORS, colorScale, frame, label, logTicks, numTooltip, timeX, whenTooltip, withTime } from './base.js'
import type { ChartBuilder, ChartOptions } from './types.js'

export interface Percentiles {
  p50: number
  p90: number
  p95: number
  p99: number
}

export interface LatencyPoint {
  t: string
  requests?: number
  latency_ms: Percentiles
  backend_ms?: Percentiles
  gateway_ms?: Percentiles
}

export type LatencySource = 'latency_ms' | 'backend_ms' | 'gateway_ms'
export const PERCENTILES = ['p50', 'p90', 'p95', 'p99'] as const

export const latencyChart = ((rows: LatencyPoint[], opts: ChartOptions & { source?: LatencySource; slaMs?: number }) => {
  const source = opts.source ?? 'latency_ms'
  const values = withTime(rows, opts.lang).flatMap((r) => {
    // Empty buckets carry zeros: they are gaps, not fast requests.
    if (r.requests === 0) return []
    const p = r[source]
    return p ? PERCENTILES.map((q) => ({ x: r.x, when: r.when, series: q, value: p[q] })) : []
  })
  const ms = values.map((v) => v.value)
  const line = {
    mark: { type: 'line', interpolate: 'monotone', strokeWidth: 1.6, point: false },
    encoding: {
      x: timeX(opts.lang),
      y: {
        field: 'value',
        type: 'quantitative',
        title: `${label(`ui.chart.latency.${source}`, opts.lang)} (ms)`,
        scale: { type: 'symlog' },
        axis: { format: ',.0f', values: logTicks(Math.min(...ms), Math.max(...ms, opts.slaMs ?? 0)) },
      },
      color: colorScale([...PERCENTILES], COLORS.series),
      tooltip: [
        whenTooltip(opts.lang),
        { field: 'series', type: 'nominal', title: label('ui.chart.percentile', opts.lang) },
        numTooltip('value', 'ms', ',.1f'),
      ],
    },
  }
  const sla = opts.slaMs
    ? [
        {
          data: { values: [{ sla: opts.slaMs }] },
          mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.bad },
          encoding: { y: { field: 'sla', type: 'quantitative' } },
        },
      ]
    : []
  const links = bucketLinks(
    rows.filter((r) => r.requests !== 0).map((r) => r.t),
    opts,
    { tooltip: (t) => ({ p95: rows.find((r) => r.t === t)?.[source]?.p95 ?? 0 }), tooltipTitles: { p95: 'p95 (ms)' } },
  )
  return frame(opts, 'ui.chart.latency.desc', { data: { values }, layer: [line, ...sla, ...links] })
}) satisfies ChartBuilder<LatencyPoint>
