/**
 * The route policy (api/auth/policy.ts) against the routes that exist: every
 * route of /v1/openapi.json and every route the app registers has exactly
 * one entry, and no entry names a route that is gone. Then, for every route,
 * each role the policy does not allow is refused with 403 before the route
 * validates anything or looks anything up; the collector service account
 * reaches only its internal routes; public routes need no token; and a route
 * added without an entry is refused even to an admin.
 *
 * Also the audit log: token issue and revoke, a registry write and a report
 * download each leave a row naming actor, role, instansi and the client
 * address; and only registry writes refresh the collector's registry view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../../api/app.js'
import { honoKey, ROUTE_POLICY } from '../../api/auth/policy.js'
import { Role } from '../../shared/access/principal.js'
import { TokenStore } from '../../shared/access/tokens.js'
import { createReportServices } from '../../reports/generate.js'
import { createReportsPort } from '../../reports/port.js'
import { startTestStack, type TestStack } from '../support/stack.js'

type OpenApiDoc = { paths: Record<string, Record<string, unknown>> }

let stack: TestStack
let doc: OpenApiDoc
const tokens: Partial<Record<Role, string>> = {}
const ROLES = Role.options

/** Plausible values for path parameters: real-looking, but nothing needs to exist. */
const concrete = (path: string) => path.replaceAll('{id}', 'x-1').replaceAll('{prefix}', 'pnt_abcd').replaceAll('{file}', 'x.js')

const call = async (method: string, path: string, token?: string, body?: unknown) => {
  const res = await fetch(stack.api + concrete(path), {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, type: res.headers.get('content-type'), text }
}

/** An API app of its own over the stack's storage, to inspect its routes and add one. */
function inProcessApi(onRegistryChange?: () => void) {
  const storage = stack.storage!
  return createApi({
    storage,
    tokens: new TokenStore(storage, stack.adminToken),
    readiness: { check: async () => [] },
    reports: createReportsPort(storage, createReportServices(storage)),
    onRegistryChange,
  })
}

const entries = Object.entries(ROUTE_POLICY)
const guarded = entries.flatMap(([key, p]) => (p.allow === 'public' ? [] : [{ key, method: key.split(' ')[0]!, path: key.split(' ')[1]!, allow: p.allow }]))

beforeAll(async () => {
  stack = await startTestStack()
  await stack.gateway('kota-a', { kind: 'kota' })
  for (const role of ['koordinator', 'asesor', 'sre', 'collector'] as const)
    tokens[role] = (await stack.call('POST', '/v1/admin/tokens', { name: `t-${role}`, role })).body.data.token
  tokens.operator = (await stack.call('POST', '/v1/admin/tokens', { name: 'op-a', role: 'operator', instansi: 'kota-a' })).body.data.token
  tokens.admin = stack.adminToken
  doc = (await stack.call('GET', '/v1/openapi.json')).body
})
afterAll(() => stack?.stop())

describe('route policy coverage', () => {
  it('every documented route has an entry, and every documented entry is in the document', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    const declared = entries.filter(([, p]) => !p.undocumented).map(([key]) => key)
    expect(documented.length).toBeGreaterThan(90)
    expect([...documented].sort()).toEqual([...declared].sort())
    for (const [key, p] of entries) if (p.undocumented) expect(documented, key).not.toContain(key)
  })

  it('every route the app registers has an entry, and every entry a route', () => {
    const registered = new Set(inProcessApi().routes.flatMap((r) => (r.method === 'ALL' ? [] : [`${r.method} ${r.path}`])))
    const declared = new Set(entries.map(([key, p]) => honoKey(key, p)))
    expect(
      [...registered].filter((k) => !declared.has(k)),
      'routes without a policy entry',
    ).toEqual([])
    expect(
      [...declared].filter((k) => !registered.has(k)),
      'policy entries without a route',
    ).toEqual([])
  })

  it('an operator is allowed only where it is confined to its instansi', () => {
    for (const [key, p] of entries) if (p.allow !== 'public' && p.allow.includes('operator')) expect(p.scope, key).toBe('instansi')
  })
})

describe('route policy enforcement', () => {
  it('every role the policy does not allow gets 403 on every route, before validation and lookup', async () => {
    let checked = 0
    for (const { key, method, path, allow } of guarded) {
      for (const role of ROLES.filter((r) => !allow.includes(r))) {
        const res = await call(method, path, tokens[role], method === 'POST' || method === 'PUT' ? {} : undefined)
        expect(res.status, `${role} ${key}: ${res.text.slice(0, 200)}`).toBe(403)
        expect(res.type, key).toBe('application/problem+json')
        checked++
      }
    }
    expect(checked).toBeGreaterThan(150)
  })

  it('the collector service account reaches only its internal routes', async () => {
    const own: string[] = []
    for (const { key, method, path, allow } of guarded) {
      if (!allow.includes('collector')) continue
      own.push(key)
      const res = await call(method, path, tokens.collector, method === 'POST' ? [] : undefined)
      expect(res.status, `${key}: ${res.text.slice(0, 200)}`).toBe(200)
    }
    expect(own.sort()).toEqual(['GET /v1/internal/probes', 'GET /v1/internal/registry-snapshot', 'POST /v1/internal/probe-results'])
    expect((await call('GET', '/v1/metrics/overview', tokens.collector)).status).toBe(403)
  })

  it('allowed roles get past the policy (no 401/403 on reads they may do)', async () => {
    for (const { key, method, path, allow } of guarded) {
      if (method !== 'GET' || path.includes('{')) continue
      for (const role of allow) {
        const res = await call(method, path, tokens[role])
        expect(res.status, `${role} ${key}: ${res.text.slice(0, 200)}`).toBe(200)
      }
    }
  })

  it('public routes answer without a token', async () => {
    for (const [key, p] of entries) {
      if (p.allow !== 'public') continue
      const [method, path] = key.split(' ') as [string, string]
      const res = await call(method, path.replace('/ui/vendor/{file}', '/ui/vendor/vega.min.js').replace('/docs/assets/{file}', '/docs/assets/swagger-ui.css'))
      expect([401, 403], `${key}: ${res.status} ${res.text.slice(0, 200)}`).not.toContain(res.status)
    }
  })

  it('guarded routes without a token are 401, and unknown /v1 paths stay 401 / 404', async () => {
    for (const { key, method, path } of guarded) expect((await call(method, path)).status, key).toBe(401)
    expect((await call('GET', '/v1/nothing-here')).status).toBe(401)
    expect((await call('GET', '/v1/nothing-here', stack.adminToken)).status).toBe(404)
  })

  it('an operator naming another instansi is refused before the query is validated', async () => {
    const res = await call('GET', '/v1/metrics/overview?instansi=kota-b&from=not-a-time', tokens.operator)
    expect(res.status).toBe(403)
    expect(JSON.parse(res.text).field).toBe('instansi')
    expect((await call('GET', '/v1/metrics/overview?instansi=kota-a', tokens.operator)).status).toBe(200)
  })

  it('a route added without a policy entry is refused, even to an admin', async () => {
    const app = inProcessApi()
    app.get('/v1/forgotten', (c) => c.json({ open: true }))
    app.post('/v1/forgotten/:id', (c) => c.json({ open: true }))
    const admin = { authorization: `Bearer ${stack.adminToken}` }
    const get = await app.request('/v1/forgotten', { headers: admin })
    expect(get.status).toBe(403)
    expect(await get.json()).toMatchObject({ status: 403, detail: expect.stringContaining('no access policy') })
    expect((await app.request('/v1/forgotten/1', { method: 'POST', headers: admin })).status).toBe(403)
    expect((await app.request('/v1/forgotten')).status).toBe(401)
    // the listed routes of the same app still work
    expect((await app.request('/v1/registry/instansi', { headers: admin })).status).toBe(200)
  })
})

describe('audit log', () => {
  const auditRow = async (action: string, resource: string) => {
    const rows = await stack.storage!.query<{ actor: string; role: string; instansi: string; address: string }>(
      'SELECT actor, role, instansi, address FROM audit_log WHERE action = {a:String} AND resource = {r:String} ORDER BY ts DESC LIMIT 1',
      { a: action, r: resource },
    )
    return rows[0]
  }

  it('token issue and revoke record actor, role, instansi and address', async () => {
    const issued = await stack.call('POST', '/v1/admin/tokens', { name: 'op-audit', role: 'operator', instansi: 'kota-a' })
    expect(issued.status).toBe(201)
    const prefix = issued.body.data.prefix
    expect(await auditRow('token.issue', prefix)).toEqual({ actor: 'admin', role: 'admin', instansi: 'kota-a', address: '127.0.0.1' })
    expect((await stack.call('DELETE', `/v1/admin/tokens/${prefix}`)).status).toBe(200)
    expect(await auditRow('token.revoke', prefix)).toEqual({ actor: 'admin', role: 'admin', instansi: 'kota-a', address: '127.0.0.1' })
  })

  it("a registry write records the object's instansi, by admin and by operator", async () => {
    const byAdmin = await stack.call('POST', '/v1/registry/apis', { instansi: 'kota-a', name: 'Layanan Audit', base_path: '/audit/v1' })
    expect(byAdmin.status).toBe(201)
    expect(await auditRow('api.create', byAdmin.body.data.id)).toEqual({ actor: 'admin', role: 'admin', instansi: 'kota-a', address: '127.0.0.1' })
    const byOperator = await stack.call('POST', '/v1/registry/consumers', { instansi: 'kota-a', name: 'Aplikasi Audit' }, tokens.operator)
    expect(byOperator.status).toBe(201)
    expect(await auditRow('consumer.create', byOperator.body.data.id)).toEqual({ actor: 'op-a', role: 'operator', instansi: 'kota-a', address: '127.0.0.1' })
  })

  it('a report download records who downloaded it, from where, for which instansi', async () => {
    const created = await stack.call('POST', '/v1/reports', { instansi: 'kota-a', indicator: 'i7', period: '2025' })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.data.id
    expect(await auditRow('report.create', id)).toEqual({ actor: 'admin', role: 'admin', instansi: 'kota-a', address: '127.0.0.1' })
    const pdf = await fetch(`${stack.api}/v1/reports/${id}.pdf`, { headers: { authorization: `Bearer ${tokens.asesor}` } })
    expect(pdf.status).toBe(200)
    await pdf.arrayBuffer()
    expect(await auditRow('report.download', id)).toEqual({ actor: 't-asesor', role: 'asesor', instansi: 'kota-a', address: '127.0.0.1' })
  })

  it('only registry writes refresh the registry view; other audited writes do not', async () => {
    let refreshes = 0
    const app = inProcessApi(() => void refreshes++)
    const headers = { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' }
    const post = (path: string, body: unknown) => app.request(path, { method: 'POST', headers, body: JSON.stringify(body) })
    expect((await post('/v1/registry/instansi', { code: 'kota-r', name: 'Kota R', kind: 'kota' })).status).toBe(201)
    expect(refreshes).toBe(1)
    expect((await post('/v1/alerts/rules', { instansi: 'kota-r', name: 'Error rate', kind: 'error_rate', threshold: 0.5 })).status).toBe(201)
    expect((await post('/v1/spl-reviews', { instansi: 'kota-r', date: '2025-06-01', kind: 'reviu', title: 'Reviu SPL' })).status).toBe(201)
    expect(refreshes).toBe(1)
    const rows = await stack.storage!.query<{ action: string }>("SELECT action FROM audit_log WHERE instansi = 'kota-r' ORDER BY ts")
    expect(rows.map((r) => r.action)).toEqual(['instansi.create', 'alert_rule.create', 'spl_review.create'])
  })
})
