/**
 * Jelajah's histogram: matching requests per bucket, stacked by status class
 * (2xx, 3xx, 4xx, 5xx), as bars spanning each bucket. With `brush` an
 * interval selection named `brush` lets a drag across the chart pick a time
 * range (the page reads it and narrows the view to it).
 */
import { COLORS, colorScale, frame, label, numTooltip, timeX, whenTooltip } from './base.js'
import { wibWallClock } from './locale.js'
import type { ChartBuilder, ChartOptions } from './types.js'
import { fmtDateTime } from '../i18n/index.js'

export interface HistogramBucket {
  /** Bucket start, ISO 8601 */
  ts: string
  requests: number
  status_2xx: number
  status_3xx: number
  status_4xx: number
  status_5xx: number
}

const CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const
/** The name of the interval selection a page reads (`view.signal(BRUSH)`). */
export const BRUSH = 'brush'

export const eventsHistogramChart = ((rows: HistogramBucket[], opts: ChartOptions & { brush?: boolean }) => {
  const step = opts.stepMs ?? 60e3
  // stacked by hand (y, y2): bars spanning [start, end) of their bucket
  const values = rows.flatMap((r) => {
    let below = 0
    return CLASSES.flatMap((c) => {
      const value = r[`status_${c}`]
      if (value <= 0) return []
      const bar = {
        x: wibWallClock(r.ts),
        x2: wibWallClock(r.ts) + step,
        y: below,
        y2: below + value,
        start: r.ts,
        end: new Date(Date.parse(r.ts) + step).toISOString(),
        when: fmtDateTime(r.ts, opts.lang),
        series: c,
        value,
        total: r.requests,
      }
      below += value
      return [bar]
    })
  })
  return frame(
    opts,
    'ui.chart.events_histogram.desc',
    {
      data: { values },
      ...(opts.brush ? { params: [{ name: BRUSH, select: { type: 'interval', encodings: ['x'] } }] } : {}),
      mark: { type: 'rect', cursor: opts.brush ? 'crosshair' : 'default', stroke: '#fff', strokeWidth: 0.5 },
      encoding: {
        x: timeX(opts.lang),
        x2: { field: 'x2' },
        y: { field: 'y', type: 'quantitative', title: label('metric.requests', opts.lang), axis: { format: ',.0f', tickMinStep: 1 } },
        y2: { field: 'y2' },
        color: colorScale([...CLASSES], [COLORS.ok, COLORS.primary, COLORS.warn, COLORS.bad], label('ui.col.status', opts.lang)),
        tooltip: [
          whenTooltip(opts.lang),
          { field: 'series', type: 'nominal', title: label('ui.col.status', opts.lang) },
          numTooltip('value', label('metric.requests', opts.lang)),
          numTooltip('total', label('ui.chart.total', opts.lang)),
        ],
      },
    },
    160,
  )
}) satisfies ChartBuilder<HistogramBucket>
