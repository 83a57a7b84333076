/**
 * CSV of every table endpoint (Accept: text/csv or ?format=csv) on a real
 * stack: the same rows as the JSON answer, columns in the order of the
 * route's zod schema, UTF-8 BOM, `;` with decimal commas for id-ID, quoting
 * of separators, quotes and line breaks, the formula-injection guard, whole
 * registry lists streamed past the JSON page size, operators confined to
 * their rows, and 406 where a route has no table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack
let operator: string
const TRICKY = '=HYPERLINK("http://contoh.go.id";"klik")'
const MULTILINE = 'Layanan; "Kutipan"\nBaris kedua'

/** An independent RFC 4180 reader (quotes, doubled quotes, line breaks in cells). */
function readCsv(text: string, sep: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === sep) row.push(cell), (cell = '')
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '')
    else if (ch !== '\r') cell += ch
  }
  if (cell || row.length) row.push(cell), rows.push(row)
  return rows
}

async function csv(path: string, opts: { token?: string; accept?: string } = {}) {
  const res = await fetch(stack.api + path, {
    headers: { authorization: `Bearer ${opts.token ?? stack.adminToken}`, ...(opts.accept ? { accept: opts.accept } : {}) },
  })
  const bytes = Buffer.from(await res.arrayBuffer())
  const text = bytes.subarray(3).toString('utf8')
  const sep = path.includes('sep=semicolon') ? ';' : ','
  const [header = [], ...rows] = res.status === 200 ? readCsv(text, sep) : []
  return { res, bytes, text, header, rows, body: res.status === 200 ? undefined : JSON.parse(bytes.toString('utf8')) }
}

/** A JSON value as the CSV writes it (comma variant). */
function cellOf(v: unknown): string {
  if (v === null || v === undefined) return ''
  const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s)
  if (typeof v === 'string') return guard(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return guard(v.join(', '))
  return guard(JSON.stringify(v))
}

/** CSV and JSON of one route hold the same table. */
async function sameTable(path: string, pick: (data: any) => Record<string, unknown>[], columns?: string[], allowEmpty = false) {
  const json = await stack.call('GET', path)
  expect(json.status, path).toBe(200)
  const rows = pick(json.body.data)
  if (!allowEmpty) expect(rows.length, `${path}: rows to compare`).toBeGreaterThan(0)
  const out = await csv(`${path}${path.includes('?') ? '&' : '?'}format=csv`)
  expect(out.res.status, path).toBe(200)
  expect(out.res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
  expect([...out.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  if (columns) expect(out.header).toEqual(columns)
  expect(out.rows.length, path).toBe(rows.length)
  rows.forEach((r, i) => {
    const got = Object.fromEntries(out.header.map((c, j) => [c, out.rows[i]![j]]))
    expect(got, `${path} row ${i}`).toEqual(Object.fromEntries(out.header.map((c) => [c, cellOf(r[c])])))
  })
  return out
}

beforeAll(async () => {
  stack = await startTestStack()
  const token = await stack.gateway('kota-a', { kind: 'kota' })
  await stack.gateway('kota-b', { kind: 'kota' })
  for (const [instansi, name, base] of [
    ['kota-a', TRICKY, '/rumus/v1'],
    ['kota-a', MULTILINE, '/kutipan/v1'],
    ['kota-a', '+62 Layanan Telepon', '/telepon/v1'],
    ['kota-b', '@Layanan Kota B', '/b/v1'],
  ])
    expect((await stack.call('POST', '/v1/registry/apis', { instansi, name, base_path: base, sla_availability: 99.95, tags: ['a', 'b'] })).status).toBe(201)
  const now = Date.now()
  const lines = Array.from({ length: 30 }, (_, i) =>
    JSON.stringify({
      timestamp: new Date(now - i * 60_000).toISOString(),
      level: 'INFO',
      service: 's',
      requestId: `csv-${i}`,
      method: 'GET',
      endpoint: i % 3 ? '/rumus/v1/x' : '/kutipan/v1/y',
      statusCode: i % 7 === 0 ? 503 : i % 5 === 0 ? 401 : 200,
      duration: 10.5 + i,
      message: 'ok',
      clientIp: `10.1.0.${i % 4}`,
    }),
  )
  lines.push('{"timestamp": "bukan waktu", "statusCode": "x"}') // a dead letter
  await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: lines.join('\n') })
  await stack.flushed()
  await stack.call('POST', '/v1/registry/unit-kerja', { instansi: 'kota-a', code: 'diskominfo', name: 'Dinas Kominfo; Statistik' })
  await stack.call('POST', '/v1/alerts/rules', { instansi: 'kota-a', name: 'Error rate', kind: 'error_rate', threshold: 0.01, window_min: 60 })
  await stack.call('POST', '/v1/alerts/evaluate')
  operator = (await stack.call('POST', '/v1/admin/tokens', { name: 'Operator Kota A', role: 'operator', instansi: 'kota-a' })).body.data.token
}, 120_000)
afterAll(() => stack?.stop())

describe('table endpoints as CSV', () => {
  it('registry lists: columns in schema order, values as in JSON, the formula guard and quoting', async () => {
    const out = await sameTable('/v1/registry/apis', (d) => d)
    expect(out.header.slice(0, 5)).toEqual(['id', 'instansi', 'unit_kerja', 'gateway_id', 'name'])
    expect(out.header.slice(-2)).toEqual(['created_at', 'updated_at'])
    const names = out.rows.map((r) => r[out.header.indexOf('name')])
    expect(names).toContain(`'${TRICKY}`)
    expect(names).toContain(MULTILINE)
    expect(names).toContain("'+62 Layanan Telepon")
    expect(names).toContain("'@Layanan Kota B")
    // raw text: the cell with ; " and a line break is quoted, its quotes doubled
    expect(out.text).toContain('"Layanan; ""Kutipan""\nBaris kedua"')
    expect(out.text).toContain(`"'=HYPERLINK(""http://contoh.go.id"";""klik"")"`)
    expect(out.rows[0]![out.header.indexOf('tags')]).toBe('a, b')
    for (const path of ['/v1/registry/gateways', '/v1/registry/instansi', '/v1/registry/unit-kerja', '/v1/alerts/rules']) await sameTable(path, (d) => d)
  })

  it('Accept: text/csv works as ?format=csv does', async () => {
    const out = await csv('/v1/registry/gateways', { accept: 'text/csv' })
    expect(out.res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(out.res.headers.get('content-disposition')).toMatch(/^attachment; filename="pantau-registry-gateways-\d{8}-\d{4}\.csv"$/)
    expect(out.rows).toHaveLength(2)
  })

  it('`sep=semicolon`: `;` between cells and decimal commas', async () => {
    const out = await csv('/v1/registry/apis?format=csv&sep=semicolon&instansi=kota-b')
    expect(out.text.split('\n')[0]).toMatch(/^id;instansi;unit_kerja;/)
    expect(out.rows[0]![out.header.indexOf('sla_availability')]).toBe('99,95')
    expect(out.rows[0]![out.header.indexOf('published_via_spl')]).toBe('true')
  })

  it('metrics tables: one of several arrays with ?table=, the first by default', async () => {
    await sameTable('/v1/metrics/availability?from=now-2h&table=apis', (d) => d.apis)
    await sameTable('/v1/metrics/availability?from=now-2h', (d) => d.series)
    await sameTable('/v1/metrics/sla?from=now-2h&table=apis', (d) => d.apis)
    await sameTable('/v1/metrics/performance?from=now-2h&table=status_codes', (d) => d.status_codes, ['code', 'class', 'count'])
    await sameTable('/v1/metrics/security?from=now-2h&table=by_source', (d) => d.by_source)
    await sameTable('/v1/metrics/compliance?from=now-2h', (d) => d.apis)
    const bad = await csv('/v1/metrics/availability?format=csv&table=nope')
    expect(bad.res.status).toBe(400)
    expect(bad.body.field).toBe('table')
  })

  it('decimal commas in metrics with sep=semicolon', async () => {
    const out = await csv('/v1/metrics/availability?from=now-2h&table=apis&format=csv&sep=semicolon')
    const json = (await stack.call('GET', '/v1/metrics/availability?from=now-2h')).body.data.apis
    const col = out.header.indexOf('uptime_pct')
    expect(out.rows.map((r) => Number(r[col]!.replace(',', '.')))).toEqual(json.map((a: { uptime_pct: number }) => a.uptime_pct))
  })

  it('alerts, alert history, audit, dead letters, tokens, events histogram', async () => {
    await sameTable('/v1/alerts', (d) => d, undefined, true)
    const history = await sameTable('/v1/alerts/history', (d) => d)
    expect(history.header).toEqual([
      'ts',
      'fingerprint',
      'rule_id',
      'instansi',
      'alertname',
      'severity',
      'from_state',
      'to_state',
      'value',
      'labels',
      'annotations',
    ])
    const audit = await sameTable('/v1/admin/audit', (d) => d)
    expect(audit.rows.length).toBeGreaterThan(5)
    const dead = await sameTable('/v1/admin/dead-letters', (d) => d)
    expect(dead.rows.length).toBeGreaterThan(0)
    await sameTable('/v1/admin/tokens', (d) => d)
    await sameTable('/v1/events/histogram?from=now-2h', (d) => d)
  })

  it('streams a whole registry list, past the JSON page size', async () => {
    const apis = Array.from({ length: 1500 }, (_, i) => ({ instansi: 'kota-b', name: `Layanan Massal ${i}`, base_path: `/massal-${i}/v1` }))
    expect((await stack.call('POST', '/v1/registry/import?entity=apis', apis)).status).toBe(200)
    const out = await csv('/v1/registry/apis?instansi=kota-b&format=csv&per_page=10')
    expect(out.rows).toHaveLength(1501)
    expect(new Set(out.rows.map((r) => r[0])).size).toBe(1501)
  })
})

describe('tenancy', () => {
  it('operators get only their own rows, and nothing they may not read', async () => {
    const apis = await csv('/v1/registry/apis?format=csv', { token: operator })
    expect(apis.rows.length).toBe(3)
    expect(new Set(apis.rows.map((r) => r[apis.header.indexOf('instansi')]))).toEqual(new Set(['kota-a']))
    expect((await csv('/v1/registry/apis?format=csv&instansi=kota-b', { token: operator })).res.status).toBe(403)
    expect((await csv('/v1/admin/audit?format=csv', { token: operator })).res.status).toBe(403)
    const avail = await csv('/v1/metrics/availability?from=now-2h&table=apis&format=csv', { token: operator })
    expect(avail.rows.every((r) => r[avail.header.indexOf('instansi')] === 'kota-a')).toBe(true)
  })
})

describe('no table', () => {
  it('answers 406 problem+json, and the OpenAPI document says which routes have CSV', async () => {
    for (const path of ['/v1/metrics/overview?format=csv', '/v1/me?format=csv', '/v1/registry/gateways/kota-a-x?format=csv']) {
      const out = await csv(path)
      expect(out.res.status, path).toBe(406)
      expect(out.res.headers.get('content-type')).toBe('application/problem+json')
      expect(out.body.status).toBe(406)
    }
    expect((await csv('/v1/metrics/overview', { accept: 'text/csv' })).res.status).toBe(406)
    const doc = (await stack.call('GET', '/v1/openapi.json')).body
    expect(Object.keys(doc.paths['/v1/registry/apis'].get.responses['200'].content)).toEqual(['application/json', 'text/csv'])
    expect(Object.keys(doc.paths['/v1/metrics/overview'].get.responses['200'].content)).toEqual(['application/json'])
  })
})
