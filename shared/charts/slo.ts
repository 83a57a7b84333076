/** SLOs: error budget remaining per SLO (bars, overspent in red). */
import { COLORS, frame, label, numTooltip } from './base.js'
import type { ChartBuilder } from './types.js'

export interface SloBudget {
  /** SLO name or id */
  name: string
  /** 1 − bad / allowed bad; negative when overspent; null without traffic */
  error_budget_remaining: number | null
  sli_pct?: number | null
  objective?: number
}

export const sloBudgetChart: ChartBuilder<SloBudget> = (rows, opts) => {
  const values = rows
    .filter((r) => r.error_budget_remaining !== null)
    // An overspent budget can reach −10 000 %: the bar stops at −100 %, the tooltip has the value.
    .map((r) => ({
      ...r,
      pct: (r.error_budget_remaining ?? 0) * 100,
      bar: Math.max(-100, (r.error_budget_remaining ?? 0) * 100),
      state: (r.error_budget_remaining ?? 0) < 0 ? 'over' : (r.error_budget_remaining ?? 0) < 0.25 ? 'low' : 'ok',
    }))
  const budget = `${label('ui.chart.error_budget', opts.lang)} (%)`
  return frame(
    opts,
    'ui.chart.slo_budget.desc',
    {
      data: { values },
      layer: [
        {
          mark: { type: 'bar', cornerRadiusEnd: 2 },
          encoding: {
            y: { field: 'name', type: 'nominal', title: null, sort: { field: 'pct', order: 'ascending' }, axis: { labelLimit: 240 } },
            x: { field: 'bar', type: 'quantitative', title: budget, scale: { domain: [-100, 100] }, axis: { format: ',.0f' } },
            color: { field: 'state', type: 'nominal', legend: null, scale: { domain: ['ok', 'low', 'over'], range: [COLORS.ok, COLORS.warn, COLORS.bad] } },
            tooltip: [
              { field: 'name', type: 'nominal', title: 'SLO' },
              numTooltip('pct', budget, ',.1f'),
              numTooltip('sli_pct', 'SLI (%)', ',.3f'),
              numTooltip('objective', label('ui.chart.objective', opts.lang), ',.2f'),
            ],
          },
        },
        { mark: { type: 'rule', color: COLORS.muted }, encoding: { x: { datum: 0 } } },
      ],
    },
    Math.max(80, values.length * 22),
  )
}
