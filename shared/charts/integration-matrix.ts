/**
 * The instansi-to-instansi integration graph drawn as a consumer × provider
 * matrix: one cell per integration, colored by calls (log scale).
 */
import { COLORS, frame, label, numTooltip } from './base.js'
import type { ChartBuilder, ChartOptions } from './types.js'

export interface IntegrationEdge {
  /** Consumer instansi code */
  from: string
  /** Provider instansi code */
  to: string
  calls: number
  consumers?: number
  internal?: boolean
}

export const integrationMatrixChart = ((rows: IntegrationEdge[], opts: ChartOptions & { names?: Record<string, string>; includeInternal?: boolean }) => {
  const name = (code: string) => opts.names?.[code] ?? code
  const values = rows
    .filter((r) => r.calls > 0 && (opts.includeInternal || r.from !== r.to))
    .map((r) => ({ consumer: name(r.from), provider: name(r.to), calls: r.calls, consumers: r.consumers ?? null }))
  const consumers = new Set(values.map((v) => v.consumer)).size
  const consumerTitle = label('ui.chart.consumer_instansi', opts.lang)
  const providerTitle = label('ui.chart.provider_instansi', opts.lang)
  return frame(
    opts,
    'ui.chart.integrations.desc',
    {
      data: { values },
      mark: { type: 'rect', stroke: '#fff', strokeWidth: 0.5 },
      encoding: {
        x: { field: 'provider', type: 'nominal', title: providerTitle, axis: { labelAngle: -45, labelLimit: 140, orient: 'top' } },
        y: { field: 'consumer', type: 'nominal', title: consumerTitle, axis: { labelLimit: 160 } },
        color: {
          field: 'calls',
          type: 'quantitative',
          title: label('ui.chart.calls', opts.lang),
          scale: { type: 'log', range: ['#dbe8f6', COLORS.primary] },
          legend: { format: ',.0f' },
        },
        tooltip: [
          { field: 'consumer', type: 'nominal', title: consumerTitle },
          { field: 'provider', type: 'nominal', title: providerTitle },
          numTooltip('calls', label('ui.chart.calls', opts.lang)),
          numTooltip('consumers', label('metric.consumers', opts.lang)),
        ],
      },
    },
    // rows plus the rotated provider labels on top
    Math.max(180, consumers * 20 + 140),
  )
}) satisfies ChartBuilder<IntegrationEdge>
