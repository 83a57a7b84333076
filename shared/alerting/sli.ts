/**
 * SLIs of the SLOs from the rollups, never the raw table: windows up to 6 h
 * from `request_rollup_1m` (the last N minute buckets, the current partial
 * minute included, so an outage shows within one evaluation), longer windows
 * from `request_rollup_1h` plus minute edges (shared/metrics/rollup.ts).
 *
 * Availability: bad = 5xx. Latency: bad = requests slower than the SLO
 * threshold, estimated per bucket from its histogram quantiles (clamped to the
 * bucket's observed range, QUANTILE_RELATIVE_ERROR relative error): piecewise
 * linear in rank between 0, p50, p90, p95, p99 and the bucket maximum, which
 * is exact at the tail latency SLOs care about. As for every latency target,
 * the threshold has the histogram's tolerance: a request counts as slow only
 * above threshold × (1 + QUANTILE_RELATIVE_ERROR).
 *
 * Minutes under a maintenance window of the SLO's API (its instansi, a gateway
 * it is served through) are left out of both sides of every SLI: they spend no
 * error budget and count no good events either.
 */
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { count, float } from '../../storage/columns.js'
import { QUANTILE_RELATIVE_ERROR, quantiles, rollupSource, sec } from '../metrics/rollup.js'
import { inMaintenanceSql, outsideMaintenanceSql } from '../maintenance/exclusion.js'
import type { MaintenanceSpan } from '../maintenance/schemas.js'
import { listMaintenance } from '../maintenance/store.js'
import type { Counts } from './rules.js'
import { DAY_MS, HOUR_MS, MINUTE_MS } from './rules.js'

export interface SliTarget {
  id: string
  api_id: string
  sli: 'availability' | 'latency'
  latency_ms: number
}

/**
 * Estimated requests slower than `t` in a bucket with `n` requests, quantiles
 * `q` = [p50, p90, p95, p99] (clamped to the bucket's range) and maximum `mx`.
 */
const SLOW = `n * multiIf(n = 0 OR t >= mx, 0,
  t >= q[4], 0.01 * (mx - t) / greatest(mx - q[4], 1e-9),
  t >= q[3], 0.01 + 0.04 * (q[4] - t) / greatest(q[4] - q[3], 1e-9),
  t >= q[2], 0.05 + 0.05 * (q[3] - t) / greatest(q[3] - q[2], 1e-9),
  t >= q[1], 0.10 + 0.40 * (q[2] - t) / greatest(q[2] - q[1], 1e-9),
  0.50 + 0.50 * (q[1] - t) / greatest(q[1], 1e-9))`

/** Per (SLO, bucket): requests, 5xx and estimated slow requests, from `source` rows (`where`: SQL over them). */
function perBucket(source: string, where = '1'): string {
  return `SELECT s.id AS id, s.kind AS kind, b.bucket AS bucket, b.n AS n, b.e5 AS e5, s.t AS t, b.q AS q, b.mx AS mx, ${SLOW} AS slow
    FROM (SELECT api_id, bucket, sum(requests) AS n, sum(status_5xx) AS e5, ${quantiles('latency')} AS q, max(latency_max) AS mx
          FROM ${source} WHERE api_id IN {s_apis:Array(String)} AND ${where} GROUP BY api_id, bucket) AS b
    INNER JOIN (SELECT x.1 AS id, x.2 AS api, x.3 AS kind, x.4 AS t
                FROM (SELECT arrayJoin(arrayZip({s_ids:Array(String)}, {s_apis:Array(String)}, {s_kinds:Array(String)}, {s_t:Array(Float64)})) AS x)) AS s
    ON b.api_id = s.api`
}

const BAD = `if(kind = 'latency', slow, toFloat64(e5))`

function targetParams(targets: SliTarget[]): Record<string, unknown> {
  return {
    s_ids: targets.map((t) => t.id),
    s_apis: targets.map((t) => t.api_id),
    s_kinds: targets.map((t) => t.sli),
    s_t: targets.map((t) => t.latency_ms * (1 + QUANTILE_RELATIVE_ERROR)),
  }
}

export type WindowCounts = Map<string, Record<string, Counts>>

/** Short windows: `n<i>` requests and `b<i>` bad events of window i. */
const ShortRow = z.object({ id: z.string() }).catchall(z.union([count, float]))
const LongRow = z.object({ id: z.string(), n: count, b: float })

function put(out: WindowCounts, id: string, window: string, n: number | null | undefined, bad: number | null | undefined): void {
  const rec = out.get(id) ?? out.set(id, {}).get(id)!
  rec[window] = { requests: Number(n), bad: Number(bad) }
}

/**
 * Bad/total counts per SLO for each window ending at `at`. `short` windows
 * (≤ 6 h) come from one scan of the minute rollup; `long` ones one query each.
 */
export async function sliCounts(
  storage: Storage,
  targets: SliTarget[],
  at: number,
  short: Record<string, number>,
  long: Record<string, number>,
): Promise<WindowCounts> {
  const out: WindowCounts = new Map()
  if (targets.length === 0) return out
  const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS
  const longestOfAll = Math.max(0, ...Object.values(short), ...Object.values(long))
  const windows = await listMaintenance(storage, { fromMs: minute - longestOfAll - HOUR_MS, toMs: minute + MINUTE_MS })
  const shortNames = Object.keys(short)
  if (shortNames.length) {
    const longest = Math.max(...Object.values(short))
    const params: Record<string, unknown> = { ...targetParams(targets), m_from: sec(minute - longest), m_to: sec(minute) }
    const cols = shortNames.map((w, i) => {
      params[`w${i}`] = sec(minute - short[w])
      return `sumIf(n, bucket > {w${i}:DateTime}) AS n${i}, sumIf(${BAD}, bucket > {w${i}:DateTime}) AS b${i}`
    })
    const source = `(SELECT * FROM request_rollup_1m WHERE bucket > {m_from:DateTime} AND bucket <= {m_to:DateTime})`
    const outside = outsideMaintenanceSql(windows, MINUTE_COLUMNS, params)
    const rows = await storage.rows(ShortRow, `SELECT id, ${cols.join(', ')} FROM (${perBucket(source, outside)}) GROUP BY id`, params)
    for (const r of rows)
      shortNames.forEach((w, i) => {
        put(out, r.id, w, r[`n${i}`], r[`b${i}`])
      })
  }
  await Promise.all(
    Object.entries(long).map(async ([w, ms]) => {
      const range = { fromMs: minute - ms + MINUTE_MS, toMs: minute + 1 }
      const src = rollupSource(range)
      const params = { ...src.params, ...targetParams(targets) }
      const [rows, inside] = await Promise.all([
        storage.rows(LongRow, `SELECT id, sum(n) AS n, sum(${BAD}) AS b FROM (${perBucket(src.sql)}) GROUP BY id`, params),
        maintenanceCounts(storage, targets, range, windows),
      ])
      for (const r of rows) {
        const m = inside.get(r.id)
        put(out, r.id, w, Math.max(0, r.n - (m?.n ?? 0)), Math.max(0, (r.b ?? 0) - (m?.b ?? 0)))
      }
    }),
  )
  return out
}

const MINUTE_COLUMNS = { instansi: 'instansi', api: 'api_id', gateway: 'gateway_id', bucket: 'bucket' }

/**
 * Requests and bad events of a long window that fell under maintenance, from
 * the minute rollup over the same span the rollup source reads (whole hours
 * above two days): subtracted from the window's counts. For a latency SLI the
 * slow requests of those minutes are estimated per minute rather than per
 * hour, so the subtraction is as close as the estimate (never below zero).
 */
async function maintenanceCounts(storage: Storage, targets: SliTarget[], range: { fromMs: number; toMs: number }, windows: readonly MaintenanceSpan[]) {
  const out = new Map<string, { n: number; b: number }>()
  const relevant = windows.filter((w) => Date.parse(w.ends_at) > range.fromMs - HOUR_MS && Date.parse(w.starts_at) < range.toMs + HOUR_MS)
  if (relevant.length === 0) return out
  const aligned = range.toMs - range.fromMs > 2 * DAY_MS
  const unit = aligned ? HOUR_MS : MINUTE_MS
  const params: Record<string, unknown> = {
    ...targetParams(targets),
    x_from: sec(Math.floor(range.fromMs / unit) * unit),
    x_to: sec(Math.ceil(range.toMs / unit) * unit),
  }
  const source = `(SELECT * FROM request_rollup_1m WHERE bucket >= {x_from:DateTime} AND bucket < {x_to:DateTime})`
  const inside = inMaintenanceSql(relevant, MINUTE_COLUMNS, params)
  const rows = await storage.rows(LongRow, `SELECT id, sum(n) AS n, sum(${BAD}) AS b FROM (${perBucket(source, inside)}) GROUP BY id`, params)
  for (const r of rows) out.set(r.id, { n: r.n, b: r.b ?? 0 })
  return out
}
