/**
 * Native gateway logs through the real HTTP ingest: every documented sample of
 * every format is stored as the expected event; a malformed record is a 400
 * naming its field while its valid neighbours are stored.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formats } from '../../collector/sources/formats/index.js'
import { startTestStack, type TestStack } from '../support/stack.js'

const FIXTURES = fileURLToPath(new URL('../fixtures/gateways/', import.meta.url))
const FORMATS = Object.keys(formats)

function fixtures(format: string) {
  const files = readdirSync(join(FIXTURES, format))
    .filter((f) => f.endsWith('.json'))
    .sort()
  const read = (f: string) => JSON.parse(readFileSync(join(FIXTURES, format, f), 'utf8'))
  return {
    valid: files.filter((f) => !f.startsWith('malformed')).map(read),
    malformed: files.filter((f) => f.startsWith('malformed')).map(read),
  }
}

let stack: TestStack
let token: string
const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}, t = token) =>
  fetch(stack.ingest + path, { method: 'POST', headers: { authorization: `Bearer ${t}`, ...headers }, body: body as BodyInit })
const ndjson = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n'
const count = async (where: string, params: Record<string, unknown> = {}) => {
  await stack.flushed()
  const [r] = await stack.storage!.query<{ n: string }>(`SELECT count() AS n FROM request_events WHERE ${where}`, params)
  return Number(r.n)
}

beforeAll(async () => {
  // Documentation samples are years old: keep raw events long enough not to expire on insert.
  stack = await startTestStack({ PANTAU_RAW_TTL_DAYS: '20000' })
  token = await stack.gateway('jabarprov', { kind: 'provinsi', product: 'kong' })
})
afterAll(() => stack?.stop())

describe('native ingest', () => {
  it.each(FORMATS)("%s: every documented sample is stored, attributed to the token's instansi", async (format) => {
    const { valid } = fixtures(format)
    const res = await post(`/ingest/${format}`, ndjson(valid))
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await res.json()).toEqual({ accepted: valid.length, rejected: 0 })
    expect(await count('source_format = {f:String} AND instansi = {i:String}', { f: format, i: 'jabarprov' })).toBe(valid.length)
  })

  it('auto detects the format of each record in a mixed body', async () => {
    const before = await count('1')
    const mixed = FORMATS.flatMap((f) => fixtures(f).valid)
    const res = await post('/ingest/auto', ndjson(mixed))
    expect(res.status).toBe(200)
    expect(await count('1')).toBe(before + mixed.length)
  })

  it.each(FORMATS)('%s: a malformed record is a 400 naming the field; its neighbours are stored', async (format) => {
    const { valid, malformed } = fixtures(format)
    const marker = `nb-${format}`
    const before = await count('1')
    const res = await post(`/ingest/${format}`, ndjson([valid[0], malformed[0], valid[1] ?? valid[0]]), { 'x-marker': marker })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const problem = await res.json()
    expect(problem.accepted).toBe(2)
    expect(problem.rejected).toBe(1)
    expect(problem.errors[0].index).toBe(1)
    expect(problem.field).not.toBe('')
    expect(problem.detail).toContain(problem.field)
    expect(await count('1')).toBe(before + 2)
    const [dl] = await stack.storage!.query<{ field: string; source: string }>(
      'SELECT field, source FROM dead_letters WHERE field = {f:String} ORDER BY ts DESC LIMIT 1',
      { f: problem.field },
    )
    expect(dl).toEqual({ field: problem.field, source: format })
  })

  it('a resent partial success (Kong retries its 400) is answered again and stored once; accepted batches are never skipped', async () => {
    const { valid, malformed } = fixtures('pasal13')
    const mark = (r: object, id: string) => ({ ...r, requestId: id })
    const body = ndjson([mark(valid[0], 'resend-1'), malformed[0], mark(valid[0], 'resend-2')])
    const deadLetters = async () => Number((await stack.storage!.query<{ n: string }>(`SELECT count() AS n FROM dead_letters`))[0].n)
    const [events0, dead0] = [await count("request_id LIKE 'resend-%'"), await deadLetters()]
    const first = await post('/ingest/pasal13', body)
    expect(first.status).toBe(400)
    const problem = await first.json()
    for (let i = 0; i < 3; i++) {
      const again = await post('/ingest/pasal13', body)
      expect(again.status).toBe(400)
      expect(await again.json()).toEqual(problem)
    }
    expect(await count("request_id LIKE 'resend-%'")).toBe(events0 + 2)
    expect(await deadLetters()).toBe(dead0 + 1)
    // accepted batches are not remembered: identical ones may be real, distinct requests
    const ok = ndjson([mark(valid[0], 'resend-3')])
    expect((await post('/ingest/pasal13', ok)).status).toBe(200)
    const twice = await post('/ingest/pasal13', ok)
    expect(twice.status).toBe(200)
    expect(twice.headers.get('pantau-replayed')).toBeNull()
    expect(await count("request_id = 'resend-3'")).toBe(2)
  })

  it('dead letters keep the rejected record without user ids, credentials or query secrets', async () => {
    const bad = {
      timestamp: new Date().toISOString(),
      level: 'INFO',
      service: 'dl',
      requestId: 'dl-1',
      userId: 'budi.santoso@example.go.id',
      method: 'GET',
      endpoint: '/v1/data?access_token=s3cret-tok&page=2',
      statusCode: 'not-a-status',
      duration: 5,
      message: 'x',
      headers: { Authorization: 'Bearer abc.def.ghi', accept: 'application/json' },
    }
    const line = '{"userId":"siti@example.go.id","endpoint":"/v1/x?api_key=k3y-v4lue&q=1", broken'
    const cut = '{"requestId":"dl-cut","userId":"andi.wijaya'
    const res = await post('/ingest/pasal13', `${JSON.stringify(bad)}\n${line}\n${cut}`)
    expect(res.status).toBe(400)
    // nginx $args carry no '?'; OTel header attributes are dotted names
    const nginx = {
      time_iso8601: new Date().toISOString(),
      request_method: 'GET',
      uri: '/v1/x',
      args: 'token=n9inx-t0k&page=1',
      status: 'bad',
      request_time: '0.010',
      remote_user: 'dewi',
    }
    expect((await post('/ingest/nginx', JSON.stringify(nginx))).status).toBe(400)
    await stack.flushed()
    const rows = await stack.storage!.query<{ payload: string; reason: string }>(
      `SELECT payload, reason FROM dead_letters WHERE payload LIKE '%dl-1%' OR payload LIKE '%broken%' OR payload LIKE '%dl-cut%' OR payload LIKE '%page=1%'`,
    )
    expect(rows).toHaveLength(4)
    const text = rows.map((r) => `${r.payload} ${r.reason}`).join('\n')
    for (const secret of ['budi.santoso', 's3cret-tok', 'abc.def.ghi', 'siti@', 'k3y-v4lue', 'andi.wijaya', 'n9inx-t0k', 'dewi'])
      expect(text).not.toContain(secret)
    for (const kept of ['page=2', 'q=1', 'not-a-status', 'application/json', 'REDACTED']) expect(text).toContain(kept)
  })

  it('accepts gzip and JSON-array bodies (Kong and APISIX batch as arrays)', async () => {
    const { valid } = fixtures('apisix')
    const before = await count("source_format = 'apisix'")
    const res = await post('/ingest/apisix', gzipSync(JSON.stringify(valid)), { 'content-encoding': 'gzip' })
    expect(res.status).toBe(200)
    expect(await count("source_format = 'apisix'")).toBe(before + valid.length)
  })

  it('lines that are not JSON are rejected with their line number', async () => {
    const res = await post('/ingest/kong', `${JSON.stringify(fixtures('kong').valid[0])}\n{not json\n`)
    const problem = await res.json()
    expect(res.status).toBe(400)
    expect(problem.errors[0]).toMatchObject({ index: 1, field: '' })
    expect(problem.errors[0].reason).toContain('line 2 is not JSON')
  })

  it('rejects unknown formats, bad tokens, bad encodings and oversize bodies as problems', async () => {
    const unknown = await post('/ingest/haproxy', '{}')
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).field).toBe('format')
    const noToken = await post('/ingest/kong', '{}', {}, 'pgw_not-a-token')
    expect(noToken.status).toBe(401)
    expect(noToken.headers.get('www-authenticate')).toBe('Bearer')
    const badGzip = await post('/ingest/kong', 'plain', { 'content-encoding': 'gzip' })
    expect(badGzip.status).toBe(400)
    expect((await badGzip.json()).field).toBe('Content-Encoding')
    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 32))
    const big = await post('/ingest/kong', bomb, { 'content-encoding': 'gzip' })
    expect(big.status).toBe(413)
  })

  it('strips secrets from query strings and pseudonymizes user ids', async () => {
    const rec = {
      ...fixtures('pasal13').valid[0],
      endpoint: '/v1/penduduk/1?api_key=abc123&nik=1&token=zz',
      requestId: 'redact-1',
      userId: 'budi@example.go.id',
    }
    expect((await post('/ingest/pasal13', ndjson([rec]))).status).toBe(200)
    await stack.flushed()
    const [e] = await stack.storage!.query<{ path: string; user_hash: string }>("SELECT path, user_hash FROM request_events WHERE request_id = 'redact-1'")
    expect(e.path).toBe('/v1/penduduk/1?api_key=REDACTED&nik=1&token=REDACTED')
    expect(e.user_hash).toMatch(/^[0-9a-f]{32}$/)
    expect(JSON.stringify(e)).not.toContain('budi')
  })

  it('attributes events to registered APIs by base path and consumers to their instansi', async () => {
    await stack.call('POST', '/v1/registry/instansi', { code: 'kemendagri', name: 'Kementerian Dalam Negeri', kind: 'kementerian' })
    const api = await stack.call('POST', '/v1/registry/apis', {
      instansi: 'jabarprov',
      name: 'Layanan Data Penduduk',
      version: '1.2.0',
      base_path: '/v1/penduduk',
    })
    expect(api.status).toBe(201)
    await stack.call('POST', '/v1/registry/consumers', { name: 'SIAK Kemendagri', instansi: 'kemendagri', match_ids: ['siak-app'] })
    await stack.collector!.registry.refresh()
    const rec = { ...fixtures('pasal13').valid[0], endpoint: '/v1/penduduk/77', requestId: 'enrich-1', consumer: 'siak-app' }
    const res = await post('/ingest/pasal13', ndjson([rec]))
    expect(res.status, await res.clone().text()).toBe(200)
    await stack.flushed()
    const [e] = await stack.storage!.query<Record<string, string>>(
      "SELECT api_id, api_name, api_version, consumer_id, consumer_instansi FROM request_events WHERE request_id = 'enrich-1'",
    )
    expect(e).toEqual({
      api_id: api.body.data.id,
      api_name: 'Layanan Data Penduduk',
      api_version: '1.2.0',
      consumer_id: 'kemendagri.siak-kemendagri',
      consumer_instansi: 'kemendagri',
    })
  })
})
