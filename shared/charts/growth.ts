/** Adoption growth per month (WIB): requests as bars, integrations (consumer → provider pairs) as a line. */
import { COLORS, frame, label, numTooltip } from './base.js'
import type { ChartBuilder } from './types.js'

export interface GrowthMonth {
  /** 'YYYY-MM' */
  month: string
  requests: number
  integrations: number
  /** false for a month the range only partly covers */
  complete?: boolean
}

export const growthChart: ChartBuilder<GrowthMonth> = (rows, opts) => {
  const values = rows.map((r) => ({ ...r, x: Date.parse(`${r.month}-01T00:00:00Z`), partial: r.complete === false }))
  const x = { field: 'x', type: 'ordinal', timeUnit: 'utcyearmonth', title: null, axis: { format: '%b %Y', labelAngle: 0 } }
  const requests = label('metric.requests', opts.lang)
  const integrations = label('ui.chart.integrations', opts.lang)
  return frame(opts, 'ui.chart.growth.desc', {
    data: { values },
    layer: [
      {
        mark: { type: 'bar', color: COLORS.primary, cornerRadiusEnd: 2, width: { band: 0.6 } },
        encoding: {
          x,
          y: { field: 'requests', type: 'quantitative', title: requests, axis: { format: ',.0f', titleColor: COLORS.primary } },
          opacity: { condition: { test: 'datum.partial', value: 0.45 }, value: 1 },
          tooltip: [
            { field: 'month', type: 'nominal', title: label('ui.chart.month', opts.lang) },
            numTooltip('requests', requests),
            numTooltip('integrations', integrations),
          ],
        },
      },
      {
        mark: { type: 'line', color: COLORS.ok, point: { filled: true, size: 50 }, strokeWidth: 2 },
        encoding: {
          x,
          y: {
            field: 'integrations',
            type: 'quantitative',
            title: integrations,
            axis: { format: ',.0f', tickMinStep: 1, titleColor: COLORS.ok, orient: 'right' },
          },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  })
}
