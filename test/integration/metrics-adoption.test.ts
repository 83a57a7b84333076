/**
 * Adoption metrics and the integration graph on planted traffic with known
 * answers: 3 consuming instansi → 2 providers over 4 edges (one already seen
 * in September), lifecycle and active-vs-registered counts, SPL vs direct
 * traffic, SPLP link status, month-over-month growth, operator scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../support/stack.js'

const OCT = { from: '2025-10-01', to: '2025-11-01' }
const at = (s: string) => Date.parse(`${s}+07:00`)

let stack: TestStack
let seq = 0
const apiIds: Record<string, string> = {}
const qs = (q: Record<string, string | number>) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString()
const get = async (path: string, q: Record<string, string | number> = {}, token?: string) => {
  const r = await stack.call('GET', `${path}?${qs(q)}`, undefined, token)
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body.data
}
const post = async (path: string, body: object) => {
  const r = await stack.call('POST', path, body)
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body.data
}
const gateway = async (instansi: string, name: string, is_spl: boolean, splp_linked: boolean) =>
  (await post('/v1/registry/gateways', { instansi, name, product: 'kong', is_spl, splp_linked })).ingest_token as string

/** `n` calls a minute apart from `start` (WIB) through the gateway of `token`. */
async function traffic(token: string, start: string, n: number, endpoint: string, consumer?: string) {
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      timestamp: new Date(at(start) + i * 60_000).toISOString(),
      level: 'INFO',
      service: 'svc',
      requestId: `req-${++seq}`,
      userId: 'u',
      method: 'GET',
      endpoint,
      statusCode: 200,
      duration: 9,
      message: 'ok',
      clientIp: '10.0.0.1',
      consumer,
    }),
  )
  const res = await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: lines.join('\n') })
  expect(res.status, await res.clone().text()).toBe(200)
}

beforeAll(async () => {
  stack = await startTestStack({ PANTAU_RAW_TTL_DAYS: '20000', PANTAU_SPOOL_FSYNC: 'false' })
  const kinds = { kemendagri: 'kementerian', jabarprov: 'provinsi', bkn: 'lembaga', kemenkes: 'kementerian', bandungkota: 'kota' }
  for (const [code, kind] of Object.entries(kinds)) await post('/v1/registry/instansi', { code, name: `Instansi ${code}`, kind })
  const spl = await gateway('kemendagri', 'SPL Kemendagri', true, true)
  const proxy = await gateway('kemendagri', 'Proxy langsung', false, false)
  const jabar = await gateway('jabarprov', 'SPL Jabar', true, false)
  const apis: Array<[string, string, string, string, boolean]> = [
    ['kemendagri', 'Dukcapil', '/v1/penduduk', 'published', true],
    ['kemendagri', 'Verifikasi NIK', '/v1/nik', 'published', false],
    ['kemendagri', 'Arsip', '/v1/arsip', 'created', false],
    ['kemendagri', 'Layanan Lama', '/v1/lama', 'deprecated', true],
    ['jabarprov', 'Bansos', '/v1/bansos', 'published', true],
    ['jabarprov', 'Perizinan', '/v1/izin', 'created', true],
  ]
  for (const [instansi, name, base_path, lifecycle, published_via_spl] of apis)
    apiIds[name] = (await post('/v1/registry/apis', { instansi, name, base_path, lifecycle, published_via_spl })).id
  await post('/v1/registry/consumers', { name: 'SIMPEG', instansi: 'bkn', match_ids: ['bkn-app'] })
  await post('/v1/registry/consumers', { name: 'SatuSehat', instansi: 'kemenkes', match_ids: ['kemenkes-app'] })
  await post('/v1/registry/consumers', { name: 'SIBANSOS', instansi: 'bandungkota', match_ids: ['bandung-app'] })
  await stack.collector!.registry.refresh()

  await traffic(spl, '2025-09-20T09:00:00', 20, '/v1/lama/x', 'bkn-app')
  await traffic(spl, '2025-10-10T09:00:00', 40, '/v1/penduduk/1', 'bkn-app')
  await traffic(proxy, '2025-10-10T10:00:00', 10, '/v1/nik/2', 'bkn-app')
  await traffic(spl, '2025-10-10T11:17:00', 25, '/v1/penduduk/3', 'kemenkes-app')
  await traffic(jabar, '2025-10-10T12:00:00', 15, '/v1/bansos/4', 'bandung-app')
  await traffic(jabar, '2025-10-10T13:00:00', 5, '/v1/bansos/5', 'kemenkes-app')
  await traffic(jabar, '2025-10-10T14:00:00', 5, '/v1/bansos/6')
  await stack.flushed()
})
afterAll(() => stack?.stop())

describe('GET /v1/metrics/adoption', () => {
  it('registered vs active APIs, lifecycle counts and consumers per API', async () => {
    const d = await get('/v1/metrics/adoption', OCT)
    expect(d.apis).toEqual({
      registered: 6,
      active: 3,
      inactive: 3,
      published_via_spl: 4,
      by_lifecycle: { published: 3, created: 2, deprecated: 1, retired: 0 },
    })
    const per = d.consumers_per_api.map((a: any) => [a.api_name, a.requests, a.consumers, a.consumer_instansi])
    expect(per.slice(0, 3)).toEqual([
      ['Dukcapil', 65, 2, 2],
      ['Bansos', 25, 2, 2],
      ['Verifikasi NIK', 10, 1, 1],
    ])
    expect(per.slice(3).map((r: any[]) => r.slice(1))).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ])
  })

  it('SPL vs direct traffic, SPLP link status and top consumers', async () => {
    const d = await get('/v1/metrics/adoption', { ...OCT, top: 2 })
    expect(d.traffic).toEqual({ requests: 100, via_spl: 90, direct: 10, spl_share: 0.9, direct_share: 0.1, via_splp_linked: 65 })
    expect(d.splp.map((s: any) => [s.instansi, s.gateways, s.spl_gateways, s.splp_linked_gateways, s.status])).toEqual([
      ['bandungkota', 0, 0, 0, 'no_spl'],
      ['bkn', 0, 0, 0, 'no_spl'],
      ['jabarprov', 1, 1, 0, 'spl_not_linked'],
      ['kemendagri', 2, 1, 1, 'linked'],
      ['kemenkes', 0, 0, 0, 'no_spl'],
    ])
    expect(d.top_consumers).toEqual([
      { consumer_id: 'bkn.simpeg', name: 'SIMPEG', consumer_instansi: 'bkn', requests: 50, apis: 2, providers: 1 },
      { consumer_id: 'kemenkes.satusehat', name: 'SatuSehat', consumer_instansi: 'kemenkes', requests: 30, apis: 2, providers: 2 },
    ])
  })

  it('month-over-month growth of requests and integrations in WIB months', async () => {
    const two = await get('/v1/metrics/adoption', { from: '2025-09-01', to: '2025-11-01' })
    expect(two.growth).toEqual([
      { month: '2025-09', requests: 20, integrations: 1, requests_growth: null, integrations_growth: null, complete: true },
      { month: '2025-10', requests: 100, integrations: 4, requests_growth: 4, integrations_growth: 3, complete: true },
    ])
    // a range starting mid-month is widened to whole months; the last month is partial
    const mid = await get('/v1/metrics/adoption', { from: '2025-09-25', to: '2025-10-20' })
    expect(mid.growth.map((g: any) => [g.month, g.requests, g.complete])).toEqual([
      ['2025-09', 20, true],
      ['2025-10', 100, false],
    ])
    // …while the per-API and per-consumer numbers count the range only: September's 20 calls (on the 20th) are before it
    const lama = mid.consumers_per_api.find((a: any) => a.api_name === 'Layanan Lama')
    expect([lama.requests, lama.consumers, lama.consumer_instansi]).toEqual([0, 0, 0])
    expect(mid.top_consumers[0]).toMatchObject({ consumer_id: 'bkn.simpeg', requests: 50, apis: 2, providers: 1 })
  })
})

describe('GET /v1/metrics/integrations', () => {
  const edge = (e: any) => [e.from, e.to, e.calls, e.apis.map((a: any) => a.name).sort(), e.first_seen]

  it('has exactly the planted edges with exact call counts; new ones are those first seen in range', async () => {
    const d = await get('/v1/metrics/integrations', OCT)
    expect(d.edges.map(edge)).toEqual([
      ['bkn', 'kemendagri', 50, ['Dukcapil', 'Verifikasi NIK'], '2025-09-20T09:00:00+07:00'],
      ['kemenkes', 'kemendagri', 25, ['Dukcapil'], '2025-10-10T11:17:00+07:00'],
      ['bandungkota', 'jabarprov', 15, ['Bansos'], '2025-10-10T12:00:00+07:00'],
      ['kemenkes', 'jabarprov', 5, ['Bansos'], '2025-10-10T13:00:00+07:00'],
    ])
    expect(d.edges[0].apis).toContainEqual({ id: apiIds.Dukcapil, name: 'Dukcapil' })
    expect(d.new_integrations.map((e: any) => `${e.from}>${e.to}`)).toEqual(['kemenkes>kemendagri', 'bandungkota>jabarprov', 'kemenkes>jabarprov'])
    expect(d.nodes).toEqual([
      { code: 'bandungkota', name: 'Instansi bandungkota', kind: 'kota', calls_in: 0, calls_out: 15 },
      { code: 'bkn', name: 'Instansi bkn', kind: 'lembaga', calls_in: 0, calls_out: 50 },
      { code: 'jabarprov', name: 'Instansi jabarprov', kind: 'provinsi', calls_in: 20, calls_out: 0 },
      { code: 'kemendagri', name: 'Instansi kemendagri', kind: 'kementerian', calls_in: 75, calls_out: 0 },
      { code: 'kemenkes', name: 'Instansi kemenkes', kind: 'kementerian', calls_in: 0, calls_out: 30 },
    ])
    // from September on, the bkn edge is new too
    const since = await get('/v1/metrics/integrations', { from: '2025-09-01', to: '2025-11-01' })
    expect(since.new_integrations).toHaveLength(4)
    expect(since.edges[0].calls).toBe(70)
  })
})

describe('tenant scope', () => {
  const operator = async (instansi: string) =>
    (await stack.call('POST', '/v1/admin/tokens', { name: `op ${instansi}`, role: 'operator', instansi })).body.data.token as string

  it('an operator sees its own adoption and only the edges touching its instansi', async () => {
    const jabar = await operator('jabarprov')
    for (const path of ['/v1/metrics/adoption', '/v1/metrics/integrations']) {
      const denied = await stack.call('GET', `${path}?${qs({ ...OCT, instansi: 'kemendagri' })}`, undefined, jabar)
      expect(denied.status, path).toBe(403)
      expect(denied.body.field).toBe('instansi')
    }
    const own = await get('/v1/metrics/adoption', OCT, jabar)
    expect(own.apis).toMatchObject({ registered: 2, active: 1, by_lifecycle: { published: 1, created: 1, deprecated: 0, retired: 0 } })
    expect(own.traffic).toMatchObject({ requests: 25, via_spl: 25, spl_share: 1 })
    expect(own.splp.map((s: any) => s.instansi)).toEqual(['jabarprov'])
    const graph = await get('/v1/metrics/integrations', OCT, jabar)
    expect(graph.edges.map((e: any) => `${e.from}>${e.to}:${e.calls}`)).toEqual(['bandungkota>jabarprov:15', 'kemenkes>jabarprov:5'])
    expect(graph.nodes.map((n: any) => n.code)).toEqual(['bandungkota', 'jabarprov', 'kemenkes'])

    const kemenkes = await operator('kemenkes')
    const consumerView = await get('/v1/metrics/integrations', OCT, kemenkes)
    expect(consumerView.edges.map((e: any) => `${e.from}>${e.to}:${e.calls}`)).toEqual(['kemenkes>kemendagri:25', 'kemenkes>jabarprov:5'])
  })
})
