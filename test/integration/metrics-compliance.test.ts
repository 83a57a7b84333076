/** Compliance scorecards: planted APIs with known properties reach known levels, with the failing checks named. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack
let token: string
const DOC = '{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{}}'

const gold = {
  instansi: 'kemenkeu',
  name: 'Data Pajak',
  version: '1.0.0',
  base_path: '/pajak/v1',
  auth_type: 'oauth2',
  openapi: DOC,
  sla_availability: 99,
  sla_p95_ms: 500,
}

function record(endpoint: string, n: number, opts: { status?: number; duration?: number; full?: boolean } = {}) {
  const base = {
    timestamp: new Date(Date.now() - n * 30_000).toISOString(),
    method: 'GET',
    endpoint: `https://api.kemenkeu.go.id${endpoint}`,
    statusCode: opts.status ?? 200,
  }
  const rest =
    opts.full === false ? {} : { level: 'INFO', service: 'svc', requestId: `r-${endpoint}-${n}`, userId: 'u1', duration: opts.duration ?? 40, message: 'ok' }
  return JSON.stringify({ ...base, ...rest, duration: opts.duration ?? 40 })
}

beforeAll(async () => {
  stack = await startTestStack()
  token = await stack.gateway('kemenkeu', { product: 'kong' })
  const apis = [
    gold,
    { ...gold, name: 'Data Anggaran', base_path: '/anggaran', openapi: '' }, // unversioned, no OpenAPI
    { ...gold, name: 'Data Lelang', base_path: '/lelang/v2', auth_type: 'none' }, // no authentication
    { ...gold, name: 'Data Kurs', base_path: '/kurs/v1', sla_p95_ms: 10 }, // misses its latency SLA
    {
      ...gold,
      name: 'Data Lama',
      base_path: '/lama/v1',
      lifecycle: 'deprecated',
      deprecated_at: '2026-09-01T00:00:00+07:00',
      removal_at: '2026-12-01T00:00:00+07:00',
    }, // 91 days of notice
    { ...gold, name: 'Data Log', base_path: '/log/v1' }, // logs without Pasal 13 fields
  ]
  for (const a of apis) expect((await stack.call('POST', '/v1/registry/apis', a)).status).toBe(201)
  // the collector must know the APIs before their traffic arrives (its own refresh after a write is asynchronous)
  await stack.collector!.registry.refresh()
  const lines: string[] = []
  for (let n = 0; n < 100; n++) {
    for (const p of ['/pajak/v1/x', '/anggaran/x', '/lelang/v2/x', '/kurs/v1/x', '/lama/v1/x']) lines.push(record(p, n))
    lines.push(record('/log/v1/x', n, { full: false }))
  }
  const res = await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: lines.join('\n') })
  expect(res.status).toBe(200)
  await stack.flushed()
})
afterAll(() => stack?.stop())

describe('compliance scorecards', () => {
  it('rates each API and names the failing checks', async () => {
    const res = await stack.call('GET', '/v1/metrics/compliance?from=now-1d&instansi=kemenkeu')
    expect(res.status).toBe(200)
    const byName = Object.fromEntries(res.body.data.apis.map((a: { api_name: string }) => [a.api_name, a]))
    expect(byName['Data Pajak']).toMatchObject({ level: 'gold', failing: [] })
    expect(byName['Data Anggaran']).toMatchObject({ level: 'none', failing: ['versioned_url', 'openapi_registered'] })
    expect(byName['Data Lelang']).toMatchObject({ level: 'none', failing: ['authentication'] })
    expect(byName['Data Kurs']).toMatchObject({ level: 'silver', failing: ['sla_met'] })
    expect(byName['Data Lama']).toMatchObject({ level: 'silver', failing: ['deprecation_notice'] })
    expect(byName['Data Log']).toMatchObject({ level: 'bronze', failing: ['structured_logs'] })
    const https = byName['Data Pajak'].checks.find((c: { id: string }) => c.id === 'https')
    expect(https).toMatchObject({ passed: true, evidence: '100.0 % of requests over HTTPS' })
    const notice = byName['Data Lama'].checks.find((c: { id: string }) => c.id === 'deprecation_notice')
    expect(notice.evidence).toBe('91 days of notice')
    const tls = byName['Data Pajak'].checks.find((c: { id: string }) => c.id === 'tls13')
    expect(tls.passed).toBe(null) // the logs do not say which TLS version: no evidence either way
  })

  it('rolls APIs up per instansi: the level 80 % of its published APIs reach', async () => {
    const res = await stack.call('GET', '/v1/metrics/compliance?from=now-1d&instansi=kemenkeu')
    const [inst] = res.body.data.instansi
    // Published: Pajak (gold), Anggaran (none), Lelang (none), Kurs (silver), Log (bronze): 3/5 reach bronze < 80 %.
    expect(inst).toMatchObject({ instansi: 'kemenkeu', apis: 6, level: 'none', by_level: { gold: 1, silver: 1, bronze: 1, none: 2 } })
    expect(inst.pass_share.authentication).toBeCloseTo(5 / 6)
  })
})
