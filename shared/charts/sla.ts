/**
 * Monthly SLA per API: a grid of API × calendar month (WIB), each cell
 * coloured by whether the month met the API's SLA (availability and p95
 * latency targets) and labelled with the month's uptime. Rows follow the
 * order given; months follow the WIB convention of locale.ts.
 */
import type { TopLevelSpec } from 'vega-lite'
import { fmtNumber, t } from '../i18n/index.js'
import { wibWallClock } from './locale.js'
import type { ChartBuilder } from './types.js'

export interface SlaCell {
  api_name: string
  /** Calendar month in WIB, YYYY-MM. */
  month: string
  uptime_pct: number | null
  meets_sla: boolean | null
}

const COLORS = { met: '#2e7d32', missed: '#c62828', none: '#cfd8dc' }

export const slaChart: ChartBuilder<SlaCell> = (rows, opts) => {
  const lang = opts.lang
  const status = {
    met: t('reports.sla.met', {}, lang),
    missed: t('reports.sla.missed', {}, lang),
    none: t('reports.sla.no_traffic', {}, lang),
  }
  const values = rows.map((r) => ({
    api: r.api_name.length > 40 ? `${r.api_name.slice(0, 39)}…` : r.api_name,
    t: wibWallClock(`${r.month}-01T00:00:00+07:00`),
    status: r.meets_sla === null ? status.none : r.meets_sla ? status.met : status.missed,
    label: r.uptime_pct === null ? '–' : fmtNumber(r.uptime_pct, lang, r.uptime_pct >= 99.995 ? 0 : 2),
    dark: r.meets_sla !== null,
  }))
  const months = new Set(rows.map((r) => r.month)).size
  const step = Math.max(18, Math.min(40, Math.floor((opts.width ?? 300) / Math.max(months, 1))))
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(opts.title ? { title: opts.title } : {}),
    data: { values },
    width: { step },
    height: { step: 15 },
    config: {
      font: 'sans-serif',
      axis: { labelFontSize: 7.5, titleFontSize: 8, domain: false, ticks: false },
      legend: { labelFontSize: 7.5, symbolSize: 70 },
      view: { stroke: null },
    },
    encoding: {
      x: {
        field: 't',
        type: 'ordinal',
        timeUnit: 'utcyearmonth',
        title: null,
        axis: { format: '%b %y', orient: 'top', labelAngle: months > 8 ? -45 : 0, labelAlign: months > 8 ? 'left' : 'center' },
      },
      y: { field: 'api', type: 'nominal', sort: null, title: null, axis: { labelLimit: 210 } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1.5 },
        encoding: {
          color: {
            field: 'status',
            type: 'nominal',
            title: null,
            scale: { domain: [status.met, status.missed, status.none], range: [COLORS.met, COLORS.missed, COLORS.none] },
            legend: { orient: 'bottom', direction: 'horizontal' },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: step >= 28 ? 6.5 : 5.5 },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: { condition: { test: 'datum.dark', value: '#ffffff' }, value: '#37474f' },
        },
      },
    ],
  } as TopLevelSpec
}
