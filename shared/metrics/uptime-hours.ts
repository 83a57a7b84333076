/**
 * Hourly traffic uptime (`uptime_1h`, migration 0008): per API and hour, the
 * minutes with traffic, the bad ones among them, and their requests and 5xx.
 * A 30-day availability question then reads ~720 rows per API instead of
 * ~43 200 minute rows, and incidents read minutes only around bad hours.
 *
 * A minute's badness needs the minute's complete counts, so no insert-time
 * view can keep these rows; they are kept *current* instead: a row is current
 * when its `requests` equals the API's requests in `request_rollup_1h` for
 * that hour (counts only grow). `refreshUptimeHours` recomputes, from
 * `request_rollup_1m`, the rows of the range that are not (new hours, late or
 * replayed traffic) before a query reads them, and `UptimeRecorder` does the
 * same in the background for recent hours; an hour that does not change is
 * computed once. Results stay exact: the minute rule is applied to complete
 * minute rows, as on the minute path.
 *
 * Maintenance windows (shared/maintenance/) take their minutes out of the
 * rows; a row is also stale when a window of its hour changed after it was
 * recorded (`maintenance_changes`), so editing a past window recomputes it.
 * A row's `recorded_at` is when the windows it excludes were read, not when
 * it was inserted: a refresh that read the windows before a change and wrote
 * after it leaves its rows stale, not current for good.
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { count, u64 } from '../../storage/columns.js'
import { PeriodicJob } from '../jobs/periodic.js'
import type { Logger } from '../log/logger.js'
import { outsideMaintenanceSql } from '../maintenance/exclusion.js'
import { listMaintenance } from '../maintenance/store.js'
import { BAD_5XX_SHARE, badMinuteSql, MERGE_GAP_MIN } from './bad-minute.js'
import type { Range } from './range.js'
import { filterSql, sec } from './rollup.js'

/** The key of an API in availability: its registered id, else `instansi/api_name` (as in the overview). */
export const API_KEY = `if(api_id != '', api_id, concat(instansi, '/', api_name))`

const HOUR = 3600e3
const MINUTE = 60e3
const DAY = 24 * HOUR

/** The whole hours of a range that hourly rows may answer (seconds), or null. */
export interface HourSpan {
  from: number
  to: number
}

/**
 * Hourly rows answer traffic keyed by instansi and API: not a gateway or
 * consumer filter (their minutes are not the API's minutes), and only series
 * with buckets of an hour or more.
 */
export function hourSpan(range: Range, minBucketMs = HOUR): HourSpan | null {
  if (range.gateway !== undefined || range.consumer !== undefined || minBucketMs < HOUR) return null
  const from = Math.ceil((Math.floor(range.fromMs / MINUTE) * MINUTE) / HOUR) * HOUR
  const to = Math.floor((Math.ceil(range.toMs / MINUTE) * MINUTE) / HOUR) * HOUR
  return to > from ? { from: sec(from), to: sec(to) } : null
}

/**
 * `AND …` filters of the range on hourly rows, whose `api` is the API key.
 * The API filter names a registered id, as on every metric (`filterSql` on
 * the rollups' `api_id`): a key with '/' (unregistered traffic) never matches.
 */
export function hourlyFilters(range: Range, params: Record<string, unknown>): string {
  let where = ''
  if (range.instansi !== undefined) (params.u_instansi = range.instansi), (where += ' AND instansi = {u_instansi:String}')
  if (range.api !== undefined) (params.u_api = range.api), (where += ` AND api = {u_api:String} AND position(api, '/') = 0`)
  return where
}

/** The range's instansi and API filters on a rollup (no gateway or consumer: hourly rows have neither). */
export const rollupFilters = (range: Range, params: Record<string, unknown>): string => filterSql(range, params, ['instansi', 'api'])

/**
 * The last maintenance change touching each (instansi, hour) of the span
 * (`maintenance_changes`, migration 0016): rows recorded before it are stale.
 */
function changedSql(changeWhere: string): string {
  return `SELECT instansi, hour, max(changed_at) AS changed FROM (
      SELECT instansi, changed_at,
             arrayJoin(arrayMap(i -> from_ts + toIntervalHour(i), range(toUInt32(greatest(dateDiff('hour', from_ts, to_ts), 1))))) AS hour
      FROM maintenance_changes WHERE to_ts > {u_from:DateTime} AND from_ts < {u_to:DateTime}${changeWhere})
    GROUP BY instansi, hour`
}

/**
 * (instansi, api, hour) of the span whose row is missing, behind
 * `request_rollup_1h`, or recorded before a maintenance window of its hour changed.
 */
function staleSql(rollupWhere: string, cacheWhere: string, changeWhere: string): string {
  return `SELECT h.instansi AS instansi, h.api AS api, h.hour AS hour FROM (
      SELECT instansi, ${API_KEY} AS api, bucket AS hour, sum(requests) AS n FROM request_rollup_1h
      WHERE bucket >= {u_from:DateTime} AND bucket < {u_to:DateTime}${rollupWhere} GROUP BY instansi, api, hour) AS h
    LEFT JOIN (
      SELECT instansi, api, hour, rollup_requests, recorded_at FROM uptime_1h FINAL
      WHERE hour >= {u_from:DateTime} AND hour < {u_to:DateTime}${cacheWhere}) AS c USING (instansi, api, hour)
    LEFT JOIN (${changedSql(changeWhere)}) AS m ON m.instansi = h.instansi AND m.hour = h.hour
    WHERE c.rollup_requests != h.n OR c.recorded_at <= m.changed`
}

/**
 * The hours of the span where some row may be stale (epoch seconds): those
 * whose request total in `request_rollup_1h` differs from the total its rows
 * recorded, or with a maintenance change after the hour's first row was
 * recorded. A row records at most its API-hour's current count (counts only
 * grow) and an API-hour without a row records none, so equal totals mean every
 * row of the hour is current: a month's check reads ~720 sums instead of
 * joining every API-hour, and only the hours found here are checked API by
 * API (`staleSql`). An hour whose rollup rows were partly expired (TTL) can
 * only record more than it has: checked API by API, as it should be.
 */
function suspectHoursSql(rollupWhere: string, cacheWhere: string, changeWhere: string): string {
  return `SELECT toUnixTimestamp(h.hour) AS hour FROM (
      SELECT bucket AS hour, sum(requests) AS n FROM request_rollup_1h
      WHERE bucket >= {u_from:DateTime} AND bucket < {u_to:DateTime}${rollupWhere} GROUP BY hour) AS h
    LEFT JOIN (
      SELECT hour, sum(rollup_requests) AS n, min(recorded_at) AS first FROM uptime_1h FINAL
      WHERE hour >= {u_from:DateTime} AND hour < {u_to:DateTime}${cacheWhere} GROUP BY hour) AS c USING (hour)
    LEFT JOIN (SELECT hour, max(changed) AS changed FROM (${changedSql(changeWhere)}) GROUP BY hour) AS m USING (hour)
    WHERE c.n != h.n OR c.first <= m.changed`
}

/**
 * Recompute the stale rows from the minute rollup. Minutes under maintenance
 * (`outside` false) count neither as minutes nor as bad, and their requests
 * are left out; `rollup_requests` keeps the hour's full count for `staleSql`.
 * Incidents read, of an hour with bad minutes, the minutes a run can hold or
 * end in (`detail`, DETAIL below), and of any other hour its first observed
 * minute (`first_minute`).
 */
function fillSql(rollupWhere: string, stale: string, outside: string): string {
  return `INSERT INTO uptime_1h (instansi, api, hour, api_name, minutes, down, requests, errors_5xx, first_minute, detail, rollup_requests, recorded_at)
    SELECT instansi, api, toStartOfHour(bucket) AS hour, any(name), countIf(n > 0), countIf(bad) AS bad_minutes, sum(n), sum(e5),
           minIf(toMinute(bucket), n > 0),
           if(bad_minutes > 0, ${DETAIL}, []),
           sum(all_n), fromUnixTimestamp64Milli({read_at:Int64}, 'UTC')
    FROM (
      SELECT instansi, api, any(api_name) AS name, bucket, sumIf(requests, kept) AS n, sumIf(status_5xx, kept) AS e5,
             sum(requests) AS all_n, ${badMinuteSql('n', 'e5')} AS bad
      FROM (SELECT instansi, ${API_KEY} AS api, gateway_id, api_name, bucket, requests, status_5xx, ${outside} AS kept FROM request_rollup_1m
            WHERE bucket >= {lo:DateTime} AND bucket < {hi:DateTime}${rollupWhere})
      WHERE (instansi, api, toStartOfHour(bucket)) IN (${stale})
      GROUP BY instansi, api, bucket)
    GROUP BY instansi, api, hour`
}

/**
 * The minutes of an hour with bad minutes that incidents read (offset, requests, 5xx, bad): the bad
 * ones, those within the merge gap after one (they join a run or end it), and the first gap minutes of
 * the hour (where a run of the hour before may continue or end) — as the minute path reads them.
 */
const DETAIL = `arrayFilter(x -> x.4 = 1 OR x.1 <= ${MERGE_GAP_MIN}
        OR arrayExists(b -> x.1 > b AND x.1 <= b + ${MERGE_GAP_MIN + 1}, arrayFilter(y -> y.4 = 1, observed).1),
      arraySort(groupArrayIf((toUInt8(toMinute(bucket)), n, e5, toUInt8(bad)), n > 0)) AS observed)`

/** Refreshes in flight per storage: concurrent dashboard queries for the same hours share one. */
const inFlight = new WeakMap<Storage, Map<string, Promise<number>>>()

/**
 * Bring the hourly rows of the span (and the range's instansi / API) up to
 * date. Returns how many API-hours were recomputed.
 */
export function refreshUptimeHours(storage: Storage, range: Range, span: HourSpan): Promise<number> {
  const running = inFlight.get(storage) ?? inFlight.set(storage, new Map()).get(storage)!
  const key = `${span.from}-${span.to}-${range.instansi ?? ''}-${range.api ?? ''}`
  const shared = running.get(key)
  if (shared) return shared
  const next = refresh(storage, range, span).finally(() => running.delete(key))
  running.set(key, next)
  return next
}

const SuspectHour = z.object({ hour: u64 })

/** How many hours are stale, the first and last of them (epoch seconds), and when this was read (epoch ms). */
const StaleHours = z.object({ n: count, lo: u64, hi: u64, read_at: u64 })

async function refresh(storage: Storage, range: Range, span: HourSpan): Promise<number> {
  const params: Record<string, unknown> = { u_from: span.from, u_to: span.to, bad_share: BAD_5XX_SHARE }
  const rollupWhere = rollupFilters(range, params)
  const cacheWhere = hourlyFilters(range, params)
  const changeWhere = range.instansi === undefined ? '' : ' AND instansi = {u_instansi:String}'
  // only the hours whose totals disagree are checked API by API, within their first and last
  const suspect = await storage.rows(SuspectHour, suspectHoursSql(rollupWhere, cacheWhere, changeWhere), params)
  if (suspect.length === 0) return 0
  params.u_from = suspect.reduce((a, h) => Math.min(a, h.hour), Infinity)
  params.u_to = suspect.reduce((a, h) => Math.max(a, h.hour), 0) + HOUR / 1000
  const stale = staleSql(rollupWhere, cacheWhere, changeWhere)
  const [found] = await storage.rows(
    StaleHours,
    `SELECT count() AS n, toUnixTimestamp(min(hour)) AS lo, toUnixTimestamp(max(hour)) AS hi, toUnixTimestamp64Milli(now64(3)) AS read_at FROM (${stale})`,
    params,
  )
  const n = found?.n ?? 0
  if (n === 0) return 0
  // the minute scan is bounded by the stale hours (the minute rollup is ordered by bucket within an API)
  const lo = found.lo
  const hi = found.hi + HOUR / 1000
  // the rows are recorded as of `read_at`, taken (on the engine's clock, as `maintenance_changes.changed_at`) before
  // the windows are read: a window changed after that, even before the insert below, leaves them stale
  const windows = await listMaintenance(storage, { instansi: range.instansi, api: range.api, fromMs: lo * 1000, toMs: hi * 1000 })
  const outside = outsideMaintenanceSql(windows, { instansi: 'instansi', api: 'api', gateway: 'gateway_id', bucket: 'bucket' }, params)
  await storage.command(fillSql(rollupWhere, stale, outside), { ...params, lo, hi, read_at: found.read_at })
  return n
}

export interface UptimeRecorderOptions {
  /** Between refreshes; 0 turns the recorder off (reads still refresh what they need). */
  everyMs: number
  /** The first refresh (after `firstMs`) covers this much history, later ones `recentMs`. */
  backfillMs?: number
  recentMs?: number
  firstMs?: number
  log?: Logger
}

/**
 * Keeps the hourly rows of recent traffic current in the background, so a
 * dashboard's first long-range read finds them ready rather than computing
 * them. Reads stay correct without it.
 */
export class UptimeRecorder {
  private readonly job: PeriodicJob
  private lookbackMs: number

  constructor(
    private readonly storage: Storage,
    private readonly opts: UptimeRecorderOptions,
  ) {
    this.lookbackMs = opts.backfillMs ?? 35 * 24 * HOUR
    this.job = new PeriodicJob(() => this.runOnce(), {
      firstMs: opts.firstMs ?? 30_000,
      everyMs: opts.everyMs,
      onError: (error) => opts.log?.warn({ error }, 'uptime: refreshing hourly rows failed'),
    })
  }

  start(): void {
    if (this.opts.everyMs > 0) this.job.start()
  }

  stop(): Promise<void> {
    return this.job.stop()
  }

  /**
   * Refresh the lookback (the backfill until one succeeds, then recent hours
   * only), a day at a time, newest first: no single statement holds the
   * engine for long.
   */
  async runOnce(now = Date.now()): Promise<number> {
    const end = Math.ceil(now / HOUR) * HOUR
    let done = 0
    for (let to = end; to > now - this.lookbackMs && !this.job.stopping; to -= DAY) {
      const from = Math.max(to - DAY, Math.floor((now - this.lookbackMs) / HOUR) * HOUR)
      const range = { fromMs: from, toMs: to } as Range
      done += await refreshUptimeHours(this.storage, range, { from: sec(from), to: sec(to) })
    }
    this.lookbackMs = this.opts.recentMs ?? 3 * HOUR
    return done
  }
}
