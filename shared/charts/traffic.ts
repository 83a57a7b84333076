/** Requests over time, stacked as successful, 4xx and 5xx (performance series); each bucket links to its requests. */
import { bucketLinks, COLORS, colorScale, fillGaps, frame, label, numTooltip, timeX, whenTooltip, withTime } from './base.js'
import { wibWallClock } from './locale.js'
import type { ChartBuilder, ChartOptions } from './types.js'

export interface TrafficPoint {
  /** Bucket start, ISO 8601 */
  t: string
  requests: number
  errors_4xx: number
  errors_5xx: number
}

/** `highlight` shades a time window (e.g. an incident), ISO 8601 start and end. */
export const trafficChart = ((rows: TrafficPoint[], opts: ChartOptions & { highlight?: [string, string] }) => {
  const names = [label('ui.chart.success', opts.lang), label('ui.chart.errors_4xx', opts.lang), label('ui.chart.errors_5xx', opts.lang)]
  const filled = fillGaps(rows, opts.stepMs, (t) => ({ t, requests: 0, errors_4xx: 0, errors_5xx: 0 }))
  const values = withTime(filled, opts.lang).flatMap((r) => {
    const parts = [Math.max(0, r.requests - r.errors_4xx - r.errors_5xx), r.errors_4xx, r.errors_5xx]
    return parts.map((value, i) => ({ x: r.x, when: r.when, series: names[i], value, total: r.requests, order: i }))
  })
  const area = {
    mark: { type: 'area', interpolate: 'monotone', opacity: 0.85 },
    encoding: {
      x: timeX(opts.lang),
      y: { field: 'value', type: 'quantitative', stack: 'zero', title: label('metric.requests', opts.lang), axis: { format: ',.0f', tickMinStep: 1 } },
      color: colorScale(names, [COLORS.ok, COLORS.warn, COLORS.bad]),
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        whenTooltip(opts.lang),
        { field: 'series', type: 'nominal', title: label('ui.chart.series', opts.lang) },
        numTooltip('value', label('metric.requests', opts.lang)),
        numTooltip('total', label('ui.chart.total', opts.lang)),
      ],
    },
  }
  const shade = opts.highlight
    ? [
        {
          data: { values: [{ x: wibWallClock(opts.highlight[0]), x2: wibWallClock(opts.highlight[1]) }] },
          mark: { type: 'rect', color: COLORS.bad, opacity: 0.12 },
          encoding: { x: { field: 'x', type: 'temporal', scale: { type: 'utc' } }, x2: { field: 'x2' } },
        },
      ]
    : []
  const byT = new Map(filled.map((r) => [r.t, r]))
  const links = bucketLinks(
    filled.map((r) => r.t),
    opts,
    {
      tooltip: (t) => ({ total: byT.get(t)?.requests ?? 0, e4: byT.get(t)?.errors_4xx ?? 0, e5: byT.get(t)?.errors_5xx ?? 0 }),
      tooltipTitles: { total: label('ui.chart.total', opts.lang), e4: names[1]!, e5: names[2]! },
    },
  )
  return frame(opts, 'ui.chart.traffic.desc', { data: { values }, layer: [...shade, area, ...links] })
}) satisfies ChartBuilder<TrafficPoint>
