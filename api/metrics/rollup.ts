/**
 * Read request metrics from the rollups, never the raw table for long
 * ranges: whole hours from `request_rollup_1h`, the ragged edges from
 * `request_rollup_1m`. Anything about consumers (a consumer filter, a
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

export function rollupSource(range: Range): RollupSource {
  if (range.consumer !== undefined) return consumerSource(range)
  const from = Math.floor(range.fromMs / MINUTE) * MINUTE
  const to = Math.ceil(range.toMs / MINUTE) * MINUTE
  const hFrom = Math.ceil(from / HOUR) * HOUR
  const hTo = Math.floor(to / HOUR) * HOUR
  const params: Record<string, unknown> = {}
  const where = filterSql(range, params)
  if (hTo - hFrom < HOUR * 2) {
    Object.assign(params, { r_from: sec(from), r_to: sec(to) })
    return {
      sql: `(SELECT * FROM request_rollup_1m WHERE bucket >= {r_from:DateTime} AND bucket < {r_to:DateTime}${where})`,
      params,
    }
  }
  Object.assign(params, { r_from: sec(from), r_to: sec(to), r_hfrom: sec(hFrom), r_hto: sec(hTo) })
  return {
    sql: `(SELECT * FROM request_rollup_1h WHERE bucket >= {r_hfrom:DateTime} AND bucket < {r_hto:DateTime}${where}
      UNION ALL
      SELECT * FROM request_rollup_1m
      WHERE ((bucket >= {r_from:DateTime} AND bucket < {r_hfrom:DateTime}) OR (bucket >= {r_hto:DateTime} AND bucket < {r_to:DateTime}))${where})`,
    params,
  }
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
 * Rows for a series: sub-hour buckets need minute rows (the hour rollup would
 * fold them into the hour start). Consumer series have hour resolution (see
 * `resolveInterval`).
 */
export function seriesSource(range: Range, interval: IntervalName): RollupSource {
  return intervalMs(interval) < HOUR && range.consumer === undefined ? minuteSource(range) : rollupSource(range)
}

/** Growth factor of the latency histogram buckets (see migration 0002): 1 % relative accuracy. */
export const GAMMA = 1.0202
export type LatencyColumn = 'latency' | 'backend' | 'gateway'

/**
 * SQL (an aggregate expression) for [p50, p90, p95, p99] of a latency
 * histogram column over the grouped rows: merge the log-bucket histograms,
 * find the bucket where the cumulative count reaches each rank, and take the
 * bucket's midpoint estimate 2γ^i/(1+γ). NaN when there is no data.
 */
export function quantiles(column: LatencyColumn): string {
  const h = `h_${column}`
  return `tupleElement(((sumMap(${column}_hist)) AS ${h}, arrayMap(q -> if(arraySum(${h}.2) = 0, nan,
    2 * pow(${GAMMA}, ${h}.1[arrayFirstIndex(c -> c >= q * arraySum(${h}.2), arrayCumSum(${h}.2))]) / ${1 + GAMMA}), [0.5, 0.9, 0.95, 0.99])), 2)`
}
