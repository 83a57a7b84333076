/**
 * The national recap of an SPBE indicator: instansi per maturity level
 * (0–5), stacked by kind of instansi (kementerian, lembaga, provinsi,
 * kabupaten, kota). Each bar links to the recap table filtered to its level.
 */
import { COLORS, frame, label, numTooltip } from './base.js'
import type { ChartBuilder, ChartOptions } from './types.js'

export const RECAP_LEVELS = [0, 1, 2, 3, 4, 5] as const
export const INSTANSI_KINDS = ['kementerian', 'lembaga', 'provinsi', 'kabupaten', 'kota'] as const

export interface RecapLevelRow {
  level: number
  kind: string
  instansi: number
  href?: string
}

export const recapLevelsChart = ((rows: RecapLevelRow[], opts: ChartOptions) => {
  const levelName = (l: number) => `${l} · ${label(`reports.level.${l}`, opts.lang)}`
  const kindName = (k: string) => label(`ui.rekap.kind.${k}`, opts.lang)
  const values = rows.map((r) => ({ ...r, level_name: levelName(r.level), kind_name: kindName(r.kind), order: INSTANSI_KINDS.indexOf(r.kind as never) }))
  const kinds = INSTANSI_KINDS.map(kindName)
  return frame(
    opts,
    'ui.chart.rekap_levels.desc',
    {
      data: { values },
      mark: { type: 'bar', cursor: 'pointer' },
      encoding: {
        x: {
          field: 'level_name',
          type: 'ordinal',
          title: label('ui.rekap.level', opts.lang),
          sort: RECAP_LEVELS.map(levelName),
          axis: { labelAngle: 0, labelLimit: 140 },
        },
        y: {
          field: 'instansi',
          type: 'quantitative',
          stack: 'zero',
          title: label('ui.rekap.instansi_count', opts.lang),
          axis: { tickMinStep: 1, format: ',d' },
        },
        color: { field: 'kind_name', type: 'nominal', title: null, scale: { domain: kinds, range: COLORS.series.slice(0, kinds.length) }, sort: kinds },
        order: { field: 'order', type: 'quantitative' },
        href: { field: 'href' },
        tooltip: [
          { field: 'level_name', type: 'nominal', title: label('ui.rekap.level', opts.lang) },
          { field: 'kind_name', type: 'nominal', title: label('ui.rekap.kind', opts.lang) },
          numTooltip('instansi', label('ui.rekap.instansi_count', opts.lang)),
        ],
      },
    },
    240,
  )
}) satisfies ChartBuilder<RecapLevelRow>
