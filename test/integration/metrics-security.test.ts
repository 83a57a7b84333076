/**
 * Security metrics on planted traffic with known answers: a brute-force burst
 * and a path scanner are flagged, a busy legitimate client with spread-out
 * 401s and a client repeating one 404 are not; new sources appear once;
 * plain-HTTP and TLS < 1.3 shares are exact; operators stay in their instansi.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../support/stack.js'

const WIB = (s: string) => Date.parse(`2025-10-${s}+07:00`)
const T0 = WIB('15T10:00:00') // the burst; the day's window is 09:00–12:00 WIB
const DAY = { from: '2025-10-15T09:00:00+07:00', to: '2025-10-15T12:00:00+07:00' }
const ATTACKER = '203.0.113.9'
const BUSY = '198.51.100.20'
const SCANNER = '192.0.2.66'
const REPEATER = '198.51.100.30'
const OLD = '198.51.100.77'

let stack: TestStack
let seq = 0
const qs = (q: Record<string, string | number>) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString()
const get = async (path: string, q: Record<string, string | number> = {}, token?: string) => {
  const r = await stack.call('GET', `${path}?${qs(q)}`, undefined, token)
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body.data
}

async function ingest(token: string, format: string, records: object[]) {
  const res = await fetch(`${stack.ingest}/ingest/${format}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: records.map((r) => JSON.stringify(r)).join('\n'),
  })
  expect(res.status, await res.clone().text()).toBe(200)
}

const call = (at: number, clientIp: string, endpoint: string, statusCode: number, consumer?: string) => ({
  timestamp: new Date(at).toISOString(),
  level: statusCode >= 400 ? 'WARN' : 'INFO',
  service: 'layanan-pajak',
  requestId: `req-${++seq}`,
  userId: 'u-1',
  method: 'GET',
  endpoint,
  statusCode,
  duration: 12,
  message: 'm',
  clientIp,
  consumer,
})

beforeAll(async () => {
  stack = await startTestStack({ PANTAU_RAW_TTL_DAYS: '20000', PANTAU_SPOOL_FSYNC: 'false' })
  const kemenkeu = await stack.gateway('kemenkeu')
  const jatim = await stack.gateway('jatimprov', { kind: 'provinsi', product: 'nginx' })
  await stack.call('POST', '/v1/registry/instansi', { code: 'bkn', name: 'Badan Kepegawaian Negara', kind: 'lembaga' })
  await stack.call('POST', '/v1/registry/apis', { instansi: 'kemenkeu', name: 'Layanan Pajak', base_path: '/v1/pajak' })
  await stack.call('POST', '/v1/registry/consumers', { name: 'SIMPEG BKN', instansi: 'bkn', match_ids: ['bkn-simpeg'] })
  await stack.collector!.registry.refresh()

  const recs: object[] = []
  // brute force: 60 × 401 in three minutes (20 a minute)
  for (let i = 0; i < 60; i++) recs.push(call(T0 + i * 3000, ATTACKER, '/v1/pajak/login', 401))
  // busy legitimate client: a call every 30 s for 3 h; every 20th is a 401 (one per 10 min), six 429s
  for (let i = 0; i < 360; i++) {
    const status = i % 20 === 0 ? 401 : i % 60 === 30 ? 429 : 200
    recs.push(call(WIB('15T09:00:00') + i * 30_000, BUSY, `/v1/pajak/wp/${i % 7}`, status, 'bkn-simpeg'))
  }
  // scanner: 30 distinct missing paths in 30 s
  for (let i = 0; i < 30; i++) recs.push(call(WIB('15T10:30:00') + i * 1000, SCANNER, `/v1/pajak/probe-${i}`, 404))
  // one missing path, asked 40 times a minute apart
  for (let i = 0; i < 40; i++) recs.push(call(WIB('15T10:40:00') + i * 60_000, REPEATER, '/v1/pajak/tidak-ada', 404))
  // a source already seen on 1 Oct
  for (let i = 0; i < 2; i++) recs.push(call(WIB('01T10:00:00') + i * 1000, OLD, '/v1/pajak/wp/1', 200))
  for (let i = 0; i < 3; i++) recs.push(call(WIB('15T11:00:00') + i * 1000, OLD, '/v1/pajak/wp/1', 200))
  await ingest(kemenkeu, 'pasal13', recs)

  // transport: 10 plain HTTP, 30 TLS 1.2, 60 TLS 1.3 (nginx $scheme / $ssl_protocol)
  const nginx = Array.from({ length: 100 }, (_, i) => ({
    time_iso8601: new Date(WIB('15T10:10:00') + i * 1000).toISOString(),
    request_method: 'GET',
    request_uri: '/v1/data',
    status: 200,
    request_time: '0.010',
    remote_addr: '10.1.0.1',
    scheme: i < 10 ? 'http' : 'https',
    ssl_protocol: i < 10 ? '' : i < 40 ? 'TLSv1.2' : 'TLSv1.3',
  }))
  await ingest(jatim, 'nginx', nginx)
  // four sources tied at three 401s each within one hour, sent in reverse address order
  const bkn = await stack.gateway('bkn')
  const tied = ['198.18.0.4', '198.18.0.3', '198.18.0.2', '198.18.0.1'].flatMap((ip, k) =>
    Array.from({ length: 3 }, (_, i) => call(WIB('20T10:00:00') + k * 60_000 + i * 1000, ip, '/v1/kepegawaian/login', 401)),
  )
  await ingest(bkn, 'pasal13', tied)
  await stack.flushed()
})
afterAll(() => stack?.stop())

describe('GET /v1/metrics/security', () => {
  it('counts failures, 429s and 404s by consumer and by source, with a per-minute series', async () => {
    const d = await get('/v1/metrics/security', { ...DAY, instansi: 'kemenkeu', interval: '1m' })
    expect(d.totals).toMatchObject({ requests: 60 + 360 + 30 + 40 + 3, auth_failures: 78, rate_limited: 6, not_found: 70 })
    expect(d.by_source).toEqual([
      { source: ATTACKER, auth_failures: 60, rate_limited: 0, not_found: 0, not_found_paths: 0 },
      { source: BUSY, auth_failures: 18, rate_limited: 6, not_found: 0, not_found_paths: 0 },
      { source: REPEATER, auth_failures: 0, rate_limited: 0, not_found: 40, not_found_paths: 1 },
      { source: SCANNER, auth_failures: 0, rate_limited: 0, not_found: 30, not_found_paths: 30 },
    ])
    expect(d.by_consumer).toEqual([
      { consumer_id: '', consumer_instansi: '', requests: 60 + 30 + 40 + 3, auth_failures: 60, rate_limited: 0 },
      { consumer_id: 'bkn.simpeg-bkn', consumer_instansi: 'bkn', requests: 360, auth_failures: 18, rate_limited: 6 },
    ])
    // minute buckets over a range the hour rollup would otherwise serve
    const burst = d.series.filter((p: any) => p.t >= '2025-10-15T10:00' && p.t < '2025-10-15T10:03')
    expect(burst.map((p: any) => p.auth_failures)).toEqual([21, 20, 20]) // + the busy client's 10:00 401
    expect(d.series.reduce((s: number, p: any) => s + p.auth_failures, 0)).toBe(78)
    expect(d.series.reduce((s: number, p: any) => s + p.rate_limited, 0)).toBe(6)
  })

  it('ranks sources exactly over a range with ragged ends, the same with an API filter, ties broken by address', async () => {
    // 09:30-11:45 WIB: half hours at both ends
    const ragged = { from: '2025-10-15T09:30:00+07:00', to: '2025-10-15T11:45:00+07:00', instansi: 'kemenkeu' }
    const bySource = (await get('/v1/metrics/security', ragged)).by_source
    expect(bySource).toEqual([
      { source: ATTACKER, auth_failures: 60, rate_limited: 0, not_found: 0, not_found_paths: 0 },
      // a 401 every 10 min from 09:30 to 11:40, 429s at 09:45, 10:15, 10:45 and 11:15
      { source: BUSY, auth_failures: 14, rate_limited: 4, not_found: 0, not_found_paths: 0 },
      { source: REPEATER, auth_failures: 0, rate_limited: 0, not_found: 40, not_found_paths: 1 },
      { source: SCANNER, auth_failures: 0, rate_limited: 0, not_found: 30, not_found_paths: 30 },
    ])
    const api = (await stack.call('GET', '/v1/registry/apis?instansi=kemenkeu')).body.data[0]
    expect((await get('/v1/metrics/security', { ...ragged, api: api.id })).by_source).toEqual(bySource)
    // the top 2 only
    expect((await get('/v1/metrics/security', { ...ragged, top: 2 })).by_source).toEqual(bySource.slice(0, 2))
    // sources tied in every count: the first by address
    const tie = await get('/v1/metrics/security', { from: '2025-10-20T09:00:00+07:00', to: '2025-10-20T12:00:00+07:00', instansi: 'bkn', top: 2 })
    expect(tie.by_source.map((r: any) => r.source)).toEqual(['198.18.0.1', '198.18.0.2'])
    // a range within one hour
    const inHour = await get('/v1/metrics/security', { from: '2025-10-15T11:00:00+07:00', to: '2025-10-15T11:20:00+07:00', instansi: 'kemenkeu' })
    expect(inHour.by_source).toEqual([
      { source: BUSY, auth_failures: 2, rate_limited: 1, not_found: 0, not_found_paths: 0 },
      { source: REPEATER, auth_failures: 0, rate_limited: 0, not_found: 20, not_found_paths: 1 },
    ])
  })

  it('plain-HTTP and TLS < 1.3 shares are exact', async () => {
    const d = await get('/v1/metrics/security', { ...DAY, instansi: 'jatimprov' })
    expect(d.totals).toMatchObject({ requests: 100, https_requests: 90, plain_http_requests: 10, tls13_requests: 60, tls_below_13_requests: 30 })
    expect(d.totals.plain_http_share).toBeCloseTo(0.1, 12)
    expect(d.totals.tls_below_13_share).toBeCloseTo(30 / 90, 12)
    expect(d.by_source).toEqual([])
  })
})

describe('GET /v1/metrics/security/findings', () => {
  it('flags the brute-force burst and the scanner, not the busy client or the repeated 404', async () => {
    const d = await get('/v1/metrics/security/findings', DAY)
    expect(d.window_minutes).toBe(5)
    expect(d.thresholds).toEqual({ brute_force: 20, path_scan: 15 })
    const api = (await stack.call('GET', '/v1/registry/apis?instansi=kemenkeu')).body.data[0]
    expect(d.findings).toEqual([
      {
        kind: 'brute_force',
        source: ATTACKER,
        apis: [{ instansi: 'kemenkeu', id: api.id, name: 'Layanan Pajak' }],
        window_start: '2025-10-15T10:00:00+07:00',
        window_end: '2025-10-15T10:03:00+07:00',
        peak: 60,
        auth_failures: 60,
        not_found: 0,
        not_found_paths: 0,
        rate_limited: 0,
      },
      {
        kind: 'path_scan',
        source: SCANNER,
        apis: [{ instansi: 'kemenkeu', id: api.id, name: 'Layanan Pajak' }],
        window_start: '2025-10-15T10:30:00+07:00',
        window_end: '2025-10-15T10:31:00+07:00',
        peak: 30,
        auth_failures: 0,
        not_found: 30,
        not_found_paths: 30,
        rate_limited: 0,
      },
    ])
  })

  it('thresholds and the window are tunable', async () => {
    const find = async (q: Record<string, number>) =>
      (await get('/v1/metrics/security/findings', { ...DAY, ...q })).findings.map((f: any) => `${f.kind}:${f.source}:${f.peak}`)
    // one-minute windows: 20 a minute reaches 20, not 21; adjacent minutes stay one incident
    expect(await find({ window: 1 })).toEqual([`brute_force:${ATTACKER}:20`, `path_scan:${SCANNER}:30`])
    expect(await find({ window: 1, brute_force_threshold: 21, scan_threshold: 31 })).toEqual([])
    // an hour-long window with a low threshold catches the busy client's 6 failures an hour
    expect(await find({ window: 60, brute_force_threshold: 5, scan_threshold: 1000 })).toEqual([`brute_force:${BUSY}:6`, `brute_force:${ATTACKER}:60`])
    const bad = await stack.call('GET', `/v1/metrics/security/findings?window=0`)
    expect(bad.status).toBe(400)
    expect(bad.body.field).toBe('query.window')
  })
})

describe('GET /v1/metrics/security/new-sources', () => {
  it('lists each source once, only when its first call to the API is inside the range', async () => {
    const day = await get('/v1/metrics/security/new-sources', { ...DAY, instansi: 'kemenkeu' })
    expect(day.sources.map((s: any) => [s.source, s.first_seen, s.requests])).toEqual([
      [BUSY, '2025-10-15T09:00:00+07:00', 360],
      [ATTACKER, '2025-10-15T10:00:00+07:00', 60],
      [SCANNER, '2025-10-15T10:30:00+07:00', 30],
      [REPEATER, '2025-10-15T10:40:00+07:00', 40],
    ])
    const month = await get('/v1/metrics/security/new-sources', { from: '2025-10-01', to: '2025-11-01', instansi: 'kemenkeu' })
    expect(month.sources.map((s: any) => s.source)).toEqual([OLD, BUSY, ATTACKER, SCANNER, REPEATER])
    expect(month.sources[0]).toMatchObject({ first_seen: '2025-10-01T10:00:00+07:00', last_seen: '2025-10-15T11:00:02+07:00', requests: 5 })
  })
})

describe('tenant scope', () => {
  it('an operator reads only its own instansi', async () => {
    const issued = await stack.call('POST', '/v1/admin/tokens', { name: 'op jatim', role: 'operator', instansi: 'jatimprov' })
    const op = issued.body.data.token as string
    for (const path of ['/v1/metrics/security', '/v1/metrics/security/findings', '/v1/metrics/security/new-sources']) {
      const denied = await stack.call('GET', `${path}?${qs({ ...DAY, instansi: 'kemenkeu' })}`, undefined, op)
      expect(denied.status, path).toBe(403)
      expect(denied.headers.get('content-type')).toBe('application/problem+json')
    }
    const own = await get('/v1/metrics/security', DAY, op)
    expect(own.totals.requests).toBe(100)
    expect((await get('/v1/metrics/security/findings', DAY, op)).findings).toEqual([])
    expect((await get('/v1/metrics/security/new-sources', DAY, op)).sources.map((s: any) => s.source)).toEqual(['10.1.0.1'])
  })
})
