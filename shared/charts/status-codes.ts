/** Responses by HTTP status code, colored by class (2xx … 5xx); each bar links to its requests. */
import { COLORS, frame, label, logTicks, numTooltip } from './base.js'
import type { ChartBuilder, ChartOptions } from './types.js'

export interface StatusCodeCount {
  code: number
  class: string
  count: number
}

const CLASS_COLORS: Record<string, string> = { '1xx': COLORS.muted, '2xx': COLORS.ok, '3xx': COLORS.primary, '4xx': COLORS.warn, '5xx': COLORS.bad }

export const statusCodesChart = ((rows: StatusCodeCount[], opts: ChartOptions & { errorsOnly?: boolean }) => {
  const values = rows
    .filter((r) => r.count > 0 && (!opts.errorsOnly || r.code >= 400))
    .map((r) => ({ ...r, code: String(r.code), href: opts.explore?.({ status: String(r.code) }) }))
  const classes = Object.keys(CLASS_COLORS)
  const ticks = logTicks(1, Math.max(1, ...values.map((v) => v.count)))
  return frame(opts, 'ui.chart.status_codes.desc', {
    data: { values },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      x: { field: 'code', type: 'ordinal', sort: 'ascending', title: label('ui.chart.status_code', opts.lang), axis: { labelAngle: 0 } },
      y: {
        field: 'count',
        type: 'quantitative',
        scale: { type: 'symlog' },
        title: label('metric.requests', opts.lang),
        axis: { format: ',.0f', values: ticks },
      },
      color: { field: 'class', type: 'nominal', title: null, scale: { domain: classes, range: classes.map((c) => CLASS_COLORS[c]) } },
      ...(opts.explore ? { href: { field: 'href' } } : {}),
      tooltip: [{ field: 'code', type: 'nominal', title: label('ui.chart.status_code', opts.lang) }, numTooltip('count', label('metric.requests', opts.lang))],
    },
  })
}) satisfies ChartBuilder<StatusCodeCount>
