/**
 * Availability: uptime and request success over time (availability series)
 * with maintenance windows shaded, and a ranking of instansi or APIs by
 * uptime whose bars link to their page.
 */
import { fmtDateTime } from '../i18n/index.js'
import { bucketLinks, COLORS, colorScale, frame, label, numTooltip, timeX, whenTooltip, withTime } from './base.js'
import { wibWallClock } from './locale.js'
import type { ChartBuilder, ChartOptions } from './types.js'

export interface UptimePoint {
  t: string
  uptime_pct: number | null
  success_pct: number | null
  requests?: number
}

export interface UptimeRank {
  /** Shown on the axis (an instansi or API name). */
  name: string
  uptime_pct: number | null
  success_pct?: number | null
  requests?: number
  /** Drill-down link (the dashboards); ignored in PDFs. */
  href?: string
}

/** A maintenance window drawn as a shaded band (its minutes are left out of the numbers). */
export interface MaintenanceBand {
  starts_at: string
  ends_at: string
  reason: string
}

/**
 * Shaded bands behind the lines for the maintenance windows, clipped to the
 * series (a window reaching past the range does not stretch the axis).
 */
function maintenanceLayer(bands: readonly MaintenanceBand[], rows: UptimePoint[], opts: ChartOptions) {
  if (bands.length === 0 || rows.length === 0) return []
  const first = Date.parse(rows[0].t)
  const last = Date.parse(rows[rows.length - 1].t) + (opts.stepMs ?? 0)
  const values = bands
    .map((b) => ({ b, from: Math.max(first, Date.parse(b.starts_at)), to: Math.min(last, Date.parse(b.ends_at)) }))
    .filter(({ from, to }) => to > from)
    .map(({ b, from, to }) => ({
      x: wibWallClock(from),
      x2: wibWallClock(to),
      label: label('maintenance.label', opts.lang),
      when: `${fmtDateTime(b.starts_at, opts.lang)} – ${fmtDateTime(b.ends_at, opts.lang)}`,
      reason: b.reason,
      hint: label('maintenance.chart.hint', opts.lang),
    }))
  if (values.length === 0) return []
  return [
    {
      data: { values },
      mark: { type: 'rect', color: COLORS.muted, opacity: 0.22 },
      encoding: {
        x: { field: 'x', type: 'temporal', scale: { type: 'utc' } },
        x2: { field: 'x2' },
        tooltip: [
          { field: 'label', type: 'nominal', title: label('maintenance.label', opts.lang) },
          { field: 'when', type: 'nominal', title: label('maintenance.period', opts.lang) },
          { field: 'reason', type: 'nominal', title: label('maintenance.reason', opts.lang) },
          { field: 'hint', type: 'nominal', title: ' ' },
        ],
      },
    },
  ]
}

const floorOf = (values: number[]) => Math.max(0, Math.min(99, Math.floor(Math.min(...values, 100) - 0.5)))

/** Uptime and success over time; `maintenance` windows are shaded behind the lines. */
export const uptimeChart = ((rows: UptimePoint[], opts: ChartOptions & { maintenance?: readonly MaintenanceBand[] }) => {
  const names = [label('metric.uptime', opts.lang), label('metric.success_rate', opts.lang)]
  const values = withTime(rows, opts.lang).flatMap((r) =>
    [r.uptime_pct, r.success_pct].flatMap((v, i) => (v === null || v === undefined ? [] : [{ x: r.x, when: r.when, series: names[i], value: v }])),
  )
  const line = {
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.6 },
    encoding: {
      x: timeX(opts.lang),
      y: {
        field: 'value',
        type: 'quantitative',
        title: '%',
        scale: { domain: [floorOf(values.map((v) => v.value)), 100], clamp: true, zero: false },
        axis: { format: ',.1f' },
      },
      color: colorScale(names, [COLORS.primary, COLORS.ok]),
      tooltip: [whenTooltip(opts.lang), { field: 'series', type: 'nominal', title: label('ui.chart.series', opts.lang) }, numTooltip('value', '%', ',.2f')],
    },
  }
  // a bucket's failing requests (5xx) are what lowers it
  const links = bucketLinks(
    rows.map((r) => r.t),
    opts,
    { query: { status_class: '5xx' } },
  )
  return frame(opts, 'ui.chart.uptime.desc', { data: { values }, layer: [...maintenanceLayer(opts.maintenance ?? [], rows, opts), line, ...links] })
}) satisfies ChartBuilder<UptimePoint>

/** Horizontal bars, lowest uptime first; below `targetPct` in red. */
export const uptimeRankChart = ((rows: UptimeRank[], opts: ChartOptions & { targetPct?: number }) => {
  const target = opts.targetPct ?? 99.5
  const values = rows.filter((r) => r.uptime_pct !== null).map((r) => ({ ...r, meets: (r.uptime_pct ?? 0) >= target }))
  const rowHeight = 18
  return frame(
    opts,
    'ui.chart.uptime_rank.desc',
    {
      data: { values },
      mark: { type: 'bar', cornerRadiusEnd: 2, cursor: 'pointer' },
      encoding: {
        y: { field: 'name', type: 'nominal', sort: { field: 'uptime_pct', order: 'ascending' }, title: null, axis: { labelLimit: 220 } },
        x: {
          field: 'uptime_pct',
          type: 'quantitative',
          title: `${label('metric.uptime', opts.lang)} (%)`,
          scale: { domain: [floorOf(values.map((v) => v.uptime_pct ?? 100)), 100], clamp: true, zero: false },
          axis: { format: ',.1f' },
        },
        color: { field: 'meets', type: 'nominal', legend: null, scale: { domain: [true, false], range: [COLORS.ok, COLORS.bad] } },
        href: { field: 'href' },
        tooltip: [
          { field: 'name', type: 'nominal', title: label('ui.chart.name', opts.lang) },
          numTooltip('uptime_pct', `${label('metric.uptime', opts.lang)} (%)`, ',.2f'),
          numTooltip('success_pct', `${label('metric.success_rate', opts.lang)} (%)`, ',.2f'),
          numTooltip('requests', label('metric.requests', opts.lang)),
        ],
      },
    },
    Math.max(80, values.length * rowHeight),
  )
}) satisfies ChartBuilder<UptimeRank>
