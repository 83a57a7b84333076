/**
 * Tenant isolation and roles, for EVERY endpoint: the list comes from the
 * generated OpenAPI document, so an endpoint added later is covered too.
 * An operator of instansi A asking for instansi B gets 403 everywhere;
 * without a filter it sees only A.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack
const tokens: Record<string, string> = {}
let doc: { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> }

/** Paths excluded from the operator checks, and why. */
const NOT_TENANT_SCOPED: Record<string, string> = {
  '/v1/openapi.json': 'public document',
  '/v1/internal/registry-snapshot': 'service accounts only (checked below)',
  '/v1/internal/probes': 'service accounts only (collectors without database access)',
  '/v1/admin/stats': 'admin only (checked below)',
  '/v1/admin/tokens': 'admin only (checked below)',
  '/v1/admin/audit': 'admin only (checked below)',
}

function instansiIn(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) instansiIn(v, out)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'instansi' || k === 'provider_instansi') && typeof v === 'string' && v) out.add(v)
      else instansiIn(v, out)
    }
  }
}

beforeAll(async () => {
  stack = await startTestStack()
  for (const code of ['kota-a', 'kota-b']) {
    const token = await stack.gateway(code, { kind: 'kota' })
    const now = Date.now()
    const body = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({
        timestamp: new Date(now - i * 60_000).toISOString(),
        level: 'INFO',
        service: code,
        requestId: `${code}-${i}`,
        method: 'GET',
        endpoint: '/v1/data',
        statusCode: i % 10 ? 200 : 401,
        duration: 10 + i,
        message: 'ok',
        clientIp: '10.0.0.1',
        consumer: 'app',
      }),
    ).join('\n')
    await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body })
    await stack.call('POST', '/v1/registry/apis', { instansi: code, name: `Layanan ${code}`, base_path: `/${code}/v1` })
  }
  await stack.flushed()
  for (const role of ['koordinator', 'asesor', 'sre', 'collector'])
    tokens[role] = (await stack.call('POST', '/v1/admin/tokens', { name: `t-${role}`, role })).body.data.token
  tokens.operator = (await stack.call('POST', '/v1/admin/tokens', { name: 'op-a', role: 'operator', instansi: 'kota-a' })).body.data.token
  doc = (await stack.call('GET', '/v1/openapi.json')).body
})
afterAll(() => stack?.stop())

const getPaths = () =>
  Object.entries(doc.paths)
    .filter(([path, ops]) => ops.get && !path.includes('{') && !NOT_TENANT_SCOPED[path])
    .map(([path, ops]) => ({ path, params: (ops.get!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) }))

describe('tenant isolation', () => {
  it('covers a meaningful set of endpoints', () => {
    const paths = getPaths().map((p) => p.path)
    expect(paths).toEqual(
      expect.arrayContaining(['/v1/metrics/overview', '/v1/metrics/performance', '/v1/events', '/v1/events/histogram', '/v1/registry/apis']),
    )
    expect(paths.length).toBeGreaterThanOrEqual(8)
  })

  it('an operator asking for another instansi gets 403 on every endpoint that takes one', async () => {
    const checked: string[] = []
    for (const { path, params } of getPaths()) {
      if (!params.includes('instansi')) continue
      const res = await stack.call('GET', `${path}?instansi=kota-b`, undefined, tokens.operator)
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(403)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      checked.push(path)
    }
    expect(checked.length).toBeGreaterThanOrEqual(6)
  })

  it('an operator without a filter sees only its own instansi, everywhere', async () => {
    for (const { path } of getPaths()) {
      const res = await stack.call(
        'GET',
        `${path}${path.includes('metrics') || path.startsWith('/v1/events') ? '?from=now-1d' : ''}`,
        undefined,
        tokens.operator,
      )
      expect(res.status, `${path}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200)
      const seen = new Set<string>()
      instansiIn(res.body.data, seen)
      seen.delete('kota-a')
      expect([...seen], path).toEqual([])
    }
  })

  it('the events explorer: pages, histogram, one event and the export are confined too', async () => {
    const op = tokens.operator
    const events = await stack.call('GET', '/v1/events?from=now-1d&limit=1000', undefined, op)
    expect(events.body.pagination.total).toBe(30)
    expect(new Set(events.body.data.map((e: { instansi: string }) => e.instansi))).toEqual(new Set(['kota-a']))
    const histogram = await stack.call('GET', '/v1/events/histogram?from=now-1d', undefined, op)
    expect(histogram.body.data.reduce((n: number, p: { requests: number }) => n + p.requests, 0)).toBe(30)
    for (const accept of ['text/csv', 'application/x-ndjson']) {
      const res = await fetch(`${stack.api}/v1/events?from=now-1d`, { headers: { authorization: `Bearer ${op}`, accept } })
      expect(res.status, accept).toBe(200)
      const lines = (await res.text()).trim().split('\n')
      const rows = accept === 'text/csv' ? lines.slice(1) : lines
      expect(rows, accept).toHaveLength(30)
      for (const row of rows) expect(row, accept).toContain('kota-a')
      expect(
        rows.some((r) => r.includes('kota-b')),
        accept,
      ).toBe(false)
      const other = await fetch(`${stack.api}/v1/events?from=now-1d&instansi=kota-b`, { headers: { authorization: `Bearer ${op}`, accept } })
      expect(other.status, accept).toBe(403)
    }
    const theirs = (await stack.call('GET', '/v1/events?from=now-1d&instansi=kota-b&limit=1')).body.data[0]
    expect(theirs.instansi).toBe('kota-b')
    const path = `/v1/events/${theirs.event_id}?ts=${encodeURIComponent(theirs.ts)}`
    expect((await stack.call('GET', path)).status).toBe(200)
    expect((await stack.call('GET', path, undefined, op)).status).toBe(404)
    expect((await stack.call('GET', `${path}&instansi=kota-b`, undefined, op)).status).toBe(403)
  })

  it("an operator cannot read another instansi's resource by id", async () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!ops.get || !/^\/v1\/registry\/[a-z-]+\/\{id\}$/.test(path)) continue
      const list = await stack.call('GET', `${path.replace('/{id}', '')}?instansi=kota-b`)
      const row = list.body.data?.[0]
      if (!row) continue
      const id = row.id ?? row.code
      const res = await stack.call('GET', path.replace('{id}', encodeURIComponent(id)), undefined, tokens.operator)
      expect(res.status, path).toBe(403)
    }
  })

  it('roles: readers read, only admins administer, service accounts see only their endpoint', async () => {
    for (const role of ['koordinator', 'asesor', 'sre']) {
      expect((await stack.call('GET', '/v1/metrics/overview?instansi=kota-b', undefined, tokens[role])).status, role).toBe(200)
      expect((await stack.call('POST', '/v1/registry/instansi', { code: `x-${role}`, name: 'Instansi X', kind: 'lembaga' }, tokens[role])).status, role).toBe(
        403,
      )
      expect((await stack.call('GET', '/v1/admin/stats', undefined, tokens[role])).status, role).toBe(403)
      expect((await stack.call('GET', '/v1/admin/audit', undefined, tokens[role])).status, role).toBe(403)
      expect((await stack.call('GET', '/v1/internal/registry-snapshot', undefined, tokens[role])).status, role).toBe(403)
    }
    expect((await stack.call('GET', '/v1/metrics/overview', undefined, tokens.collector)).status).toBe(403)
    expect((await stack.call('GET', '/v1/internal/registry-snapshot', undefined, tokens.collector)).status).toBe(200)
    expect((await stack.call('GET', '/v1/metrics/overview', undefined, 'pnt_forged')).status).toBe(401)
    const issued = await stack.call('POST', '/v1/admin/tokens', { name: 'short-lived', role: 'asesor' })
    expect((await stack.call('GET', '/v1/metrics/overview', undefined, issued.body.data.token)).status).toBe(200)
    expect((await stack.call('DELETE', `/v1/admin/tokens/${issued.body.data.prefix}`)).body.data.revoked).toBe(1)
    expect((await stack.call('GET', '/v1/metrics/overview', undefined, issued.body.data.token)).status).toBe(401)
  })
})
