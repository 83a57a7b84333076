/**
 * Read request metrics from the rollups, never the raw table for long
 * ranges: whole WIB days from `request_rollup_1d`, whole hours from
 * `request_rollup_1h`, the ragged edges from `request_rollup_1m`. Anything about consumers (a consumer filter, a
 * breakdown by consumer) reads `consumer_rollup_1h`, at hour resolution.
 * Each source is a subquery with the rollup columns, filtered by the range's
 * instansi / gateway / API / consumer (all bound parameters).
 */
import { intervalMs, type IntervalName } from './interval.js'
import type { Range } from './range.js'

const HOUR = 3600e3
const MINUTE = 60e3

export interface RollupSource {
  /** `( SELECT … ) ` to use as `FROM {sql}`. */
  sql: string
  params: Record<string, unknown>
}

const FILTERS: Array<[keyof Range, string, string]> = [
  ['instansi', 'instansi', 'f_instansi'],
  ['gateway', 'gateway_id', 'f_gateway'],
  ['api', 'api_id', 'f_api'],
  ['consumer', 'consumer_id', 'f_consumer'],
]

export function filterSql(range: Partial<Range>, params: Record<string, unknown>, keys?: ReadonlyArray<keyof Range>): string {
  let where = ''
  for (const [key, column, param] of FILTERS) {
    if (keys && !keys.includes(key)) continue
    const v = range[key]
    if (v === undefined) continue
    params[param] = v
    where += ` AND ${column} = {${param}:String}`
  }
  return where
}

/** Seconds since the epoch for DateTime parameters. */
export const sec = (ms: number): number => Math.floor(ms / 1000)

/** The coarsest rollup a query may read: series need buckets no coarser than their interval. */
export type Grain = '1m' | '1h' | '1d'

const DAY = 86400e3
const WIB = 7 * HOUR
const floorTo = (ms: number, unit: number, offset = 0) => Math.floor((ms + offset) / unit) * unit - offset
const ceilTo = (ms: number, unit: number, offset = 0) => Math.ceil((ms + offset) / unit) * unit - offset

/** Metric columns every request rollup has (migrations 0002, 0011). */
const METRICS = `requests, status_2xx, status_3xx, status_4xx, status_5xx, auth_failures, rate_limited, not_found,
  https_requests, http_requests, tls_known, tls13_requests, structured_logs, status_counts, latency_sum, latency_max,
  latency_min, backend_latency_min, backend_latency_max, gateway_latency_min, gateway_latency_max,
  latency, backend_latency, gateway_latency, request_bytes, response_bytes`

interface Tiers {
  day: string
  hour: string
  minute: string
  /** Columns selected from every tier (they must line up for UNION ALL). */
  columns: string
}
const API_TIERS: Tiers = {
  day: 'request_rollup_1d',
  hour: 'request_rollup_1h',
  minute: 'request_rollup_1m',
  columns: `bucket, instansi, gateway_id, api_id, api_name, ${METRICS}`,
}
const INSTANSI_TIERS: Tiers = { day: 'instansi_rollup_1d', hour: 'instansi_rollup_1h', minute: 'request_rollup_1m', columns: `bucket, instansi, ${METRICS}` }
/** Sums over every instansi (migrations 0020, 0024): no breakdown column at all. */
const NATIONAL_TIERS: Tiers = { day: 'national_rollup_1d', hour: 'national_rollup_1h', minute: 'national_rollup_1m', columns: `bucket, ${METRICS}` }

/** Ranges longer than this are aligned to whole hours: no minute rows (an error of < 1 h in days). */
const ALIGN_TO_HOURS_ABOVE = 2 * DAY

/** The span [from, to) (ms) the tiers read for a range: whole hours for long ranges, else whole minutes. */
function alignedSpan(range: Range, coarsest: Grain): [number, number] {
  const long = range.toMs - range.fromMs > ALIGN_TO_HOURS_ABOVE && coarsest !== '1m'
  return long ? [floorTo(range.fromMs, HOUR), ceilTo(range.toMs, HOUR)] : [floorTo(range.fromMs, MINUTE), ceilTo(range.toMs, MINUTE)]
}

function tiered(range: Range, coarsest: Grain, tiers: Tiers): RollupSource {
  const [from, to] = alignedSpan(range, coarsest)
  let hFrom = ceilTo(from, HOUR)
  let hTo = floorTo(to, HOUR)
  if (coarsest === '1m' || hTo <= hFrom) hFrom = hTo = to
  let dFrom = ceilTo(hFrom, DAY, WIB)
  let dTo = floorTo(hTo, DAY, WIB)
  if (coarsest !== '1d' || dTo <= dFrom) dFrom = dTo = hTo
  const params: Record<string, unknown> = {}
  const where = filterSql(range, params)
  const parts: string[] = []
  const part = (table: string, spans: Array<[number, number]>) => {
    const live = spans.filter(([a, b]) => b > a)
    if (live.length === 0) return
    const cond = live
      .map(([a, b]) => {
        const i = Object.keys(params).length
        params[`r${i}a`] = sec(a)
        params[`r${i}b`] = sec(b)
        return `(bucket >= {r${i}a:DateTime} AND bucket < {r${i}b:DateTime})`
      })
      .join(' OR ')
    parts.push(`SELECT ${tiers.columns} FROM ${table} WHERE (${cond})${where}`)
  }
  part(tiers.day, [[dFrom, dTo]])
  part(tiers.hour, [
    [hFrom, dFrom],
    [dTo, hTo],
  ])
  part(tiers.minute, [
    [from, hFrom],
    [hTo, to],
  ])
  if (parts.length === 0) part(tiers.minute, [[from, from + MINUTE]])
  return { sql: `(${parts.join('\n  UNION ALL\n  ')})`, params }
}

/**
 * The range as rollup rows per API: whole WIB days from the day rollup,
 * whole hours around them from the hour rollup, and the ragged minutes at
 * both ends from the minute rollup — a 30-day question reads ~30 rows per
 * API, not 43 200. Ranges over two days are aligned to whole hours.
 */
export function rollupSource(range: Range, coarsest: Grain = '1d'): RollupSource {
  if (range.consumer !== undefined) return consumerSource(range)
  return tiered(range, coarsest, API_TIERS)
}

/**
 * The same rows per instansi only (no gateway / API columns): headline numbers
 * over long ranges read ~30 rows per instansi. Falls back to the API tiers
 * when the range filters by gateway, API or consumer.
 */
export function instansiSource(range: Range, coarsest: Grain = '1d'): RollupSource {
  if (range.gateway !== undefined || range.api !== undefined || range.consumer !== undefined) return rollupSource(range, coarsest)
  return tiered(range, coarsest, INSTANSI_TIERS)
}

/**
 * Rows for numbers with no breakdown (series points, totals): over every
 * instansi, the national tiers — ~30 rows for a month, not ~30 per instansi,
 * and 1,440 minute rows for a day, not 1,440 per API (their latency
 * histograms are what such a query costs). With any filter,
 * the rows of `instansiSource`. Callers may read only the metric columns.
 */
export function totalsSource(range: Range, coarsest: Grain = '1d'): RollupSource {
  if (range.instansi !== undefined || range.gateway !== undefined || range.api !== undefined || range.consumer !== undefined)
    return instansiSource(range, coarsest)
  return tiered(range, coarsest, NATIONAL_TIERS)
}

/** Per-consumer rows (hour resolution: the range widens to whole hours). */
export function consumerSource(range: Range): RollupSource {
  const params: Record<string, unknown> = {
    c_from: sec(Math.floor(range.fromMs / HOUR) * HOUR),
    c_to: sec(Math.ceil(range.toMs / HOUR) * HOUR),
  }
  const where = filterSql(range, params)
  return { sql: `(SELECT * FROM consumer_rollup_1h WHERE bucket >= {c_from:DateTime} AND bucket < {c_to:DateTime}${where})`, params }
}

/** Counts per minute for one consumer, from the raw events: the minute rollup has no consumer. */
const CONSUMER_MINUTES = `(SELECT toStartOfMinute(ts) AS bucket, instansi, gateway_id, api_id, api_name,
    count() AS requests, countIf(status BETWEEN 200 AND 299) AS status_2xx, countIf(status BETWEEN 400 AND 499) AS status_4xx,
    countIf(status >= 500) AS status_5xx, countIf(status IN (401, 403) OR auth_outcome = 'failure') AS auth_failures,
    countIf(status = 429) AS rate_limited, countIf(status = 404) AS not_found
  FROM request_events WHERE ts >= toDateTime64({m_from:UInt32}, 3) AND ts < toDateTime64({m_to:UInt32}, 3) WHERE_FILTERS
  GROUP BY bucket, instansi, gateway_id, api_id, api_name)`

/**
 * The minute rows of a rollup over the range. Tables without a gateway or
 * consumer column (security_rollup_1m) name the filters they support. With a
 * consumer filter, request minutes (counts only) come from the raw events.
 */
export function minuteSource(range: Range, table = 'request_rollup_1m', filters?: ReadonlyArray<keyof Range>): RollupSource {
  if (table === 'request_rollup_1m' && range.consumer !== undefined) {
    const params: Record<string, unknown> = { m_from: sec(Math.floor(range.fromMs / MINUTE) * MINUTE), m_to: sec(Math.ceil(range.toMs / MINUTE) * MINUTE) }
    return { sql: CONSUMER_MINUTES.replace('WHERE_FILTERS', filterSql(range, params)), params }
  }
  const params: Record<string, unknown> = {
    m_from: sec(Math.floor(range.fromMs / MINUTE) * MINUTE),
    m_to: sec(Math.ceil(range.toMs / MINUTE) * MINUTE),
  }
  const where = filterSql(range, params, filters)
  return { sql: `(SELECT * FROM ${table} WHERE bucket >= {m_from:DateTime} AND bucket < {m_to:DateTime}${where})`, params }
}

/**
 * Rows for a series (no breakdown columns: see `totalsSource`): sub-hour buckets need
 * minute rows (the hour rollup would fold them into the hour start). Consumer
 * series have hour resolution (see `resolveInterval`).
 */
const seriesGrain = (interval: IntervalName): Grain => (intervalMs(interval) < HOUR ? '1m' : intervalMs(interval) < DAY ? '1h' : '1d')

export function seriesSource(range: Range, interval: IntervalName): RollupSource {
  if (range.consumer !== undefined) return consumerSource(range)
  return totalsSource(range, seriesGrain(interval))
}

/**
 * Whether the series rows of `seriesSource` cover exactly the span the range's
 * `totalsSource` / `rollupSource` rows cover, so totals may be merged from
 * the series' own groups (`GROUP BY ROLLUP`) instead of a second read: the
 * histograms merge exactly, whatever the tier.
 */
export function seriesCoversTotals(range: Range, interval: IntervalName): boolean {
  const [a, b] = alignedSpan(range, seriesGrain(interval))
  const [c, d] = alignedSpan(range, '1d')
  return range.consumer !== undefined || (a === c && b === d)
}

export type LatencyColumn = 'latency' | 'backend' | 'gateway'
const STATE: Record<LatencyColumn, string> = { latency: 'latency', backend: 'backend_latency', gateway: 'gateway_latency' }
/** The observed [min, max] of each latency population (migration 0011; older rows hold -inf / +inf). */
const BOUNDS: Record<LatencyColumn, [string, string]> = {
  latency: ['latency_min', 'latency_max'],
  backend: ['backend_latency_min', 'backend_latency_max'],
  gateway: ['gateway_latency_min', 'gateway_latency_max'],
}

/**
 * Relative error of every latency percentile Pantau reports: latencies are
 * rounded to 5 mantissa bits in bfloat16 histograms (migrations 0002, 0009),
 * so a percentile may read up to 1/64 ≈ 1.56 % above or below the true value.
 */
export const QUANTILE_RELATIVE_ERROR = 1 / 64

/**
 * Does a measured percentile meet a latency target (p95 ≤ SLA, a rule's
 * threshold)? Within QUANTILE_RELATIVE_ERROR above the target counts as met:
 * the histogram cannot tell such a value from the target itself. Every SLA,
 * compliance and alert check on a percentile uses this (or
 * `exceedsTargetSql` in SQL), never a bare `<=`.
 */
export function meetsLatencyTarget(value: number, target: number): boolean {
  return value <= target * (1 + QUANTILE_RELATIVE_ERROR)
}

/** SQL twin of `!meetsLatencyTarget`: `value` (SQL) is above `target` (SQL) by more than the tolerance. */
export function exceedsTargetSql(value: string, target: string): string {
  return `${value} > ${target} * ${1 + QUANTILE_RELATIVE_ERROR}`
}

/**
 * SQL (an aggregate expression) for [p50, p90, p95, p99] of a latency column
 * over the grouped rows; NaN without data. Each percentile is clamped to the
 * observed [min, max] of the rows merged, so none reads above the slowest or
 * below the fastest request (the rounding could put it up to
 * QUANTILE_RELATIVE_ERROR outside). Rows from before migration 0011 carry
 * -inf / +inf and leave that side unclamped.
 */
export function quantiles(column: LatencyColumn): string {
  const [lo, hi] = BOUNDS[column]
  return `arrayMap(x -> if(isNaN(x), x, greatest(least(x, max(${hi})), min(${lo}))), quantilesBFloat16Merge(0.5, 0.9, 0.95, 0.99)(${STATE[column]}))`
}
