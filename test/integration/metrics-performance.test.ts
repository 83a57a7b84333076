/**
 * Performance metrics on planted data with known answers: error rates, status
 * codes, request counts per bucket, and latency percentiles within the
 * sketch's stated relative error — over minute and hour rollups alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QUANTILE_RELATIVE_ERROR } from '../../shared/metrics/rollup.js'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack
const HOUR = 3600e3
// Three whole WIB hours, well in the past so the hour rollup carries them.
const T0 = Math.floor((Date.now() - 2 * 86400e3) / HOUR) * HOUR

/** 1000 requests per hour with latencies 1..1000 ms; exactly 12 per 1000 are 503 (1.2 %), 27 are 404. */
function hourOfTraffic(h: number): string[] {
  const lines: string[] = []
  for (let i = 0; i < 1000; i++) {
    const status = i % 1000 < 12 ? 503 : i % 100 < 3 ? 404 : 200
    lines.push(
      JSON.stringify({
        timestamp: new Date(T0 + h * HOUR + i * 3600).toISOString(),
        level: 'INFO',
        service: 'svc',
        requestId: `p-${h}-${i}`,
        method: 'GET',
        endpoint: '/v1/faskes/1',
        statusCode: status,
        duration: ((i * 7919) % 1000) + 1, // a permutation of 1..1000
        message: 'ok',
      }),
    )
  }
  return lines
}

beforeAll(async () => {
  stack = await startTestStack()
  const token = await stack.gateway('kemenkes')
  await stack.call('POST', '/v1/registry/apis', { instansi: 'kemenkes', name: 'Data Faskes', base_path: '/v1/faskes' })
  await stack.collector!.registry.refresh()
  const body = [0, 1, 2].flatMap(hourOfTraffic).join('\n')
  expect((await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body })).status).toBe(200)
  await stack.flushed()
})
afterAll(() => stack?.stop())

const range = (from: number, to: number) => `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`
const withinStatedError = (estimate: number, exact: number) => expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(QUANTILE_RELATIVE_ERROR)

describe('performance metrics', () => {
  it('an API with exactly 1.2 % 5xx reports 1.2 %, and the status codes exactly', async () => {
    const res = await stack.call('GET', `/v1/metrics/performance?${range(T0, T0 + 3 * HOUR)}&interval=1h&instansi=kemenkes`)
    expect(res.status).toBe(200)
    const { totals, series, status_codes } = res.body.data
    expect(totals.requests).toBe(3000)
    expect(totals.error_rate).toBeCloseTo(0.012, 10)
    expect(series.map((p: { requests: number }) => p.requests)).toEqual([1000, 1000, 1000])
    expect(status_codes).toEqual([
      { code: 200, class: '2xx', count: 3000 - 36 - 81 },
      { code: 404, class: '4xx', count: 81 }, // i % 100 < 3, except i = 0..2, which are 503s
      { code: 503, class: '5xx', count: 36 },
    ])
  })

  it('p50/p90/p95/p99 of a known distribution are within the stated relative error (hour and minute rollups)', async () => {
    for (const [from, to] of [
      [T0, T0 + 3 * HOUR], // whole hours: the hour rollup
      [T0 + 10 * 60e3, T0 + 2 * HOUR + 50 * 60e3], // ragged edges: minutes at both ends
    ]) {
      const res = await stack.call('GET', `/v1/metrics/overview?${range(from, to)}`)
      const lat = res.body.data.latency_ms
      // The planted latencies are uniform on 1..1000 ms: the q-quantile is q × 1000.
      withinStatedError(lat.p50, 500)
      withinStatedError(lat.p90, 900)
      withinStatedError(lat.p95, 950)
      withinStatedError(lat.p99, 990)
    }
  })

  it("without an instansi filter (the national rollups) every number equals the one instansi's, over minutes, hours and days", async () => {
    for (const [from, to, interval, requests] of [
      [T0, T0 + 3 * HOUR, '1h', 3000],
      [T0 - 2 * 86400e3, T0 + 86400e3, '1d', 3000], // whole WIB days around the hours: the day rollups
      [T0 + 10 * 60e3, T0 + 2 * HOUR + 50 * 60e3, '1h', 2667], // ragged edges: minutes at both ends
      [T0 + 10 * 60e3, T0 + 2 * HOUR + 50 * 60e3, '15m', 2667], // a sub-hour series: national minute rows (migration 0024)
    ] as const) {
      const q = `${range(from, to)}&interval=${interval}`
      const [national, one] = await Promise.all([
        stack.call('GET', `/v1/metrics/performance?${q}`),
        stack.call('GET', `/v1/metrics/performance?${q}&instansi=kemenkes`),
      ])
      expect(national.status).toBe(200)
      expect(national.body.data.totals.requests).toBe(requests)
      expect(national.body.data).toEqual(one.body.data)
    }
  })

  it('series buckets are WIB and sub-hour buckets keep their resolution over long ranges', async () => {
    const res = await stack.call('GET', `/v1/metrics/performance?${range(T0, T0 + 3 * HOUR)}&interval=15m`)
    const { series } = res.body.data
    expect(series).toHaveLength(12)
    expect(series[0].t).toMatch(/\+07:00$/)
    expect(new Date(series[0].t).getTime()).toBe(T0)
    expect(series.reduce((n: number, p: { requests: number }) => n + p.requests, 0)).toBe(3000)
  })
})
