/**
 * Bulk registry import (POST /v1/registry/import) on a real stack: a
 * 2,000-API catalogue in JSON, per-row errors (nothing written), CSV with
 * id-ID separators, idempotent re-import (also of the list's own CSV
 * download), operators confined to their instansi, and the imported
 * gateway's ingest token attributing traffic to the imported APIs at once.
 * Also that single registry writes reach the collector without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IMPORT_MAX_BODY_BYTES } from '../../api/routes/registry-import.js'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack
let operator: string

const N = 2000
const catalogue = () => ({
  instansi: [
    { code: 'kota-a', name: 'Pemerintah Kota A', kind: 'kota', region: 'Jawa Barat' },
    { code: 'kota-b', name: 'Pemerintah Kota B', kind: 'kota' },
  ],
  unit_kerja: [{ instansi: 'kota-a', code: 'diskominfo', name: 'Dinas Komunikasi dan Informatika' }],
  gateways: [{ id: 'kota-a-spl', instansi: 'kota-a', name: 'SPL Kota A', product: 'kong' }],
  apis: Array.from({ length: N }, (_, i) => ({
    id: `kota-a.layanan-${i}.v1`,
    instansi: 'kota-a',
    gateway_id: 'kota-a-spl',
    unit_kerja: i % 2 ? 'diskominfo' : '',
    name: `Layanan ${i}`,
    base_path: `/layanan-${i}/v1`,
    tags: ['satu-data', `t${i % 7}`],
    sla_availability: 99.5,
  })),
  consumers: [{ instansi: 'kota-b', name: 'Aplikasi Kota B', match_ids: ['app-kota-b'] }],
})

const importJson = (body: unknown, query = '', token?: string) => stack.call('POST', `/v1/registry/import${query}`, body, token)
async function importCsv(entity: string, text: string, token = stack.adminToken) {
  const res = await fetch(`${stack.api}/v1/registry/import?entity=${entity}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv; charset=utf-8' },
    body: text,
  })
  return { status: res.status, body: await res.json() }
}

let tokens: Array<{ id: string; ingest_token: string }>
let firstImportMs = 0

beforeAll(async () => {
  stack = await startTestStack()
  const t0 = performance.now()
  const res = await importJson(catalogue())
  firstImportMs = performance.now() - t0
  if (res.status !== 200) throw new Error(JSON.stringify(res.body).slice(0, 2000))
  tokens = res.body.data.gateway_tokens
  operator = (await stack.call('POST', '/v1/admin/tokens', { name: 'Operator Kota A', role: 'operator', instansi: 'kota-a' })).body.data.token
}, 120_000)
afterAll(() => stack?.stop())

describe('a JSON catalogue', () => {
  it(`imports ${N} APIs with their instansi, unit kerja, gateway and consumer, well under 20 s`, async () => {
    expect(firstImportMs).toBeLessThan(10_000)
    const list = await stack.call('GET', '/v1/registry/apis?instansi=kota-a&per_page=1')
    expect(list.body.pagination.total).toBe(N)
    const api = (await stack.call('GET', '/v1/registry/apis/kota-a.layanan-7.v1')).body.data
    expect(api).toMatchObject({ unit_kerja: 'diskominfo', gateway_id: 'kota-a-spl', tags: ['satu-data', 't0'], lifecycle: 'published', auth_type: 'oauth2' })
    expect((await stack.call('GET', '/v1/registry/consumers/kota-b.aplikasi-kota-b')).body.data.match_ids).toEqual(['app-kota-b'])
    expect(tokens.map((t) => t.id)).toEqual(['kota-a-spl'])
    const audit = await stack.call('GET', '/v1/admin/audit?action=registry.import')
    expect(JSON.parse(audit.body.data[0].detail).created).toMatchObject({ instansi: 2, unit_kerja: 1, gateways: 1, apis: N, consumers: 1 })
  })

  it('is idempotent: the same catalogue again changes nothing and says so', async () => {
    const before = (await stack.call('GET', '/v1/registry/apis/kota-a.layanan-3.v1')).body.data
    const again = await importJson(catalogue())
    expect(again.status).toBe(200)
    expect(again.body.data.created).toEqual({ instansi: 0, unit_kerja: 0, gateways: 0, apis: 0, consumers: 0 })
    expect(again.body.data.updated).toEqual({ instansi: 0, unit_kerja: 0, gateways: 0, apis: 0, consumers: 0 })
    expect(again.body.data.unchanged).toEqual({ instansi: 2, unit_kerja: 1, gateways: 1, apis: N, consumers: 1 })
    expect(again.body.data.gateway_tokens).toEqual([])
    expect((await stack.call('GET', '/v1/registry/apis/kota-a.layanan-3.v1')).body.data.updated_at).toBe(before.updated_at)
  })

  it('updates only the rows that differ', async () => {
    const changed = catalogue()
    changed.apis[5]!.sla_availability = 99.9
    const res = await importJson(changed)
    expect(res.body.data.updated.apis).toBe(1)
    expect(res.body.data.unchanged.apis).toBe(N - 1)
    expect((await stack.call('GET', '/v1/registry/apis/kota-a.layanan-5.v1')).body.data.sla_availability).toBe(99.9)
  })

  it('dry_run checks without writing', async () => {
    const res = await importJson([{ instansi: 'kota-b', name: 'Layanan Uji', base_path: '/uji/v1' }], '?entity=apis&dry_run=true')
    expect(res.status).toBe(200)
    expect(res.body.data).toMatchObject({ dry_run: true, created: { apis: 1 } })
    expect((await stack.call('GET', '/v1/registry/apis/kota-b.layanan-uji.v1')).status).toBe(404)
  })
})

describe('per-row errors', () => {
  it('names every failing row and field, and writes nothing', async () => {
    const rows = [
      { instansi: 'kota-b', name: 'Layanan Baik', base_path: '/baik/v1' },
      { instansi: 'kota-b', name: 'Layanan Salah Path', base_path: 'tanpa-garis' },
      { instansi: 'kota-x', name: 'Layanan Tanpa Instansi', base_path: '/x/v1' },
      { instansi: 'kota-b', name: 'Layanan Gateway Asing', base_path: '/g/v1', gateway_id: 'tidak-ada' },
      { instansi: 'kota-b', name: 'Layanan Baik', base_path: '/baik2/v1' },
      { id: 'kota-a.layanan-1.v1', instansi: 'kota-b', name: 'Pindah', base_path: '/p/v1' },
    ]
    const res = await importJson(rows, '?entity=apis')
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    const errors = res.body.errors.map((e: { index: number; field: string }) => `${e.index} ${e.field}`)
    expect(errors).toEqual(['1 apis[1].base_path', '4 apis[4].id', '2 apis[2].instansi', '3 apis[3].gateway_id', '5 apis[5].instansi'])
    expect(res.body.detail).toContain('5 row(s) refused, nothing was written')
    expect((await stack.call('GET', '/v1/registry/apis/kota-b.layanan-baik.v1')).status).toBe(404)
  })

  it('refuses consumer ids claimed twice, in the import or by a stored consumer', async () => {
    const res = await importJson(
      [
        { instansi: 'kota-a', name: 'Aplikasi Satu', match_ids: ['app-kota-b'] },
        { instansi: 'kota-a', name: 'Aplikasi Dua', match_ids: ['x1'] },
        { instansi: 'kota-a', name: 'Aplikasi Tiga', match_ids: ['x1'] },
      ],
      '?entity=consumers',
    )
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['consumers[0].match_ids', 'consumers[2].match_ids'])
  })

  it('refuses a body over the limit with a 413 problem, also a chunked one (no content-length) before reading it whole', async () => {
    // `[` + spaces + `]`: valid JSON (an empty array) of IMPORT_MAX_BODY_BYTES + 1 bytes, sent in 1 MiB chunks
    const chunk = new Uint8Array(1024 * 1024).fill(0x20)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('['))
        if (sent < IMPORT_MAX_BODY_BYTES) {
          const part = chunk.subarray(0, Math.min(chunk.length, IMPORT_MAX_BODY_BYTES - sent))
          sent += part.length
          controller.enqueue(part)
        } else {
          controller.enqueue(new TextEncoder().encode(']'))
          controller.close()
        }
      },
    })
    const res = await fetch(`${stack.api}/v1/registry/import?entity=apis`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect((await res.json()).field).toBe('body')
  })

  it('needs the entity of an array and refuses unknown entities', async () => {
    expect((await importJson([{ code: 'x' }])).body.field).toBe('entity')
    expect((await importJson({ apis: [], pegawai: [] })).status).toBe(400)
  })
})

describe('CSV', () => {
  it('imports `;`-separated CSV with quoted cells, decimal commas and lists', async () => {
    const text =
      '\uFEFFinstansi;name;base_path;published_via_spl;sla_availability;tags;lifecycle\n' +
      'kota-b;"Layanan; ""Perizinan"" Online";/izin/v1;false;99,9;"izin, online";published\r\n' +
      'kota-b;Layanan Pajak;/pajak/v1;true;98;;deprecated\n'
    const res = await importCsv('apis', text)
    expect(res.status).toBe(200)
    expect(res.body.data.created.apis).toBe(2)
    const izin = (await stack.call('GET', '/v1/registry/apis?instansi=kota-b&per_page=10')).body.data.find(
      (a: { base_path: string }) => a.base_path === '/izin/v1',
    )
    expect(izin).toMatchObject({ name: 'Layanan; "Perizinan" Online', published_via_spl: false, sla_availability: 99.9, tags: ['izin', 'online'] })
    const pajak = (await stack.call('GET', '/v1/registry/apis/kota-b.layanan-pajak.v1')).body.data
    expect(pajak.deprecated_at).toBeTruthy() // dated as a single-row write dates it
  })

  it('names the CSV row and field that fail', async () => {
    const res = await importCsv('apis', 'instansi,name,base_path,sla_availability\nkota-b,Layanan Satu,/satu/v1,abc\nkota-b,Layanan Dua,/dua/v1,99\n')
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([expect.objectContaining({ index: 0, field: 'apis[0].sla_availability' })])
  })

  it("re-importing a list's own CSV download (both separators) changes nothing", async () => {
    for (const sep of ['comma', 'semicolon']) {
      const csv = await fetch(`${stack.api}/v1/registry/apis?instansi=kota-b&format=csv&sep=${sep}`, {
        headers: { authorization: `Bearer ${stack.adminToken}` },
      })
      const res = await importCsv('apis', await csv.text())
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body.data.unchanged.apis).toBe(2)
      expect(res.body.data.created.apis + res.body.data.updated.apis).toBe(0)
    }
  })
})

describe('tenancy', () => {
  it('operators import only rows of their own instansi, and no instansi', async () => {
    const other = await importJson([{ instansi: 'kota-b', name: 'Layanan Lain', base_path: '/lain/v1' }], '?entity=apis', operator)
    expect(other.status).toBe(403)
    expect(other.body.field).toBe('apis[0].instansi')
    const inst = await importJson({ instansi: [{ code: 'kota-c', name: 'Kota C', kind: 'kota' }] }, '', operator)
    expect(inst.status).toBe(403)
    const own = await importJson([{ instansi: 'kota-a', name: 'Layanan Operator', base_path: '/operator/v1' }], '?entity=apis', operator)
    expect(own.status).toBe(200)
    expect(own.body.data.created.apis).toBe(1)
  })

  it("operators cannot take over another instansi's stored rows by naming their own instansi in the row", async () => {
    const before = (await stack.call('GET', '/v1/registry/consumers/kota-b.aplikasi-kota-b')).body.data
    const consumer = await importJson(
      [{ id: 'kota-b.aplikasi-kota-b', instansi: 'kota-a', name: 'Diambil Alih', match_ids: ['app-kota-b'] }],
      '?entity=consumers',
      operator,
    )
    expect(consumer.status).toBe(403)
    expect(consumer.headers.get('content-type')).toContain('application/problem+json')
    expect(consumer.body.field).toBe('consumers[0].instansi')
    const api = await importJson([{ id: 'kota-b.layanan-pajak.v1', instansi: 'kota-a', name: 'Pajak', base_path: '/pajak/v1' }], '?entity=apis', operator)
    expect(api.status).toBe(403)
    expect(api.body.field).toBe('apis[0].instansi')
    expect((await stack.call('GET', '/v1/registry/consumers/kota-b.aplikasi-kota-b')).body.data).toEqual(before)
  })

  it('a stored consumer cannot move to another instansi, not even by an admin', async () => {
    const res = await importJson([{ id: 'kota-b.aplikasi-kota-b', instansi: 'kota-a', name: 'Pindah', match_ids: ['app-kota-b'] }], '?entity=consumers')
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['consumers[0].instansi'])
    expect((await stack.call('GET', '/v1/registry/consumers/kota-b.aplikasi-kota-b')).body.data.instansi).toBe('kota-b')
  })

  it('other roles may not import', async () => {
    const asesor = (await stack.call('POST', '/v1/admin/tokens', { name: 'Asesor', role: 'asesor' })).body.data.token
    expect((await importJson(catalogue(), '', asesor)).status).toBe(403)
  })
})

describe('the collector', () => {
  const line = (i: number, endpoint: string) =>
    JSON.stringify({
      timestamp: new Date().toISOString(),
      level: 'INFO',
      service: 's',
      requestId: `imp-${i}`,
      method: 'GET',
      endpoint,
      statusCode: 200,
      duration: 5,
      message: 'ok',
    })
  const ingest = (token: string, body: string) =>
    fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body })

  it("takes the imported gateway's token and attributes its traffic to the imported APIs at once", async () => {
    const res = await ingest(tokens[0]!.ingest_token, [line(1, '/layanan-1234/v1/data'), line(2, '/layanan-7/v1/x')].join('\n'))
    expect(res.status).toBe(200)
    await stack.flushed()
    const events = await stack.call('GET', '/v1/events?instansi=kota-a&from=now-1h')
    expect(events.body.data.map((e: { api_id: string; gateway_id: string }) => `${e.gateway_id} ${e.api_id}`).sort()).toEqual([
      'kota-a-spl kota-a.layanan-1234.v1',
      'kota-a-spl kota-a.layanan-7.v1',
    ])
  })

  it('sees a single-row write at once (applied, not reloaded): a new API, a rotated token', async () => {
    const api = await stack.call('POST', '/v1/registry/apis', { instansi: 'kota-a', name: 'Layanan Baru Sekali', base_path: '/baru/v1' })
    expect(api.status).toBe(201)
    const token = tokens[0]!.ingest_token
    expect((await ingest(token, line(3, '/baru/v1/a'))).status).toBe(200)
    await stack.flushed()
    const events = await stack.call('GET', '/v1/events?instansi=kota-a&from=now-1h&path_prefix=/baru')
    expect(events.body.data.map((e: { api_id: string }) => e.api_id)).toEqual([api.body.data.id])
    const rotated = await stack.call('POST', '/v1/registry/gateways/kota-a-spl/token')
    expect((await ingest(token, line(4, '/baru/v1/b'))).status).toBe(401)
    expect((await ingest(rotated.body.data.ingest_token, line(5, '/baru/v1/c'))).status).toBe(200)
  })
})
