/**
 * Performance (Pasal 12): request rate, latency percentiles for total,
 * backend and gateway time, and errors by class and by status code — as a
 * series in WIB buckets plus totals over the range.
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { chText, count, float } from '../../storage/columns.js'
import { bucketSql, intervalMs, type IntervalName, wibIso } from './interval.js'
import type { Range } from './range.js'
import { quantiles, seriesCoversTotals, seriesSource, totalsSource } from './rollup.js'

const Percentiles = z.object({ p50: z.number(), p90: z.number(), p95: z.number(), p99: z.number() })

export const PerformancePoint = z.object({
  t: z.string().describe('bucket start, ISO 8601 in WIB (+07:00)'),
  requests: z.number().int(),
  rate_per_s: z.number(),
  errors_4xx: z.number().int(),
  errors_5xx: z.number().int(),
  error_rate: z.number().describe('5xx share, 0..1'),
  latency_ms: Percentiles,
  backend_ms: Percentiles,
  gateway_ms: Percentiles,
})

export const Performance = z
  .object({
    interval: z.string(),
    series: z.array(PerformancePoint),
    totals: PerformancePoint.omit({ t: true }),
    status_codes: z.array(z.object({ code: z.number().int(), class: z.string(), count: z.number().int() })),
  })
  .openapi('Performance')
export type Performance = z.infer<typeof Performance>

const Row = z.object({ n: count, e4: count, e5: count, q: z.array(float), qb: z.array(float), qg: z.array(float) })
type Row = z.infer<typeof Row>
const BucketRow = Row.extend({ b: chText })
const CodeRow = z.object({ code: z.number().int(), count })

const pct = (q: (number | null)[] | undefined) => ({ p50: q?.[0] ?? 0, p90: q?.[1] ?? 0, p95: q?.[2] ?? 0, p99: q?.[3] ?? 0 })

function point(r: Row, seconds: number) {
  const requests = r.n
  const e5 = r.e5
  const empty = requests === 0
  return {
    requests,
    rate_per_s: seconds > 0 ? requests / seconds : 0,
    errors_4xx: r.e4,
    errors_5xx: e5,
    error_rate: requests ? e5 / requests : 0,
    latency_ms: pct(empty ? [] : r.q),
    backend_ms: pct(empty ? [] : r.qb),
    gateway_ms: pct(empty ? [] : r.qg),
  }
}

const AGGREGATES = `sum(requests) AS n, sum(status_4xx) AS e4, sum(status_5xx) AS e5,
  ${quantiles('latency')} AS q, ${quantiles('backend')} AS qb, ${quantiles('gateway')} AS qg`

export async function performance(storage: Storage, range: Range, interval: IntervalName): Promise<Performance> {
  const src = totalsSource(range)
  const rows = seriesSource(range, interval)
  // the latency histograms are the cost (three per row): when the series rows are the totals' rows too,
  // the totals merge the buckets' states (the ROLLUP row, bucket NULL) rather than reading the rows again
  const rollup = seriesCoversTotals(range, interval)
  const [grouped, separate, codes] = await Promise.all([
    storage.rows(
      rollup ? BucketRow.extend({ b: chText.nullable() }) : BucketRow,
      `SELECT ${bucketSql(interval)} AS b, ${AGGREGATES} FROM ${rows.sql}
       GROUP BY ${rollup ? 'ROLLUP(b)' : 'b'} ORDER BY b${rollup ? ' SETTINGS group_by_use_nulls = 1' : ''}`,
      rows.params,
    ),
    rollup ? Promise.resolve([]) : storage.rows(Row, `SELECT ${AGGREGATES} FROM ${src.sql}`, src.params),
    storage.rows(
      CodeRow,
      `SELECT code, sum(c) AS count FROM (SELECT sumMap(status_counts) AS m FROM ${src.sql}) ARRAY JOIN m.1 AS code, m.2 AS c GROUP BY code ORDER BY code`,
      src.params,
    ),
  ])
  const series = grouped.filter((r): r is z.infer<typeof BucketRow> => r.b !== null)
  const totals = rollup ? grouped.filter((r) => r.b === null) : separate
  const seconds = intervalMs(interval) / 1000
  return {
    interval,
    series: series.map((r) => ({ t: wibIso(r.b), ...point(r, seconds) })),
    totals: point(totals[0] ?? { n: 0, e4: 0, e5: 0, q: [], qb: [], qg: [] }, (range.toMs - range.fromMs) / 1000),
    status_codes: codes.map((c) => ({ code: c.code, class: `${String(c.code)[0]}xx`, count: c.count })),
  }
}
