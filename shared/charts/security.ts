/** Security: failed authentications and rate limiting over time, and the sources behind them. */
import { bucketLinks, COLORS, colorScale, fillGaps, frame, label, numTooltip, timeX, whenTooltip, withTime } from './base.js'
import type { ChartBuilder } from './types.js'

export interface SecurityPoint {
  t: string
  auth_failures: number
  rate_limited: number
}

export interface SecuritySource {
  source: string
  auth_failures: number
  rate_limited: number
  not_found: number
}

export const securityChart: ChartBuilder<SecurityPoint> = (rows, opts) => {
  const names = [label('ui.chart.auth_failures', opts.lang), label('ui.chart.rate_limited', opts.lang)]
  const filled = fillGaps(rows, opts.stepMs, (t) => ({ t, auth_failures: 0, rate_limited: 0 }))
  const values = withTime(filled, opts.lang).flatMap((r) => [
    { x: r.x, when: r.when, series: names[0], value: r.auth_failures },
    { x: r.x, when: r.when, series: names[1], value: r.rate_limited },
  ])
  const line = {
    mark: { type: 'line', interpolate: 'monotone', strokeWidth: 1.6 },
    encoding: {
      x: timeX(opts.lang),
      y: { field: 'value', type: 'quantitative', title: label('metric.requests', opts.lang), axis: { format: ',.0f', tickMinStep: 1 } },
      color: colorScale(names, [COLORS.bad, COLORS.warn]),
      tooltip: [
        whenTooltip(opts.lang),
        { field: 'series', type: 'nominal', title: label('ui.chart.series', opts.lang) },
        numTooltip('value', label('metric.requests', opts.lang)),
      ],
    },
  }
  // failed authentications and rate limiting are 4xx answers
  const links = bucketLinks(
    filled.map((r) => r.t),
    opts,
    { query: { status_class: '4xx' } },
  )
  return frame(opts, 'ui.chart.security.desc', { data: { values }, layer: [line, ...links] })
}

/** Stacked bars per source address: auth failures, 429s and 404s; each bar links to the source's 4xx requests. */
export const securitySourcesChart: ChartBuilder<SecuritySource> = (rows, opts) => {
  const names = [label('ui.chart.auth_failures', opts.lang), label('ui.chart.rate_limited', opts.lang), label('ui.chart.not_found', opts.lang)]
  const values = rows.flatMap((r) =>
    [r.auth_failures, r.rate_limited, r.not_found].map((value, i) => ({
      source: r.source || '–',
      series: names[i],
      value,
      order: i,
      href: r.source ? opts.explore?.({ client_address: r.source, status_class: '4xx' }) : undefined,
    })),
  )
  return frame(
    opts,
    'ui.chart.security_sources.desc',
    {
      data: { values },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        y: { field: 'source', type: 'nominal', sort: '-x', title: null },
        x: { field: 'value', type: 'quantitative', stack: 'zero', title: label('metric.requests', opts.lang), axis: { format: ',.0f', tickMinStep: 1 } },
        color: colorScale(names, [COLORS.bad, COLORS.warn, COLORS.muted]),
        order: { field: 'order', type: 'quantitative' },
        ...(opts.explore ? { href: { field: 'href' } } : {}),
        tooltip: [
          { field: 'source', type: 'nominal', title: label('ui.chart.source', opts.lang) },
          { field: 'series', type: 'nominal', title: label('ui.chart.series', opts.lang) },
          numTooltip('value', label('metric.requests', opts.lang)),
        ],
      },
    },
    Math.max(100, rows.length * 22),
  )
}
