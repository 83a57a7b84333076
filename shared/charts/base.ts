/**
 * Pieces every chart builder shares: the frame (size, theme, accessible
 * description), the WIB time axis, and the palette. Builders stay pure, so
 * the same code runs in the browser bundle and in Node (PDF reports).
 */
import type { TopLevelSpec } from 'vega-lite'
import { fmtDateTime, t, type Lang } from '../i18n/index.js'
import { wibWallClock } from './locale.js'
import type { ChartOptions, ExploreQuery } from './types.js'

export const COLORS = {
  ok: '#1b7f5b',
  primary: '#1f5fa8',
  warn: '#c77800',
  bad: '#c0392b',
  muted: '#8a94a6',
  series: ['#1f5fa8', '#1b7f5b', '#c77800', '#c0392b', '#6b4fa3', '#0f8a9d'],
  level: { none: '#b8bfca', bronze: '#a0642c', silver: '#8d99a6', gold: '#c9a227' },
} as const

const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  background: 'transparent',
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 'normal',
    labelColor: '#3b4452',
    titleColor: '#3b4452',
    gridColor: '#e6e9ef',
    domainColor: '#c5cbd6',
    tickColor: '#c5cbd6',
  },
  legend: { orient: 'bottom', labelFontSize: 11, titleFontSize: 11, symbolSize: 80 },
  title: { fontSize: 13, anchor: 'start' },
} as const

type Body = Record<string, unknown>

/**
 * A complete spec: the builder's body wrapped with size, theme and the
 * description that becomes the chart's accessible label.
 */
export function frame(opts: ChartOptions, descriptionKey: string, body: Body, height = 220): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: t(descriptionKey, {}, opts.lang),
    width: opts.width ?? 'container',
    height: opts.height ?? height,
    autosize: { type: 'fit', contains: 'padding' },
    config: CONFIG,
    ...(opts.title ? { title: opts.title } : {}),
    ...body,
  } as TopLevelSpec
}

/** Rows with a time `t` (ISO 8601) gain `x` (WIB wall clock on a UTC scale) and `when` (WIB text for tooltips). */
export function withTime<R extends { t: string }>(rows: R[], lang: Lang): Array<R & { x: number; when: string }> {
  return rows.map((r) => ({ ...r, x: wibWallClock(r.t), when: fmtDateTime(r.t, lang) }))
}

/** Bucket sizes of the API's series intervals (calendar weeks and months are not filled). */
export const INTERVAL_MS: Record<string, number> = { '1m': 60e3, '5m': 300e3, '15m': 900e3, '1h': 3600e3, '6h': 6 * 3600e3, '1d': 86400e3 }

/**
 * Series leave out buckets without traffic; counts drawn as areas or lines
 * must show those as zero, not interpolate across them. Adds a `zero(t)` row
 * for every missing bucket of `stepMs` between the first and the last row.
 */
export function fillGaps<R extends { t: string }>(rows: R[], stepMs: number | undefined, zero: (t: string) => R): R[] {
  if (!stepMs || rows.length < 2) return rows
  const at = new Map(rows.map((r) => [Date.parse(r.t), r]))
  const first = Date.parse(rows[0].t)
  const last = Date.parse(rows[rows.length - 1].t)
  if ((last - first) / stepMs > 5000) return rows
  const out: R[] = []
  for (let ms = first; ms <= last; ms += stepMs) out.push(at.get(ms) ?? zero(new Date(ms).toISOString()))
  return out
}

/**
 * Links from the buckets of a time series to their requests (the dashboards):
 * a transparent full-height rect over each bucket, on top, with `href` and a
 * tooltip of the bucket's numbers. None without `opts.explore` or a step.
 */
export function bucketLinks(
  times: string[],
  opts: ChartOptions,
  extra: { query?: ExploreQuery; tooltip?: (t: string) => Record<string, number>; tooltipTitles?: Record<string, string> } = {},
): Body[] {
  const { explore, stepMs } = opts
  if (!explore || !stepMs || times.length === 0) return []
  const hint = label('ui.chart.explore_hint', opts.lang)
  const values = times.map((t) => {
    const start = Date.parse(t)
    const href = explore({ ...extra.query, start: new Date(start).toISOString(), end: new Date(start + stepMs).toISOString() })
    return { x: wibWallClock(start), x2: wibWallClock(start) + stepMs, when: fmtDateTime(t, opts.lang), href, hint, ...extra.tooltip?.(t) }
  })
  const numbers = Object.entries(extra.tooltipTitles ?? {}).map(([field, title]) => numTooltip(field, title))
  return [
    {
      data: { values },
      mark: { type: 'rect', opacity: 0, cursor: 'pointer' },
      encoding: {
        x: { field: 'x', type: 'temporal', scale: { type: 'utc' } },
        x2: { field: 'x2' },
        href: { field: 'href' },
        tooltip: [whenTooltip(opts.lang), ...numbers, { field: 'hint', type: 'nominal', title: label('ui.chart.explore', opts.lang) }],
      },
    },
  ]
}

/** The x channel of a time series: WIB wall clock on a UTC scale. */
export function timeX(lang: Lang): Body {
  const hm = lang === 'id' ? '%H.%M' : '%H:%M'
  const format = {
    year: '%Y',
    quarter: '%b %Y',
    month: '%b %Y',
    week: '%d %b',
    date: '%d %b',
    hours: hm,
    minutes: hm,
    seconds: `${hm}.%S`,
    milliseconds: `${hm}.%S`,
  }
  return { field: 'x', type: 'temporal', scale: { type: 'utc' }, title: null, axis: { labelOverlap: true, labelFlush: true, tickCount: 6, format } }
}

/** A categorical color scale with fixed labels (translated) and colors, so the legend reads in the user's language. */
export function colorScale(labels: string[], colors: readonly string[], title: string | null = null): Body {
  return { field: 'series', type: 'nominal', title, scale: { domain: labels, range: colors.slice(0, labels.length) }, sort: labels }
}

/** A tooltip entry for the WIB time. */
export function whenTooltip(lang: Lang): Body {
  return { field: 'when', type: 'nominal', title: t('ui.chart.time', {}, lang) }
}

export const label = (key: string, lang: Lang) => t(key, {}, lang)

/** A quantitative tooltip with locale grouping. */
export function numTooltip(field: string, title: string, format = ',.0f'): Body {
  return { field, type: 'quantitative', title, format }
}

/**
 * Tick values for a symlog (or log) axis: 1-2-5 steps per decade, or whole
 * decades when the span is wide (its default ticks crowd at the top).
 */
export function logTicks(min: number, max: number): number[] {
  const top = Math.max(1, max)
  const decades = Math.log10(top) - Math.log10(Math.max(1, min))
  const steps = decades > 3 ? [1] : [1, 2, 5]
  const ticks: number[] = [0]
  for (let p = 1; p <= top * 10; p *= 10) for (const s of steps) if (s * p >= Math.max(1, min) / 2 && s * p <= top * 1.2) ticks.push(s * p)
  return ticks
}
