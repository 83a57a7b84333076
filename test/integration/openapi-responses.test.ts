/**
 * zod end to end: on a stack with some of everything (instansi, gateway,
 * unit kerja, API, consumer, ingested events, probe, SLO, rule, receiver,
 * silence, policy, SPL review, report), every GET route of /v1/openapi.json
 * answers 200 with a body that conforms to the 200 schema the document
 * declares for it. Ids for routes with path parameters come from the list
 * routes; answers that are not JSON (PDFs) are not checked here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { check } from '../support/json-schema.js'
import { startTestStack, type TestStack } from '../support/stack.js'

type Schema = Record<string, unknown>
type Operation = {
  parameters?: Array<{ name: string; in: string; required?: boolean }>
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>
}
type OpenApiDoc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } }

const I = 'kota-a'
let stack: TestStack
let doc: OpenApiDoc

const created = async (path: string, body: unknown) => {
  const res = await stack.call('POST', path, body)
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.data
}

beforeAll(async () => {
  stack = await startTestStack()
  const ingestToken = await stack.gateway(I, { kind: 'kota' })
  await created('/v1/registry/unit-kerja', { instansi: I, code: 'diskominfo', name: 'Dinas Komunikasi dan Informatika' })
  const api = await created('/v1/registry/apis', { instansi: I, name: 'Layanan Data', base_path: '/data/v1', unit_kerja: 'diskominfo' })
  await created('/v1/registry/consumers', { instansi: I, name: 'Aplikasi Warga', match_ids: ['app'] })
  const now = Date.now()
  const events = Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({
      timestamp: new Date(now - i * 60_000).toISOString(),
      level: 'INFO',
      service: I,
      requestId: `${I}-${i}`,
      method: 'GET',
      endpoint: i % 4 ? '/data/v1/items' : '/other/v1/x',
      statusCode: i % 10 === 0 ? 401 : i % 13 === 0 ? 503 : 200,
      duration: 10 + i,
      message: 'ok',
      clientIp: `10.0.0.${i % 5}`,
      consumer: 'app',
    }),
  ).join('\n')
  const ingest = await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${ingestToken}` }, body: events })
  if (ingest.status !== 200) throw new Error(`ingest: ${ingest.status} ${await ingest.text()}`)
  await stack.flushed()
  await created('/v1/probes', { instansi: I, api_id: api.id, name: 'Cek Layanan Data', url: 'http://127.0.0.1:9/health', interval_s: 3600 })
  await created('/v1/slos', { instansi: I, api_id: api.id, sli: 'availability' })
  await created('/v1/alerts/rules', { instansi: I, name: 'Error rate', kind: 'error_rate', threshold: 0.01, api_id: api.id })
  await created('/v1/alerts/receivers', { instansi: I, name: 'Webhook', kind: 'webhook', url: 'http://127.0.0.1:9/hook' })
  await created('/v1/silences', {
    instansi: I,
    matchers: [{ name: 'alertname', value: 'nothing' }],
    ends_at: new Date(now + 3600_000).toISOString(),
    comment: 'maintenance',
  })
  await created('/v1/maintenance', {
    instansi: I,
    api_id: api.id,
    starts_at: new Date(now - 3600_000).toISOString(),
    ends_at: new Date(now - 1800_000).toISOString(),
    reason: 'Pemutakhiran',
  })
  await created('/v1/policies', { instansi: I, number: 'Perwal 1/2025', title: 'Penggunaan SPL', status: 'enacted', date: '2025-01-15' })
  await created('/v1/spl-reviews', { instansi: I, date: '2025-06-01', kind: 'reviu', title: 'Reviu SPL', findings: ['satu'] })
  await stack.call('POST', '/v1/alerts/evaluate')
  await created('/v1/reports', { instansi: I, indicator: 'i18', period: '2025' })
  // a report batch (its progress answer is checked below; the ZIP is not JSON)
  batchId = (await stack.call('POST', '/v1/reports/batch', { indicator: 'i18', period: '2025', instansi: [I] })).body.data.id
  // the instansi's public status page (public_status opt-in)
  await stack.call('PUT', `/v1/registry/instansi/${I}`, { code: I, name: `Instansi ${I}`, kind: 'kota', public_status: true })
  doc = (await stack.call('GET', '/v1/openapi.json')).body
})
afterAll(() => stack?.stop())

/** The first id (or code, or event id) of a list route's answer. */
async function firstId(listPath: string): Promise<string | undefined> {
  const res = await stack.call('GET', listPath)
  const row = res.body?.data?.[0]
  return row ? String(row.id ?? row.code ?? row.event_id) : undefined
}

let batchId = ''

/** A concrete path for a template: ids from the list route of the resource. */
async function concrete(path: string): Promise<string | undefined> {
  if (path.startsWith('/v1/reports/batch/{id}')) return path.replace('{id}', batchId)
  if (path.includes('{instansi}')) return path.replace('{instansi}', I)
  const m = /^(.*?)\/\{id\}(.*)$/.exec(path)
  if (!m) return path.includes('{') ? undefined : path
  const id = await firstId(m[1]!)
  return id === undefined ? undefined : `${m[1]}/${encodeURIComponent(id)}${m[2]}`
}

describe('the JSON Schema checker', () => {
  it('refuses what does not conform', () => {
    const schema = {
      type: 'object',
      properties: { n: { type: 'integer', minimum: 0 }, s: { type: ['string', 'null'] } },
      required: ['n'],
      additionalProperties: false,
    }
    expect(check({}, schema, { n: 1, s: null })).toEqual([])
    expect(check({}, schema, { n: 1.5 })).toHaveLength(1)
    expect(check({}, schema, { s: 'x' })).toEqual(['$.n: required, missing'])
    expect(check({}, schema, { n: 1, extra: true })).toHaveLength(1)
    const open = {
      allOf: [
        { type: 'object', properties: { a: {} } },
        { type: 'object', properties: { b: {} } },
      ],
    }
    expect(check({}, open, { a: 1, b: 2, c: 3 })).toEqual([])
    expect(check({}, open, { a: 1, b: 2, c: 3 }, '$', { strict: true })).toEqual(['$.c: not declared'])
  })
})

describe('every GET answers what /v1/openapi.json declares', () => {
  it('every 200 JSON body conforms to its declared schema', async () => {
    const checked: string[] = []
    const skipped: string[] = []
    for (const [template, ops] of Object.entries(doc.paths)) {
      const op = ops.get
      if (!op) continue
      const schema = op.responses['200']?.content?.['application/json']?.schema
      if (!schema) {
        skipped.push(`${template} (not JSON)`)
        continue
      }
      if (op.parameters?.some((p) => p.in === 'query' && p.required)) throw new Error(`${template}: a required query parameter; give it a value here`)
      const path = await concrete(template)
      if (!path) {
        skipped.push(`${template} (no id)`)
        continue
      }
      const res = await stack.call('GET', path)
      expect(res.status, `${path}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200)
      expect(check(doc, schema, res.body, '$', { strict: true }), path).toEqual([])
      checked.push(template)
    }
    expect(skipped.sort()).toEqual(['/v1/policies/{id}/document (not JSON)', '/v1/reports/batch/{id}/zip (not JSON)', '/v1/reports/{id}.pdf (not JSON)'])
    expect(checked.length).toBeGreaterThan(40)
  })

  it('lists are not empty, so their item schemas were exercised', async () => {
    for (const path of [
      '/v1/registry/unit-kerja',
      '/v1/events',
      '/v1/probes',
      '/v1/slos',
      '/v1/slos/status',
      '/v1/silences',
      '/v1/policies',
      '/v1/spl-reviews',
      '/v1/reports',
      '/v1/internal/probes',
    ])
      expect((await stack.call('GET', path)).body.data.length, path).toBeGreaterThan(0)
  })
})
