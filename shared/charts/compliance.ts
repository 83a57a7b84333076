/**
 * Compliance scorecards (Permenkomdigi 3/2025): APIs per readiness level for
 * each instansi (stacked bars), and the pass share of every check per
 * instansi (heatmap).
 */
import { COLORS, frame, label, numTooltip } from './base.js'
import type { ChartBuilder, ChartOptions } from './types.js'

export const LEVELS = ['none', 'bronze', 'silver', 'gold'] as const
export type Level = (typeof LEVELS)[number]

export interface InstansiScore {
  instansi: string
  /** Display name; defaults to the code. */
  name?: string
  by_level: Record<Level, number>
  /** Pass share 0..1 per check id; null when the check does not apply. */
  pass_share?: Record<string, number | null>
  href?: string
}

export const complianceLevelsChart = ((rows: InstansiScore[], opts: ChartOptions) => {
  const names = LEVELS.map((l) => label(`level.${l}`, opts.lang))
  const values = rows.flatMap((r) =>
    LEVELS.map((l, i) => ({
      instansi: r.name ?? r.instansi,
      href: r.href,
      series: names[i],
      value: r.by_level[l] ?? 0,
      order: i,
      gold: r.by_level.gold ?? 0,
      silver: r.by_level.silver ?? 0,
    })),
  )
  return frame(
    opts,
    'ui.chart.compliance_levels.desc',
    {
      data: { values },
      mark: { type: 'bar', cursor: 'pointer' },
      encoding: {
        y: { field: 'instansi', type: 'nominal', title: null, sort: { field: 'gold', order: 'descending' }, axis: { labelLimit: 220 } },
        x: { field: 'value', type: 'quantitative', stack: 'zero', title: label('metric.apis', opts.lang) },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: LEVELS.map((l) => COLORS.level[l]) }, sort: names },
        order: { field: 'order', type: 'quantitative' },
        href: { field: 'href' },
        tooltip: [
          { field: 'instansi', type: 'nominal', title: label('metric.instansi', opts.lang) },
          { field: 'series', type: 'nominal', title: label('ui.chart.level', opts.lang) },
          numTooltip('value', label('metric.apis', opts.lang)),
        ],
      },
    },
    Math.max(100, rows.length * 18 + 40),
  )
}) satisfies ChartBuilder<InstansiScore>

/** Instansi × check heatmap of pass shares; checks that do not apply stay blank. */
export const complianceChecksChart = ((rows: InstansiScore[], opts: ChartOptions) => {
  const values = rows.flatMap((r) =>
    Object.entries(r.pass_share ?? {}).flatMap(([check, share]) =>
      share === null ? [] : [{ instansi: r.name ?? r.instansi, check: label(`check.${check}`, opts.lang), pct: share * 100 }],
    ),
  )
  return frame(
    opts,
    'ui.chart.compliance_checks.desc',
    {
      data: { values },
      mark: { type: 'rect', stroke: '#fff', strokeWidth: 1 },
      encoding: {
        y: { field: 'instansi', type: 'nominal', title: null, axis: { labelLimit: 220 } },
        x: { field: 'check', type: 'nominal', title: null, axis: { labelAngle: -35, labelLimit: 160 } },
        color: { field: 'pct', type: 'quantitative', title: '%', scale: { domain: [0, 100], range: [COLORS.bad, '#f2d16b', COLORS.ok] } },
        tooltip: [
          { field: 'instansi', type: 'nominal', title: label('metric.instansi', opts.lang) },
          { field: 'check', type: 'nominal', title: label('ui.chart.check', opts.lang) },
          numTooltip('pct', '%', ',.1f'),
        ],
      },
    },
    // rows plus the rotated check labels below
    Math.max(100, rows.length * 18 + 110),
  )
}) satisfies ChartBuilder<InstansiScore>
