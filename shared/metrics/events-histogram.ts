/**
 * Requests over time by status class for the events view (the histogram
 * above the Jelajah table). The bucket size follows the window (at most
 * MAX_BUCKETS buckets, aligned in WIB); long windows read the rollups when
 * every filter is one they hold (instansi, gateway, API, consumer, status
 * class), anything else — and every window up to SHORT_WINDOW_MS, where the
 * edges matter — counts the raw events.
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { count, u64 } from '../../storage/columns.js'
import { type EventRange, eventsTable, eventsWhere, rollupAnswers } from './events.js'
import { sec } from './rollup.js'

export const HISTOGRAM_INTERVALS = ['1m', '5m', '15m', '1h', '6h', '1d'] as const
export type HistogramInterval = (typeof HISTOGRAM_INTERVALS)[number]
const STEP_MS: Record<HistogramInterval, number> = { '1m': 60e3, '5m': 300e3, '15m': 900e3, '1h': 3600e3, '6h': 6 * 3600e3, '1d': 86400e3 }
const STEP_SQL: Record<HistogramInterval, string> = {
  '1m': 'INTERVAL 1 MINUTE',
  '5m': 'INTERVAL 5 MINUTE',
  '15m': 'INTERVAL 15 MINUTE',
  '1h': 'INTERVAL 1 HOUR',
  '6h': 'INTERVAL 6 HOUR',
  '1d': 'INTERVAL 1 DAY',
}
const MAX_BUCKETS = 200
/** Windows up to this long always count raw events. */
export const SHORT_WINDOW_MS = 6 * 3600e3

export const HistogramPoint = z
  .object({
    ts: z.string().describe('bucket start, ISO 8601 UTC'),
    requests: z.number().int(),
    status_2xx: z.number().int(),
    status_3xx: z.number().int(),
    status_4xx: z.number().int(),
    status_5xx: z.number().int(),
  })
  .openapi('EventHistogramPoint')
export type HistogramPoint = z.infer<typeof HistogramPoint>

export interface Histogram {
  interval: HistogramInterval
  interval_ms: number
  source: 'rollup' | 'raw'
  points: HistogramPoint[]
}

/** The smallest bucket giving at most MAX_BUCKETS buckets over the window. */
export function histogramInterval(spanMs: number): HistogramInterval {
  return HISTOGRAM_INTERVALS.find((i) => spanMs / STEP_MS[i] <= MAX_BUCKETS) ?? '1d'
}

const Row = z.object({ t: u64, requests: count, s2: count, s3: count, s4: count, s5: count })

export async function eventsHistogram(storage: Storage, f: EventRange): Promise<Histogram> {
  const interval = histogramInterval(f.toMs - f.fromMs)
  const long = f.toMs - f.fromMs > SHORT_WINDOW_MS && STEP_MS[interval] >= 3600e3
  const rows = long && rollupAnswers(f) ? await fromRollup(storage, f, interval) : await fromRaw(storage, f, interval)
  return {
    interval,
    interval_ms: STEP_MS[interval],
    source: long && rollupAnswers(f) ? 'rollup' : 'raw',
    points: rows.map((r) => ({
      ts: new Date(r.t * 1000).toISOString(),
      requests: r.requests,
      status_2xx: r.s2,
      status_3xx: r.s3,
      status_4xx: r.s4,
      status_5xx: r.s5,
    })),
  }
}

/** Bucket start (epoch s, aligned in WIB) of a DateTime expression. */
const bucketOf = (expr: string, interval: HistogramInterval) => `toUnixTimestamp(toStartOfInterval(toDateTime(${expr}, 'Asia/Jakarta'), ${STEP_SQL[interval]}))`

function fromRaw(storage: Storage, f: EventRange, interval: HistogramInterval) {
  const params: Record<string, unknown> = {}
  return storage.rows(
    Row,
    `SELECT ${bucketOf('ts', interval)} AS t, count() AS requests, countIf(status BETWEEN 200 AND 299) AS s2,
            countIf(status BETWEEN 300 AND 399) AS s3, countIf(status BETWEEN 400 AND 499) AS s4, countIf(status >= 500) AS s5
     FROM ${eventsTable(f)} WHERE ${eventsWhere(f, params)} GROUP BY t ORDER BY t`,
    params,
  )
}

/**
 * Hour rows (national without filters, per instansi when only the instansi
 * is filtered, per API otherwise, per consumer with a consumer filter), whole hours around the
 * window: buckets of an hour or more need nothing finer.
 */
function fromRollup(storage: Storage, f: EventRange, interval: HistogramInterval) {
  const params: Record<string, unknown> = { h_from: sec(Math.floor(f.fromMs / 3600e3) * 3600e3), h_to: sec(Math.ceil(f.toMs / 3600e3) * 3600e3) }
  const table =
    f.consumer !== undefined
      ? 'consumer_rollup_1h'
      : f.gateway !== undefined || f.api !== undefined
        ? 'request_rollup_1h'
        : f.instansi !== undefined
          ? 'instansi_rollup_1h'
          : 'national_rollup_1h'
  let where = 'bucket >= {h_from:DateTime} AND bucket < {h_to:DateTime}'
  const filters: Array<[keyof EventRange, string]> = [
    ['instansi', 'instansi'],
    ['gateway', 'gateway_id'],
    ['api', 'api_id'],
    ['consumer', 'consumer_id'],
  ]
  for (const [key, column] of filters) {
    const v = f[key]
    if (v === undefined) continue
    params[`h_${column}`] = v
    where += ` AND ${column} = {h_${column}:String}`
  }
  const only = (k: string) => (f.status_class === undefined || f.status_class === k ? `sum(status_${k})` : '0')
  return storage.rows(
    Row,
    `SELECT ${bucketOf('bucket', interval)} AS t, ${f.status_class ? only(f.status_class) : 'sum(requests)'} AS requests,
            ${only('2xx')} AS s2, ${only('3xx')} AS s3, ${only('4xx')} AS s4, ${only('5xx')} AS s5
     FROM ${table} WHERE ${where} GROUP BY t ORDER BY t`,
    params,
  )
}
