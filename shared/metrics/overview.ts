/** The headline numbers: requests, error rate, latency percentiles, coverage. */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { count, float } from '../../storage/columns.js'
import type { Range } from './range.js'
import { consumerSource, instansiSource, quantiles, rollupSource, totalsSource } from './rollup.js'

export const Overview = z
  .object({
    requests: z.number().int(),
    errors_5xx: z.number().int(),
    errors_4xx: z.number().int(),
    error_rate: z.number().describe('5xx share of requests, 0..1'),
    success_rate: z.number().describe('share of requests without a 5xx, 0..1'),
    latency_ms: z.object({ avg: z.number(), p50: z.number(), p90: z.number(), p95: z.number(), p99: z.number() }),
    instansi: z.number().int().describe('provider instansi with traffic'),
    apis: z.number().int().describe('distinct APIs with traffic'),
    consumers: z.number().int().describe('distinct consumers with traffic'),
    bytes_in: z.number().int(),
    bytes_out: z.number().int(),
  })
  .openapi('Overview')
export type Overview = z.infer<typeof Overview>

const Totals = z.object({
  total: count,
  e5: count,
  e4: count,
  lsum: float,
  q: z.array(float),
  bin: count,
  bout: count,
})
const Distinct = z.object({ n: count })

export async function overview(storage: Storage, range: Range): Promise<Overview> {
  // Totals and percentiles from the national (or one instansi's) tiers; distinct instansi, APIs and
  // consumers from the per-instansi, per-API and per-consumer tiers (counts only: no latency states read).
  const totals = totalsSource(range)
  const providers = instansiSource(range)
  const apis = rollupSource(range)
  const consumers = consumerSource(range)
  const [[r], [i], [a], [c]] = await Promise.all([
    storage.rows(
      Totals,
      `SELECT sum(requests) AS total, sum(status_5xx) AS e5, sum(status_4xx) AS e4, sum(latency_sum) AS lsum,
              ${quantiles('latency')} AS q, sum(request_bytes) AS bin, sum(response_bytes) AS bout
       FROM ${totals.sql}`,
      totals.params,
    ),
    storage.rows(Distinct, `SELECT uniqExactIf(instansi, requests > 0) AS n FROM ${providers.sql}`, providers.params),
    storage.rows(Distinct, `SELECT uniqExactIf(if(api_id != '', api_id, concat(instansi, '/', api_name)), requests > 0) AS n FROM ${apis.sql}`, apis.params),
    storage.rows(Distinct, `SELECT uniqExact(consumer_id) AS n FROM ${consumers.sql} WHERE consumer_id != ''`, consumers.params),
  ])
  const requests = r?.total ?? 0
  const e5 = r?.e5 ?? 0
  const q = requests > 0 ? r.q : []
  return {
    requests,
    errors_5xx: e5,
    errors_4xx: r?.e4 ?? 0,
    error_rate: requests ? e5 / requests : 0,
    success_rate: requests ? 1 - e5 / requests : 1,
    latency_ms: {
      avg: requests ? (r.lsum ?? 0) / requests : 0,
      p50: q[0] ?? 0,
      p90: q[1] ?? 0,
      p95: q[2] ?? 0,
      p99: q[3] ?? 0,
    },
    instansi: i?.n ?? 0,
    apis: a?.n ?? 0,
    consumers: c?.n ?? 0,
    bytes_in: r?.bin ?? 0,
    bytes_out: r?.bout ?? 0,
  }
}
