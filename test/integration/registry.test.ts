/** The registry API: CRUD with validation and audit, tenant rules, tokens, OpenAPI import, shadow APIs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack
let operator: string

const OPENAPI_YAML = `openapi: 3.0.3
info:
  title: Layanan Data Faskes
  version: 2.1.0
servers:
  - url: https://api.kemkes.go.id/faskes/v2
paths:
  /rumah-sakit:
    get: { responses: { '200': { description: ok } } }
  /rumah-sakit/{id}:
    get: { responses: { '200': { description: ok } } }
    put: { responses: { '200': { description: ok } } }
components:
  securitySchemes:
    oidc: { type: openIdConnect, openIdConnectUrl: https://sso.kemkes.go.id/.well-known/openid-configuration }
`

beforeAll(async () => {
  stack = await startTestStack()
  for (const [code, name, kind] of [
    ['kemenkes', 'Kementerian Kesehatan', 'kementerian'],
    ['jatengprov', 'Pemerintah Provinsi Jawa Tengah', 'provinsi'],
  ])
    expect((await stack.call('POST', '/v1/registry/instansi', { code, name, kind })).status).toBe(201)
  const t = await stack.call('POST', '/v1/admin/tokens', { name: 'Operator Kemenkes', role: 'operator', instansi: 'kemenkes' })
  operator = t.body.data.token
})
afterAll(() => stack?.stop())

describe('registry', () => {
  it('creates, reads, replaces and deletes an API, auditing every change', async () => {
    const created = await stack.call('POST', '/v1/registry/apis', {
      instansi: 'kemenkes',
      name: 'Data Vaksinasi',
      version: '1.0.0',
      base_path: '/vaksinasi/v1',
    })
    expect(created.status).toBe(201)
    const id = created.body.data.id
    expect(id).toBe('kemenkes.data-vaksinasi.v1')
    expect(created.body.data).toMatchObject({ lifecycle: 'published', sla_availability: 99.5, auth_type: 'oauth2' })
    const replaced = await stack.call('PUT', `/v1/registry/apis/${id}`, {
      ...created.body.data,
      lifecycle: 'deprecated',
      removal_at: '2027-09-01T00:00:00+07:00',
    })
    expect(replaced.status).toBe(200)
    expect(replaced.body.data.lifecycle).toBe('deprecated')
    expect(replaced.body.data.deprecated_at).toMatch(/^\d{4}-/)
    expect((await stack.call('GET', `/v1/registry/apis/${id}`)).body.data.lifecycle).toBe('deprecated')
    expect((await stack.call('GET', '/v1/registry/apis?instansi=kemenkes&lifecycle=deprecated')).body.pagination.total).toBe(1)
    expect((await stack.call('DELETE', `/v1/registry/apis/${id}`)).status).toBe(200)
    expect((await stack.call('GET', `/v1/registry/apis/${id}`)).status).toBe(404)
    const audit = await stack.storage!.query<{ action: string }>('SELECT action FROM audit_log WHERE resource = {id:String} ORDER BY ts', { id })
    expect(audit.map((a) => a.action)).toEqual(['api.create', 'api.update', 'api.delete'])
  })

  it('names the bad field and refuses duplicates and dangling references', async () => {
    const bad = await stack.call('POST', '/v1/registry/apis', { instansi: 'kemenkes', name: 'X', base_path: 'no-slash' })
    expect(bad.status).toBe(400)
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.name', 'body.base_path']))
    const unknownGw = await stack.call('POST', '/v1/registry/apis', { instansi: 'kemenkes', name: 'Data Gizi', base_path: '/gizi/v1', gateway_id: 'nope' })
    expect(unknownGw.status).toBe(400)
    expect(unknownGw.body.field).toBe('body.gateway_id')
    const dup = await stack.call('POST', '/v1/registry/instansi', { code: 'kemenkes', name: 'Kementerian Kesehatan', kind: 'kementerian' })
    expect(dup.status).toBe(409)
  })

  it('keeps a gateway token working through an update and stops it after rotation', async () => {
    const token = await stack.gateway('jatengprov', { product: 'apisix', name: 'SPL Jateng' })
    const line = JSON.stringify({
      timestamp: new Date().toISOString(),
      level: 'INFO',
      service: 's',
      requestId: 'gw-1',
      method: 'GET',
      endpoint: '/v1/a',
      statusCode: 200,
      duration: 3,
      message: 'ok',
    })
    const post = (t: string) => fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${t}` }, body: line })
    const gw = (await stack.call('GET', '/v1/registry/gateways?instansi=jatengprov')).body.data[0]
    const updated = await stack.call('PUT', `/v1/registry/gateways/${gw.id}`, { ...gw, splp_linked: true })
    expect(updated.body.data.splp_linked).toBe(true)
    await stack.collector!.registry.refresh()
    expect((await post(token)).status).toBe(200)
    const rotated = await stack.call('POST', `/v1/registry/gateways/${gw.id}/token`)
    await stack.collector!.registry.refresh()
    expect((await post(token)).status).toBe(401)
    expect((await post(rotated.body.data.ingest_token)).status).toBe(200)
    const refused = await stack.call('DELETE', '/v1/registry/instansi/jatengprov')
    expect(refused.status).toBe(409) // it still has a gateway
  })

  it('a consumer id gateways log belongs to one consumer only', async () => {
    const first = await stack.call('POST', '/v1/registry/consumers', { name: 'SIMPUS', instansi: 'jatengprov', match_ids: ['simpus-app'] })
    expect(first.status).toBe(201)
    const claim = await stack.call('POST', '/v1/registry/consumers', { name: 'Klaim', instansi: 'kemenkes', match_ids: ['other', 'simpus-app'] })
    expect(claim.status).toBe(409)
    expect(claim.body.field).toBe('body.match_ids')
  })

  it('operators manage and read only their own instansi', async () => {
    const own = await stack.call('POST', '/v1/registry/apis', { instansi: 'kemenkes', name: 'Data Faskes Lama', base_path: '/faskes-lama/v1' }, operator)
    expect(own.status).toBe(201)
    const other = await stack.call('POST', '/v1/registry/apis', { instansi: 'jatengprov', name: 'Perizinan', base_path: '/izin/v1' }, operator)
    expect(other.status).toBe(403)
    expect(other.body.field).toBe('body.instansi')
    expect((await stack.call('GET', '/v1/registry/apis?instansi=jatengprov', undefined, operator)).status).toBe(403)
    const mine = await stack.call('GET', '/v1/registry/apis', undefined, operator)
    expect(mine.body.data.every((a: { instansi: string }) => a.instansi === 'kemenkes')).toBe(true)
    const jateng = (await stack.call('GET', '/v1/registry/gateways?instansi=jatengprov')).body.data[0]
    expect((await stack.call('GET', `/v1/registry/gateways/${jateng.id}`, undefined, operator)).status).toBe(403)
    expect((await stack.call('POST', '/v1/registry/instansi', { code: 'baru', name: 'Instansi Baru', kind: 'lembaga' }, operator)).status).toBe(403)
  })

  it('imports an API from an OpenAPI 3 document (YAML), and names what is missing', async () => {
    const res = await stack.call('POST', '/v1/registry/apis/import', { instansi: 'kemenkes', document: OPENAPI_YAML })
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ name: 'Layanan Data Faskes', version: '2.1.0', base_path: '/faskes/v2', host: 'api.kemkes.go.id', auth_type: 'oidc' })
    expect(res.body.meta.operations).toBe(3)
    const again = await stack.call('POST', '/v1/registry/apis/import', {
      instansi: 'kemenkes',
      id: res.body.data.id,
      document: OPENAPI_YAML.replace('2.1.0', '2.2.0'),
    })
    expect(again.body.data.version).toBe('2.2.0')
    const swagger2 = await stack.call('POST', '/v1/registry/apis/import', { instansi: 'kemenkes', document: '{"swagger":"2.0","info":{"title":"Old"}}' })
    expect(swagger2.status).toBe(400)
    expect(swagger2.body.field).toBe('body.document.openapi')
  })

  it('lists routes no registered API covers as shadow APIs, until one is registered', async () => {
    const token = await stack.gateway('kemenkes', { name: 'SPL Kemenkes' })
    const rec = (endpoint: string, n: number) =>
      JSON.stringify({
        timestamp: new Date().toISOString(),
        level: 'INFO',
        service: 's',
        requestId: `sh-${n}`,
        method: 'GET',
        endpoint,
        statusCode: 200,
        duration: 4,
        message: 'ok',
        consumer: `app-${n % 3}`,
      })
    const body = [rec('/internal/debug/v1/dump', 1), rec('/internal/debug/v1/dump', 2), rec('/faskes/v2/rumah-sakit/9', 3)].join('\n')
    expect((await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body })).status).toBe(200)
    await stack.flushed()
    const shadow = (await stack.call('GET', '/v1/registry/shadow-apis?instansi=kemenkes')).body.data
    expect(shadow).toEqual([expect.objectContaining({ route: '/internal/debug/v1/dump', method: 'GET', requests: 2, consumers: 2 })])
    await stack.call('POST', '/v1/registry/apis', { instansi: 'kemenkes', name: 'Debug', base_path: '/internal/debug/v1' })
    expect((await stack.call('GET', '/v1/registry/shadow-apis?instansi=kemenkes')).body.data).toEqual([])
  })
})
