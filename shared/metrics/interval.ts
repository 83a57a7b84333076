/**
 * Time buckets for series, in Asia/Jakarta (WIB, UTC+7, no daylight saving):
 * a day or a month starts at 00:00 WIB. The SQL for each interval comes from
 * a fixed table — never from the request text.
 */
import { z } from '@hono/zod-openapi'
import type { Range } from './range.js'

export const TZ = 'Asia/Jakarta'

export const INTERVALS = ['1m', '5m', '15m', '1h', '6h', '1d', '1w', '1M'] as const
export const Interval = z
  .enum(['auto', ...INTERVALS])
  .default('auto')
  .openapi({ description: 'Bucket size; auto picks at most 100 points' })
export type IntervalName = (typeof INTERVALS)[number]

const MS: Record<IntervalName, number> = {
  '1m': 60e3,
  '5m': 300e3,
  '15m': 900e3,
  '1h': 3600e3,
  '6h': 6 * 3600e3,
  '1d': 86400e3,
  '1w': 7 * 86400e3,
  '1M': 30 * 86400e3,
}

/** SQL turning the rollup column `bucket` into the series bucket start (a DateTime in WIB). */
const BUCKET_SQL: Record<IntervalName, string> = {
  '1m': `toDateTime(bucket, '${TZ}')`,
  '5m': `toStartOfFiveMinutes(toDateTime(bucket, '${TZ}'))`,
  '15m': `toStartOfFifteenMinutes(toDateTime(bucket, '${TZ}'))`,
  '1h': `toStartOfHour(toDateTime(bucket, '${TZ}'))`,
  '6h': `toStartOfInterval(toDateTime(bucket, '${TZ}'), INTERVAL 6 HOUR)`,
  '1d': `toDateTime(toStartOfDay(toDateTime(bucket, '${TZ}')), '${TZ}')`,
  '1w': `toDateTime(toMonday(toDateTime(bucket, '${TZ}')), '${TZ}')`,
  '1M': `toDateTime(toStartOfMonth(toDateTime(bucket, '${TZ}')), '${TZ}')`,
}

/** Points an automatic interval aims below (a 24 h view gets 15-minute buckets, 30 days daily ones). */
const MAX_POINTS = 100

/** The bucket size of a series: as requested, or at most MAX_POINTS points; per-consumer data has hour resolution. */
export function resolveInterval(range: Range, requested: IntervalName | 'auto' = 'auto'): IntervalName {
  const floor = range.consumer !== undefined ? MS['1h'] : 0
  if (requested !== 'auto') return MS[requested] < floor ? '1h' : requested
  const span = range.toMs - range.fromMs
  for (const name of INTERVALS) if (span / MS[name] <= MAX_POINTS && MS[name] >= floor) return name
  return '1M'
}

export function bucketSql(interval: IntervalName): string {
  return BUCKET_SQL[interval]
}

export function intervalMs(interval: IntervalName): number {
  return MS[interval]
}

/** A bucket start as returned by ClickHouse ('YYYY-MM-DD hh:mm:ss' in WIB) → ISO 8601 with +07:00. */
export function wibIso(chText: string): string {
  return `${chText.replace(' ', 'T')}+07:00`
}
