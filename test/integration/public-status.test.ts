/**
 * Public status pages (issue 13, point 5) on a real stack: an instansi is
 * invisible until it opts in (the same 404 as a nonexistent one), then its
 * published APIs show with their state, 90 daily uptime bars and incidents —
 * the very numbers of the authenticated availability endpoint — and nothing
 * else: no consumers, paths, client addresses or request counts. Answers are
 * cached, and unknown codes cannot make the API query the database per call.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { PUBLIC_STATUS_TTL_MS } from '../../api/routes/public-status.js'
import { MaintenanceStore } from '../../shared/maintenance/store.js'
import { startTestStack, type TestStack } from '../support/stack.js'
import { waitFor } from '../support/wait.js'

const OPEN = 'kota-terbuka'
const CLOSED = 'kota-tertutup'
const MIN = 60e3
const DAY = 86400e3
const CONSUMER = 'Aplikasi Konsumen Rahasia'
const CONSUMER_ID = 'app-rahasia-77'
const CLIENT_IP = '10.99.88.77'

let stack: TestStack
const now = Date.now()
/** Requests planted per API, to prove no count reaches the public answer. */
const planted: Record<string, number> = {}

const pub = (code: string, lang = '') => fetch(`${stack.api}/v1/public/status/${code}${lang}`)
const page = (code: string, lang = '') => fetch(`${stack.api}/status/${code}${lang}`)

interface Planted {
  ts: number
  status: number
  endpoint?: string
}

/** Pasal 13 records with exact times, a client address and a consumer, through the native ingest; waits until stored. */
async function plant(token: string, events: Planted[]): Promise<void> {
  const body = events
    .map((e, i) =>
      JSON.stringify({
        timestamp: new Date(e.ts).toISOString(),
        level: e.status >= 500 ? 'ERROR' : 'INFO',
        service: 'svc',
        requestId: `r-${e.ts}-${i}`,
        method: 'GET',
        endpoint: e.endpoint ?? '/tertutup/v1/x',
        statusCode: e.status,
        duration: 20,
        message: 'ok',
        clientIp: CLIENT_IP,
        consumer: CONSUMER_ID,
      }),
    )
    .join('\n')
  const res = await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body })
  expect(res.status, await res.text()).toBe(200)
  await stack.flushed()
}

/** `n` events per minute over the minutes [from, to) before now; `bad(m)` minutes answer 503. */
function minutes(fromAgo: number, toAgo: number, bad: (m: number) => boolean = () => false, n = 1): Planted[] {
  const out: Planted[] = []
  for (let m = fromAgo; m > toAgo; m--) for (let i = 0; i < n; i++) out.push({ ts: now - m * MIN + 5000 + i * 1000, status: bad(m) ? 503 : 200 })
  return out
}

/** One event a minute for `count` minutes from 10:00 WIB `daysAgo` days before today; `bad(m)` minutes answer 503. */
function block(daysAgo: number, count: number, bad: (m: number) => boolean = () => false): Planted[] {
  const start = Math.floor((now + 7 * 3600e3) / DAY) * DAY - 7 * 3600e3 - daysAgo * DAY + 10 * 3600e3
  return Array.from({ length: count }, (_, m) => ({ ts: start + m * MIN + 5000, status: bad(m) ? 503 : 200 }))
}

async function register(code: string, apis: Array<{ name: string; base: string; lifecycle?: string }>): Promise<string> {
  const token = await stack.gateway(code, { kind: 'kota' })
  for (const a of apis) {
    const r = await stack.call('POST', '/v1/registry/apis', { instansi: code, name: a.name, base_path: a.base, lifecycle: a.lifecycle ?? 'published' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  }
  return token
}

beforeAll(async () => {
  stack = await startTestStack({ PANTAU_SPOOL_FSYNC: 'false', PANTAU_UPTIME_REFRESH_MS: '0' })
  const token = await register(OPEN, [
    { name: 'Layanan Perizinan', base: '/perizinan-rahasia/v1' },
    { name: 'Layanan Kependudukan', base: '/kependudukan-rahasia/v1' },
    { name: 'Layanan Sepi', base: '/sepi-rahasia/v1' },
    { name: 'Layanan Belum Terbit', base: '/draf-rahasia/v1', lifecycle: 'created' },
  ])
  const closed = await register(CLOSED, [{ name: 'Layanan Tertutup', base: '/tertutup/v1' }])
  const c = await stack.call('POST', '/v1/registry/consumers', { instansi: OPEN, name: CONSUMER, match_ids: [CONSUMER_ID] })
  expect(c.status, JSON.stringify(c.body)).toBe(201)
  await stack.collector!.registry.refresh()
  // perizinan: two days ago 10 bad minutes of 120 (10:00–12:00 WIB); yesterday all good; down for the last 4 minutes (ongoing)
  const perizinan = [...block(2, 120, (m) => m % 12 === 11), ...block(1, 60), ...minutes(30, 0, (m) => m <= 4)].map((e) => ({
    ...e,
    endpoint: '/perizinan-rahasia/v1/izin/123',
  }))
  // kependudukan: good for the last 23 minutes, and a 6-minute incident five days ago
  const kependudukan = [...minutes(23, 0, () => false, 3), ...block(5, 60, (m) => m >= 20 && m < 26)].map((e) => ({
    ...e,
    endpoint: '/kependudukan-rahasia/v1/nik/3201',
  }))
  planted.perizinan = perizinan.length
  planted.kependudukan = kependudukan.length
  // ten days ago, 20:00–24:00 WIB: ten failing minutes at 22:00, inside the maintenance window below
  const maintained = Array.from({ length: 240 }, (_, m) => ({
    ts: Math.floor((now + 7 * 3600e3) / DAY) * DAY - 7 * 3600e3 - 10 * DAY + 20 * 3600e3 + m * MIN + 5000,
    status: m >= 120 && m < 130 ? 503 : 200,
    endpoint: '/perizinan-rahasia/v1/izin/9',
  }))
  planted.perizinan += maintained.length
  await plant(token, [...perizinan, ...kependudukan, ...maintained])
  await plant(closed, minutes(30, 0))
  // maintenance: the whole instansi ten days ago, perizinan tomorrow night, and the unpublished API (not shown)
  const windows = new MaintenanceStore(stack.storage!)
  const admin = { name: 'admin', role: 'admin' as const }
  const at = (daysAgo: number, hour: number) => Math.floor((now + 7 * 3600e3) / DAY) * DAY - 7 * 3600e3 - daysAgo * DAY + hour * 3600e3
  const window = (api_id: string, daysAgo: number, reason: string) =>
    windows.create(admin, {
      instansi: OPEN,
      api_id,
      gateway_id: '',
      starts_at: new Date(at(daysAgo, 22)).toISOString(),
      ends_at: new Date(at(daysAgo, 24)).toISOString(),
      reason,
    })
  await window('', 10, 'Pemindahan pusat data')
  await window(`${OPEN}.layanan-perizinan.v1`, -1, 'Pemutakhiran basis data')
  await window(`${OPEN}.layanan-belum-terbit.v1`, -2, 'Uji coba rahasia')
}, 180_000)
afterAll(() => stack?.stop())

describe('before opting in', () => {
  it('an instansi that has not opted in gets the same 404 as one that does not exist, on both routes', async () => {
    const answers = await Promise.all([OPEN, CLOSED, 'tidak-ada', 'BAD CODE!'].map(async (code) => ({ code, json: await pub(code), html: await page(code) })))
    const bodies = await Promise.all(
      answers.map(async (a) => ({
        code: a.code,
        jsonStatus: a.json.status,
        htmlStatus: a.html.status,
        type: a.json.headers.get('content-type'),
        json: (await a.json.text()).replaceAll(encodeURIComponent(a.code), '{code}').replaceAll(a.code, '{code}'),
        html: await a.html.text(),
      })),
    )
    for (const b of bodies) {
      expect(b, b.code).toMatchObject({ jsonStatus: 404, htmlStatus: 404, type: 'application/problem+json' })
      expect(b.json, b.code).toBe(bodies[0].json)
      expect(b.html, b.code).toBe(bodies[0].html)
    }
    expect(JSON.parse(bodies[0].json)).toMatchObject({ status: 404, field: 'instansi' })
    expect(bodies[0].html).toContain('Halaman status tidak ditemukan')
  })

  it('the instansi says public_status false by default', async () => {
    const r = await stack.call('GET', `/v1/registry/instansi/${OPEN}`)
    expect(r.body.data.public_status).toBe(false)
  })
})

describe('after opting in', () => {
  let body: any
  let text: string

  beforeAll(async () => {
    const current = (await stack.call('GET', `/v1/registry/instansi/${OPEN}`)).body.data
    const put = await stack.call('PUT', `/v1/registry/instansi/${OPEN}`, {
      code: OPEN,
      name: 'Pemerintah Kota Terbuka',
      kind: current.kind,
      public_status: true,
    })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(put.body.data.public_status).toBe(true)
    // the opted-in set is re-read at most once a second for a code it does not hold
    const res = await waitFor(
      'the public status after opting in',
      async () => {
        const r = await pub(OPEN)
        return r.status === 200 ? r : undefined
      },
      10_000,
    ).then((r) => r!)
    expect(res.headers.get('cache-control')).toBe(`public, max-age=${PUBLIC_STATUS_TTL_MS / 1000}`)
    text = await res.text()
    body = JSON.parse(text).data
  })

  it('lists the published APIs only, with their current state', () => {
    expect(body.instansi).toEqual({ code: OPEN, name: 'Pemerintah Kota Terbuka' })
    const byName = Object.fromEntries(body.apis.map((a: any) => [a.name, a]))
    expect(Object.keys(byName).sort()).toEqual(['Layanan Kependudukan', 'Layanan Perizinan', 'Layanan Sepi'])
    expect(byName['Layanan Perizinan'].state).toBe('down')
    expect(byName['Layanan Kependudukan'].state).toBe('operational')
    expect(byName['Layanan Sepi'].state).toBe('no_data')
    expect(body.state).toBe('degraded')
    for (const a of body.apis) expect(a.days).toHaveLength(90)
    expect(body.apis[0].days.at(-1).date).toBe(new Date(now + 7 * 3600e3).toISOString().slice(0, 10))
  })

  it('lists the incidents, newest first, the ongoing one open', () => {
    const [first, ...rest] = body.incidents
    expect(first).toMatchObject({ api_name: 'Layanan Perizinan', ongoing: true, end: null })
    expect(rest.map((i: any) => i.api_name)).toContain('Layanan Kependudukan')
    const six = rest.find((i: any) => i.api_name === 'Layanan Kependudukan')
    expect(six).toMatchObject({ duration_min: 6, ongoing: false })
    expect(body.incidents.filter((i: any) => i.api_name === 'Layanan Perizinan')).toHaveLength(11)
    expect(body.maintenance).toEqual([
      { api_name: 'Layanan Perizinan', status: 'scheduled', reason: 'Pemutakhiran basis data', starts_at: expect.any(String), ends_at: expect.any(String) },
      { api_name: null, status: 'ended', reason: 'Pemindahan pusat data', starts_at: expect.any(String), ends_at: expect.any(String) },
    ])
    expect(Date.parse(body.maintenance[0].ends_at) - Date.parse(body.maintenance[0].starts_at)).toBe(2 * 3600e3)
    // the failing minutes inside the window do not count: that day is whole, and no incident is listed for it
    const perizinan = body.apis.find((a: any) => a.name === 'Layanan Perizinan')
    expect(perizinan.days.at(-11).uptime_pct).toBe(100)
    expect(body.incidents.filter((i: any) => i.start.startsWith(perizinan.days.at(-11).date))).toEqual([])
  })

  it('daily and 90-day uptime equal the authenticated availability endpoint over the same range', async () => {
    const range = `instansi=${OPEN}&from=${encodeURIComponent(body.from)}&to=${encodeURIComponent(body.to)}`
    const all = await stack.call('GET', `/v1/metrics/availability?${range}&interval=1d`)
    expect(all.status).toBe(200)
    let compared = 0
    for (const a of body.apis) {
      const own = await stack.call('GET', `/v1/metrics/availability?${range}&interval=1d&api=${a.id}`)
      const series = own.body.data.series.filter((s: any) => s.uptime_pct !== null)
      const days = a.days.filter((d: any) => d.uptime_pct !== null)
      expect(days.map((d: any) => [`${d.date}T00:00:00+07:00`, d.uptime_pct])).toEqual(series.map((s: any) => [s.t, s.uptime_pct]))
      const total = all.body.data.apis.find((x: any) => x.api === a.id)
      expect(a.uptime_pct).toBe(total?.uptime_pct ?? null)
      compared += days.length
    }
    // perizinan has 4 days with traffic, kependudukan 2 (one more each when the last half hour crosses midnight)
    expect(compared).toBeGreaterThanOrEqual(6)
    const perizinan = body.apis.find((a: any) => a.name === 'Layanan Perizinan')
    expect(perizinan.days.at(-3).uptime_pct).toBeCloseTo(100 * (1 - 10 / 120), 10)
    expect(perizinan.days.at(-2).uptime_pct).toBe(100)
    const kependudukan = body.apis.find((a: any) => a.name === 'Layanan Kependudukan')
    expect(kependudukan.days.at(-6).uptime_pct).toBeCloseTo(100 * (1 - 6 / 60), 10)
    expect(kependudukan.uptime_pct).toBeLessThan(100)
  })

  it('leaks nothing: only allowed fields, no consumers, paths, addresses or request counts', async () => {
    const keys = new Set<string>()
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk)
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          keys.add(k)
          walk(x)
        }
    }
    walk(body)
    const allowed = ['instansi', 'code', 'name', 'state', 'generated_at', 'from', 'to', 'window_days', 'apis', 'id', 'version', 'uptime_pct', 'days', 'date']
    const allowedIncident = ['incidents', 'api', 'api_name', 'start', 'end', 'ongoing', 'duration_min']
    const allowedMaintenance = ['maintenance', 'starts_at', 'ends_at', 'status', 'reason']
    expect([...keys].filter((k) => ![...allowed, ...allowedIncident, ...allowedMaintenance].includes(k))).toEqual([])
    const html = await (await page(OPEN)).text()
    for (const doc of [text, html]) {
      for (const secret of [CONSUMER, CONSUMER_ID, CLIENT_IP, 'rahasia', 'Belum Terbit', CLOSED, 'Tertutup', 'gw ', 'Uji coba'])
        expect(doc.toLowerCase(), secret).not.toContain(secret.toLowerCase())
      for (const n of [...Object.values(planted), planted.perizinan + planted.kependudukan]) expect(doc, `count ${n}`).not.toMatch(new RegExp(`\\b${n}\\b`))
    }
  })

  it('the HTML page shows the same in Bahasa Indonesia (and English on request), cached', async () => {
    const res = await page(OPEN)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('cache-control')).toBe(`public, max-age=${PUBLIC_STATUS_TTL_MS / 1000}`)
    const html = await res.text()
    expect(html).toContain('Status layanan API Pemerintah Kota Terbuka')
    expect(html).toContain('Sebagian layanan mengalami gangguan')
    expect(html).toContain('Tidak tersedia')
    expect(html).toContain('masih berlangsung')
    expect(html).toContain('Pemutakhiran basis data')
    expect(html).toContain('terjadwal')
    expect(html.match(/<section class="api"/g)).toHaveLength(3)
    expect(html.match(/<span style="background/g)).toHaveLength(3 * 90)
    expect(html).not.toMatch(/<script/i)
    const en = await (await page(OPEN, '?lang=en')).text()
    expect(en).toContain('API service status of Pemerintah Kota Terbuka')
    expect(en).toContain('90-day availability')
  })

  it('answers from the cache, and unknown codes do not query the database on every call', async () => {
    const again = (await (await pub(OPEN)).json()).data
    expect(again.generated_at).toBe(body.generated_at)
    const rows = vi.spyOn(stack.storage!, 'rows')
    // the spy sees the API's queries
    await stack.call('GET', `/v1/registry/apis?instansi=${OPEN}`)
    expect(rows.mock.calls.length).toBeGreaterThan(0)
    rows.mockClear()
    const statuses = await Promise.all(Array.from({ length: 60 }, (_, i) => pub(`tidak-ada-${i}`).then((r) => r.status)))
    const pages = await Promise.all(Array.from({ length: 20 }, () => page(OPEN).then((r) => r.status)))
    expect(new Set(statuses)).toEqual(new Set([404]))
    expect(new Set(pages)).toEqual(new Set([200]))
    // one re-read of the opted-in set at most (a second has perhaps passed), nothing per request
    expect(rows.mock.calls.length).toBeLessThanOrEqual(1)
    rows.mockRestore()
  })

  it('the OpenAPI document describes the JSON route without security', async () => {
    const doc = (await stack.call('GET', '/v1/openapi.json')).body
    const op = doc.paths['/v1/public/status/{instansi}'].get
    expect(op.security).toBeUndefined()
    expect(Object.keys(op.responses).sort()).toEqual(['200', '404'])
    expect(doc.paths['/status/{instansi}']).toBeUndefined()
  })
})

describe('time', () => {
  it('the window is 90 WIB days: from 00:00 WIB 89 days before today up to the answer', async () => {
    const body = (await (await pub(OPEN)).json()).data
    const to = Date.parse(body.to)
    const today = Math.floor((to + 7 * 3600e3) / DAY) * DAY - 7 * 3600e3
    expect(Date.parse(body.from)).toBe(today - 89 * DAY)
    expect(Math.abs(to - Date.now())).toBeLessThan(PUBLIC_STATUS_TTL_MS + 60_000)
    expect(body.apis[0].days[0].date).toBe(new Date(Date.parse(body.from) + 7 * 3600e3).toISOString().slice(0, 10))
  })
})
