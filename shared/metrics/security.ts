/**
 * Security (Permenkomdigi 3/2025 Pasal 12; Pasal 10 for transport): failed
 * authentications (401/403) by consumer and by source address, rate limiting
 * (429), plain-HTTP and pre-TLS 1.3 shares, detected patterns (brute force,
 * path scanning) and source addresses new to an API. Everything is computed
 * in ClickHouse from the rollups with bound parameters.
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { chText, u64 } from '../../storage/columns.js'
import { bucketSql, Interval, type IntervalName, TZ, wibIso } from './interval.js'
import { RangeQuery, type Range } from './range.js'
import { consumerSource, filterSql, minuteSource, sec, seriesSource, totalsSource } from './rollup.js'
import { SECURITY_FILTERS, topSources } from './security-sources.js'

const int = z.number().int()
const count = (max: number, def: number, description: string) => z.coerce.number().int().min(1).max(max).default(def).openapi({ description })

// ---------------------------------------------------------------- queries
/** Per-source signals are kept per instansi / API / consumer, not per gateway. */
const SecurityRange = RangeQuery.omit({ gateway: true })
export const SecurityQuery = SecurityRange.extend({ interval: Interval, top: count(100, 10, 'Rows of each top list') })
export const FindingsQuery = SecurityRange.extend({
  brute_force_threshold: count(1e6, 20, 'Auth failures from one source within the window that make a brute-force finding (N)'),
  scan_threshold: count(1e6, 15, 'Distinct 404 paths from one source within the window that make a path-scan finding (M)'),
  window: count(1440, 5, 'Sliding window W, whole minutes'),
  limit: count(1000, 100, 'Most findings of each kind'),
})
export type FindingsQuery = z.infer<typeof FindingsQuery>
/** api_sources knows the instansi and the API of a source, not the consumer. */
export const NewSourcesQuery = SecurityRange.omit({ consumer: true }).extend({ limit: count(10_000, 1000, 'Most sources') })

// ---------------------------------------------------------------- shapes
export const Security = z
  .object({
    interval: z.string(),
    totals: z.object({
      requests: int,
      auth_failures: int.describe('401, 403 or an explicit authentication failure'),
      rate_limited: int.describe('429'),
      not_found: int,
      https_requests: int,
      plain_http_requests: int.describe('requests logged as plain HTTP'),
      plain_http_share: z.number().describe('plain_http_requests / requests whose scheme is logged, 0..1'),
      tls13_requests: int,
      tls_below_13_requests: int.describe('requests logged with a TLS version older than 1.3'),
      tls_below_13_share: z.number().describe('tls_below_13_requests / requests whose TLS version is logged, 0..1'),
    }),
    by_consumer: z.array(
      z.object({
        consumer_id: z.string().describe("'' = unidentified caller"),
        consumer_instansi: z.string(),
        requests: int,
        auth_failures: int,
        rate_limited: int,
      }),
    ),
    by_source: z.array(
      z.object({ source: z.string(), auth_failures: int, rate_limited: int, not_found: int, not_found_paths: int.describe('distinct 404 paths') }),
    ),
    series: z.array(z.object({ t: z.string(), requests: int, auth_failures: int, rate_limited: int })),
  })
  .openapi('Security')
export type Security = z.infer<typeof Security>

const ApiRef = z.object({ instansi: z.string(), id: z.string().describe("'' = unregistered"), name: z.string() })
export const Finding = z.object({
  kind: z.enum(['brute_force', 'path_scan']),
  source: z.string().describe('client address'),
  apis: z.array(ApiRef),
  window_start: z.string().describe('first minute of the incident, ISO 8601 in WIB'),
  window_end: z.string().describe('end of the last minute of the incident (exclusive)'),
  peak: int.describe('most auth failures (brute force) or distinct 404 paths (path scan) in one window'),
  auth_failures: int,
  not_found: int,
  not_found_paths: int,
  rate_limited: int,
})
export const Findings = z
  .object({
    window_minutes: int,
    thresholds: z.object({ brute_force: int, path_scan: int }),
    findings: z.array(Finding),
  })
  .openapi('SecurityFindings')
export type Findings = z.infer<typeof Findings>

export const NewSources = z
  .object({
    sources: z.array(
      ApiRef.extend({
        source: z.string(),
        first_seen: z.string(),
        last_seen: z.string(),
        requests: int.describe('all requests of this source to this API so far'),
      }),
    ),
  })
  .openapi('NewSources')
export type NewSources = z.infer<typeof NewSources>

// ---------------------------------------------------------------- overview
const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0)
const TotalsRow = z.object({ n: u64, af: u64, rl: u64, nf: u64, https: u64, http: u64, tls: u64, tls13: u64 })
const ConsumerRow = z.object({ cid: z.string(), ci: z.string(), n: u64, af: u64, rl: u64 })
const PointRow = z.object({ b: chText, n: u64, af: u64, rl: u64 })

export async function security(storage: Storage, range: Range, interval: IntervalName, top: number): Promise<Security> {
  const src = totalsSource(range)
  const bySrc = consumerSource(range)
  const series = seriesSource(range, interval)
  const [[t], consumers, sources, points] = await Promise.all([
    storage.rows(
      TotalsRow,
      `SELECT sum(requests) AS n, sum(auth_failures) AS af, sum(rate_limited) AS rl, sum(not_found) AS nf,
              sum(https_requests) AS https, sum(http_requests) AS http, sum(tls_known) AS tls,
              sum(tls13_requests) AS tls13 FROM ${src.sql}`,
      src.params,
    ),
    // without an instansi / API filter the engine answers this from the per-consumer hour sums
    // (projection consumer_totals, migration 0025): keep its grouping and its three sums in step with them
    storage.rows(
      ConsumerRow,
      `SELECT consumer_id AS cid, consumer_instansi AS ci, sum(requests) AS n, sum(auth_failures) AS af, sum(rate_limited) AS rl
       FROM ${bySrc.sql} GROUP BY cid, ci HAVING af > 0 OR rl > 0 ORDER BY af DESC, rl DESC, cid LIMIT {top:UInt32}`,
      { ...bySrc.params, top },
    ),
    topSources(storage, range, top),
    storage.rows(
      PointRow,
      `SELECT ${bucketSql(interval)} AS b, sum(requests) AS n, sum(auth_failures) AS af, sum(rate_limited) AS rl
       FROM ${series.sql} GROUP BY b ORDER BY b`,
      series.params,
    ),
  ])
  const requests = t?.n ?? 0
  const https = t?.https ?? 0
  const http = t?.http ?? 0
  const tlsKnown = t?.tls ?? 0
  const tls13 = t?.tls13 ?? 0
  return {
    interval,
    totals: {
      requests,
      auth_failures: t?.af ?? 0,
      rate_limited: t?.rl ?? 0,
      not_found: t?.nf ?? 0,
      https_requests: https,
      plain_http_requests: http,
      plain_http_share: share(http, http + https),
      tls13_requests: tls13,
      tls_below_13_requests: tlsKnown - tls13,
      tls_below_13_share: share(tlsKnown - tls13, tlsKnown),
    },
    by_consumer: consumers.map((r) => ({
      consumer_id: r.cid,
      consumer_instansi: r.ci,
      requests: r.n,
      auth_failures: r.af,
      rate_limited: r.rl,
    })),
    by_source: sources.map((r) => ({
      source: r.s,
      auth_failures: r.af,
      rate_limited: r.rl,
      not_found: r.nf,
      not_found_paths: r.paths,
    })),
    series: points.map((r) => ({ t: wibIso(r.b), requests: r.n, auth_failures: r.af, rate_limited: r.rl })),
  }
}

// ---------------------------------------------------------------- findings
/** Per detector: the per-minute signal that must be present, and how a window aggregates minutes. */
const DETECTORS = {
  brute_force: { signal: 'af', window: 'sum(af)', count: 'auth_failures', threshold: 'bf_min' },
  path_scan: { signal: 'nf', window: 'uniqMerge(paths)', count: 'not_found', threshold: 'scan_min' },
} as const
type Kind = keyof typeof DETECTORS

/**
 * Sliding windows of W whole minutes per source: `wm` is the signal in the
 * window starting at each minute; a minute is covered when a window holding
 * it reaches the threshold; covered minutes no more than W apart form one
 * incident (gaps-and-islands). A window holds no more distinct paths than
 * requests, so only sources with some window of at least the threshold in
 * *counts* can be found — found cheaply (plain sums, and first only sources
 * whose total over the range reaches it) before the windows that matter.
 */
function detectSql(kind: Kind, source: string, hourly: string): string {
  const d = DETECTORS[kind]
  const w = 'PARTITION BY src ORDER BY t'
  // Sources whose counts over some run of {h_span} consecutive hours reach the
  // threshold (security_sources_1h, migration 0018): a W-minute window lies in
  // such a run, so no other source can have one (sources by address hash). Hours overlapping the range,
  // all APIs and consumers of the instansi: a superset of what the range and
  // filters count, which only widens the candidates, never changes a finding.
  const busyHours = `SELECT DISTINCT source FROM (
      SELECT source, toUInt32(bucket) + 3600 * arrayJoin(range({h_span:UInt8})) AS k, sum(${d.count}) AS n
      FROM ${hourly} WHERE ${d.count} > 0 GROUP BY source, k HAVING n >= {${d.threshold}:UInt64})`
  const candidates = `SELECT DISTINCT src FROM (
      SELECT src, sum(n) OVER (${w} RANGE BETWEEN CURRENT ROW AND {w_span:UInt32} FOLLOWING) AS wn
      FROM (SELECT client_address AS src, toUInt32(bucket) AS t, sum(${d.count}) AS n FROM ${source}
            WHERE client_address != '' AND cityHash64(client_address) IN (${busyHours})
            GROUP BY src, t HAVING n > 0))
    WHERE wn >= {${d.threshold}:UInt64}`
  return `
    SELECT src, toDateTime(min(t), '${TZ}') AS ws, toDateTime(max(t) + 60, '${TZ}') AS we, max(wm) AS peak,
           sum(af) AS af_n, sum(nf) AS nf_n, sum(rl) AS rl_n, uniqMerge(paths) AS paths_n, groupUniqArrayArray(apis) AS api_list
    FROM (SELECT *, sum(gap) OVER (${w} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS incident
      FROM (SELECT *, (t - lagInFrame(t, 1, toUInt32(0)) OVER (${w} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) > {w_sec:UInt32} AS gap
        FROM (SELECT *, max(wm) OVER (${w} RANGE BETWEEN {w_span:UInt32} PRECEDING AND CURRENT ROW) AS cover
          FROM (SELECT *, ${d.window} OVER (${w} RANGE BETWEEN CURRENT ROW AND {w_span:UInt32} FOLLOWING) AS wm
            FROM (SELECT client_address AS src, toUInt32(bucket) AS t, sum(auth_failures) AS af, sum(not_found) AS nf,
                         sum(rate_limited) AS rl, uniqMergeState(not_found_paths) AS paths,
                         groupUniqArray((instansi, api_id, api_name)) AS apis
                  FROM ${source} WHERE client_address != '' AND client_address IN (${candidates})
                  GROUP BY src, t HAVING ${d.signal} > 0)))
        WHERE cover >= {${d.threshold}:UInt64}))
    GROUP BY src, incident ORDER BY ws, src LIMIT {limit:UInt32}`
}

const IncidentRow = z.object({
  src: z.string(),
  ws: chText,
  we: chText,
  peak: u64,
  af_n: u64,
  nf_n: u64,
  rl_n: u64,
  paths_n: u64,
  /** (instansi, api_id, api_name) */
  api_list: z.array(z.tuple([z.string(), z.string(), z.string()])),
})

/** Hour rows of security_sources_1h overlapping the range, of the instansi filtered on (if any). */
function hourlySource(range: Range, params: Record<string, unknown>): string {
  params.h_from = sec(Math.floor(range.fromMs / HOUR_MS) * HOUR_MS)
  params.h_to = sec(Math.ceil(range.toMs / HOUR_MS) * HOUR_MS)
  const where = filterSql(range, params, ['instansi'])
  return `(SELECT * FROM security_sources_1h WHERE bucket >= {h_from:DateTime} AND bucket < {h_to:DateTime}${where})`
}
const HOUR_MS = 3_600_000

export async function findings(storage: Storage, range: Range, q: FindingsQuery): Promise<Findings> {
  const sig = minuteSource(range, 'security_rollup_1m', SECURITY_FILTERS)
  const params = {
    ...sig.params,
    w_sec: q.window * 60,
    w_span: q.window * 60 - 60,
    bf_min: q.brute_force_threshold,
    scan_min: q.scan_threshold,
    limit: q.limit,
    // hours a window of W minutes can touch: floor((W - 1) / 60) + 2
    h_span: Math.floor((q.window - 1) / 60) + 2,
  }
  const hourly = hourlySource(range, params)
  const kinds = Object.keys(DETECTORS) as Kind[]
  const results = await Promise.all(kinds.map((k) => storage.rows(IncidentRow, detectSql(k, sig.sql, hourly), params)))
  const list = kinds.flatMap((kind, i) =>
    results[i].map((r) => ({
      kind,
      source: r.src,
      apis: r.api_list
        .map(([instansi, id, name]) => ({ instansi, id, name }))
        .sort((a, b) => `${a.instansi}/${a.id}/${a.name}`.localeCompare(`${b.instansi}/${b.id}/${b.name}`)),
      window_start: wibIso(r.ws),
      window_end: wibIso(r.we),
      peak: r.peak,
      auth_failures: r.af_n,
      not_found: r.nf_n,
      not_found_paths: r.paths_n,
      rate_limited: r.rl_n,
    })),
  )
  list.sort((a, b) => a.window_start.localeCompare(b.window_start) || a.source.localeCompare(b.source) || a.kind.localeCompare(b.kind))
  return { window_minutes: q.window, thresholds: { brute_force: q.brute_force_threshold, path_scan: q.scan_threshold }, findings: list }
}

// ---------------------------------------------------------------- new sources
const NewSourceRow = z.object({ instansi: z.string(), api_id: z.string(), api_name: z.string(), src: z.string(), fs: chText, ls: chText, n: u64 })

/** Source addresses whose first call to an API falls inside the range. */
export async function newSources(storage: Storage, range: Range, limit: number): Promise<NewSources> {
  const params: Record<string, unknown> = { n_from: sec(range.fromMs), n_to: Math.ceil(range.toMs / 1000), limit }
  const where = filterSql({ instansi: range.instansi, api: range.api }, params)
  const rows = await storage.rows(
    NewSourceRow,
    `SELECT instansi, api_id, api_name, client_address AS src, toDateTime(min(first_seen), '${TZ}') AS fs,
            toDateTime(max(last_seen), '${TZ}') AS ls, sum(requests) AS n
     FROM api_sources WHERE 1${where}
     GROUP BY instansi, api_id, api_name, src
     HAVING min(first_seen) >= {n_from:DateTime} AND min(first_seen) < {n_to:DateTime}
     ORDER BY fs, src, instansi, api_id, api_name LIMIT {limit:UInt32}`,
    params,
  )
  return {
    sources: rows.map((r) => ({
      instansi: r.instansi,
      id: r.api_id,
      name: r.api_name,
      source: r.src,
      first_seen: wibIso(r.fs),
      last_seen: wibIso(r.ls),
      requests: r.n,
    })),
  }
}
