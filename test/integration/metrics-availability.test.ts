/**
 * Availability metrics on planted traffic with known answers: uptime and
 * success rate per the bad-minute definition, incidents and outages with exact
 * start/end, SLA compliance per WIB month, filters and tenant scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { incidents, uptime } from '../../shared/metrics/availability.js'
import { trafficSignal } from '../../shared/metrics/availability-signals.js'
import { probeSignal } from '../../shared/metrics/probes.js'
import { hourSpan, refreshUptimeHours, UptimeRecorder } from '../../shared/metrics/uptime-hours.js'
import { startTestStack, type TestStack } from '../support/stack.js'

const MIN = 60e3
/** Day 0 of the incident scenario: 2026-09-01 08:00 WIB; `at(n)` is minute n of it. */
const T0 = Date.parse('2026-09-01T08:00:00+07:00')
const at = (minute: number) => T0 + minute * MIN
/** First minute of the SLA scenario: 1000 minutes later it is 2026-10-31 23:30 WIB. */
const S0 = Date.parse('2026-10-31T06:51:00+07:00')
const wib = (ms: number) => new Date(ms + 7 * 3600e3).toISOString().replace('.000Z', '+07:00')

let stack: TestStack
let tokens: Record<string, string>
const ndjson: Record<string, string[]> = {}

/** Queue one Pasal 13 record for `instansi`'s gateway at `ts`. */
function plant(instansi: string, base: string, ts: number, status = 200, duration = 100, consumer?: string) {
  const rec = {
    timestamp: new Date(ts).toISOString(),
    level: status >= 500 ? 'ERROR' : 'INFO',
    service: base.slice(1),
    requestId: `r-${base}-${ts}-${Math.random()}`,
    userId: 'u1',
    method: 'GET',
    endpoint: `${base}/x`,
    statusCode: status,
    duration,
    message: 'ok',
    consumer,
  }
  ;(ndjson[instansi] ??= []).push(JSON.stringify(rec))
}

/** `perMinute` requests to `base` in each of `minutes` (counted from `opts.start`, default T0), with `status(minute, i)`. */
function traffic(
  instansi: string,
  base: string,
  minutes: number[],
  perMinute: number,
  status: (m: number, i: number) => number,
  opts: { duration?: number; consumer?: string; start?: number } = {},
) {
  for (const m of minutes)
    for (let i = 0; i < perMinute; i++) plant(instansi, base, (opts.start ?? T0) + m * MIN + 1000 + i * 1000, status(m, i), opts.duration, opts.consumer)
}
const span = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)
const within = (m: number, from: number, to: number) => m >= from && m < to

const get = async (path: string, token?: string) => {
  const r = await stack.call('GET', path, undefined, token)
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body.data
}
const q = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()
const iso = (ms: number) => new Date(ms).toISOString()

beforeAll(async () => {
  stack = await startTestStack()
  tokens = {
    'kota-a': await stack.gateway('kota-a', { name: 'gw1' }),
    'kota-b': await stack.gateway('kota-b', { name: 'gw1' }),
    'kota-c': await stack.gateway('kota-c', { name: 'gw1' }),
  }
  const apis: Array<[string, string, Record<string, number>?]> = [
    ['kota-a', 'alpha'],
    ['kota-a', 'beta'],
    ['kota-a', 'gamma'],
    ['kota-a', 'delta'],
    ['kota-a', 'epsilon'],
    ['kota-b', 'sla-ok', { sla_availability: 99.9, sla_p95_ms: 500 }],
    ['kota-b', 'sla-bad', { sla_availability: 99.9, sla_p95_ms: 500 }],
    ['kota-b', 'sla-slow', { sla_availability: 99.9, sla_p95_ms: 500 }],
    ['kota-b', 'sla-idle', { sla_availability: 99.9, sla_p95_ms: 500 }],
    ['kota-c', 'zeta'],
    ['kota-c', 'eta'],
  ]
  for (const [instansi, name, sla] of apis) {
    const r = await stack.call('POST', '/v1/registry/apis', {
      id: `${instansi}.${name}`,
      instansi,
      gateway_id: `${instansi}-gw1`,
      name: `API ${name}`,
      base_path: `/${name}`,
      ...sla,
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  }
  await stack.collector!.registry.refresh()

  // alpha: 2 req/min for 4 h, all 503 for the 17 minutes 60..76 (09:00–09:17 WIB)
  traffic('kota-a', '/alpha', span(0, 240), 2, (m) => (within(m, 60, 77) ? 503 : 200))
  // beta: down 65..80, overlapping alpha → one outage of two APIs
  traffic('kota-a', '/beta', span(0, 240), 1, (m) => (within(m, 65, 81) ? 503 : 200))
  // gamma: bad 150, 151, 154 (gap of 2 → one incident); bad 200 and 204 (gap of 3 → two)
  traffic('kota-a', '/gamma', span(0, 240), 1, (m) => ([150, 151, 154, 200, 204].includes(m) ? 500 : 200))
  // delta: 100 minutes × 10 requests, 12 × 5xx = 1.2 %: 5/10 (a bad minute), 4/10 and 3/10 (good minutes)
  const errors: Record<number, number> = { 310: 5, 320: 4, 330: 3 }
  traffic('kota-a', '/delta', span(300, 400), 10, (m, i) => (i < (errors[m] ?? 0) ? 502 : 200), { consumer: 'app-d' })

  // epsilon, sparse: bad 10, idle 11–12, good 13 → ends at 13; bad 20, idle until 30 → ends at 21; bad 40, idle to `to`
  traffic('kota-a', '/epsilon', [0, 10, 13, 20, 30, 40], 1, (m) => ([10, 20, 40].includes(m) ? 503 : 200), { start: at(500) })

  // SLA, 1000 minutes in October ending 2026-10-31 23:30 WIB: one bad minute = 99.9 %, two = 99.8 %
  traffic('kota-b', '/sla-ok', span(0, 1000), 1, (m) => (m === 500 ? 503 : 200), { start: S0 })
  traffic('kota-b', '/sla-bad', span(0, 1000), 1, (m) => (m === 500 || m === 700 ? 503 : 200), { start: S0 })
  traffic('kota-b', '/sla-slow', span(0, 60), 1, () => 200, { start: S0, duration: 900 })
  // 00:30 WIB on November 1st is still October 31st in UTC
  traffic('kota-b', '/sla-ok', span(0, 10), 1, () => 200, { start: Date.parse('2026-11-01T00:30:00+07:00') })

  // zeta: bad runs across hour boundaries — 08:58–09:01, 10:58–10:59 (good again at 11:00), and the last minute of the range
  traffic('kota-c', '/zeta', span(0, 240), 1, (m) => ([58, 59, 60, 61, 178, 179, 239].includes(m) ? 503 : 200))
  // eta: bad 10:57–10:58, idle 10:59, good again at 11:00 (the incident ends there)
  traffic(
    'kota-c',
    '/eta',
    span(0, 240).filter((m) => m !== 179),
    1,
    (m) => (m === 177 || m === 178 ? 503 : 200),
  )
  await send()
})

/** Post the queued records of every instansi and wait until they are stored. */
async function send() {
  for (const [instansi, lines] of Object.entries(ndjson)) {
    const res = await fetch(`${stack.ingest}/ingest/pasal13`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[instansi]}` },
      body: lines.join('\n'),
    })
    expect(res.status, await res.clone().text()).toBe(200)
    delete ndjson[instansi]
  }
  await stack.flushed()
}
afterAll(() => stack?.stop())

describe('availability metrics', () => {
  const day = { from: iso(T0), to: iso(at(240)) }

  it('a 17-minute outage of an API with traffic every minute is exactly one 17-minute incident', async () => {
    const data = await get(`/v1/metrics/incidents?${q({ ...day, api: 'kota-a.alpha' })}`)
    expect(data.incidents).toHaveLength(1)
    expect(data.incidents[0]).toMatchObject({
      api: 'kota-a.alpha',
      api_name: 'API alpha',
      instansi: 'kota-a',
      gateways: ['kota-a-gw1'],
      start: '2026-09-01T09:00:00+07:00',
      end: '2026-09-01T09:17:00+07:00',
      ongoing: false,
      duration_min: 17,
      down_minutes: 17,
      requests: 34,
      errors_5xx: 34,
    })
  })

  it('simultaneous incidents of one instansi are one outage; nearby bad runs merge, distant ones do not', async () => {
    const data = await get(`/v1/metrics/incidents?${q({ ...day, instansi: 'kota-a' })}`)
    const spans = data.incidents.map((i: any) => [i.api.split('.')[1], i.start.slice(11, 16), i.end.slice(11, 16), i.duration_min])
    expect(spans).toEqual([
      ['alpha', '09:00', '09:17', 17],
      ['beta', '09:05', '09:21', 16],
      ['gamma', '10:30', '10:35', 5],
      ['gamma', '11:20', '11:21', 1],
      ['gamma', '11:24', '11:25', 1],
    ])
    expect(data.outages).toHaveLength(4)
    expect(data.outages[0]).toMatchObject({
      instansi: 'kota-a',
      start: '2026-09-01T09:00:00+07:00',
      end: '2026-09-01T09:21:00+07:00',
      duration_min: 21,
      incidents: 2,
      apis: [
        { api: 'kota-a.alpha', api_name: 'API alpha' },
        { api: 'kota-a.beta', api_name: 'API beta' },
      ],
      requests: 34 + 16,
      errors_5xx: 34 + 16,
    })
    expect(data.incidents[0].outage).toBe(data.outages[0].id)
    expect(data.incidents[1].outage).toBe(data.outages[0].id)
    expect(data.outages.slice(1).map((o: any) => o.apis.length)).toEqual([1, 1, 1])
    expect(data.incidents[2]).toMatchObject({ down_minutes: 3, requests: 5, errors_5xx: 3 })
  })

  it('an incident still running at `to` has no end', async () => {
    const data = await get(`/v1/metrics/incidents?${q({ from: iso(T0), to: iso(at(70)), api: 'kota-a.alpha' })}`)
    expect(data.incidents).toEqual([expect.objectContaining({ start: '2026-09-01T09:00:00+07:00', end: null, ongoing: true, duration_min: 10 })])
    expect(data.outages[0]).toMatchObject({ end: null, ongoing: true, duration_min: 10 })
  })

  it('an incident ends at the first good minute within the merge gap, else one minute after its last bad minute', async () => {
    const ends = async (to: number) =>
      (await get(`/v1/metrics/incidents?${q({ from: iso(at(500)), to: iso(at(500 + to)), api: 'kota-a.epsilon' })}`)).incidents.map((i: any) => [
        (Date.parse(i.start) - at(500)) / MIN,
        i.end === null ? null : (Date.parse(i.end) - at(500)) / MIN,
        i.ongoing,
      ])
    expect(await ends(60)).toEqual([
      [10, 13, false],
      [20, 21, false],
      [40, 41, false],
    ])
    expect(await ends(43)).toEqual([
      [10, 13, false],
      [20, 21, false],
      [40, null, true],
    ])
  })

  it('uptime counts bad minutes (≥ 50 % 5xx); the success rate is request-weighted', async () => {
    const range = { from: iso(at(300)), to: iso(at(400)) }
    const data = await get(`/v1/metrics/availability?${q({ ...range, api: 'kota-a.delta', interval: '1h' })}`)
    expect(data.totals).toMatchObject({ apis: 1, active_minutes: 100, down_minutes: 1, requests: 1000, errors_5xx: 12 })
    expect(data.totals.uptime_pct).toBeCloseTo(99, 9)
    expect(data.totals.success_pct).toBeCloseTo(98.8, 9)
    // 13:00–14:00 WIB holds minutes 300..359, with the one bad minute
    expect(data.series.map((p: any) => [p.t, p.active_minutes, p.down_minutes])).toEqual([
      ['2026-09-01T13:00:00+07:00', 60, 1],
      ['2026-09-01T14:00:00+07:00', 40, 0],
    ])
    // the consumer filter selects the same traffic
    const byConsumer = await get(`/v1/metrics/availability?${q({ from: iso(T0), to: iso(at(400)), consumer: 'app-d' })}`)
    expect(byConsumer.totals).toMatchObject({ active_minutes: 100, down_minutes: 1, requests: 1000, errors_5xx: 12 })
  })

  it('per-API table and totals aggregate API-minutes', async () => {
    const data = await get(`/v1/metrics/availability?${q({ ...day, instansi: 'kota-a' })}`)
    const alpha = data.apis.find((a: any) => a.api === 'kota-a.alpha')
    expect(alpha).toMatchObject({ active_minutes: 240, down_minutes: 17, requests: 480, errors_5xx: 34, gateways: ['kota-a-gw1'] })
    expect(alpha.uptime_pct).toBeCloseTo((100 * 223) / 240, 9)
    expect(data.apis[0].api).toBe('kota-a.alpha') // most down minutes first
    expect(data.totals).toMatchObject({ apis: 3, active_minutes: 720, down_minutes: 17 + 16 + 5 })
    const other = await get(`/v1/metrics/availability?${q({ ...day, gateway: 'kota-b-gw1' })}`)
    expect(other.totals.active_minutes).toBe(0)
    expect(other.totals.uptime_pct).toBeNull()
  })

  it('SLA per API per WIB month: 99.9 % met with one bad minute in 1000, missed with two; latency target', async () => {
    const data = await get(`/v1/metrics/sla?${q({ from: '2026-10-01T00:00:00+07:00', to: '2026-12-01T00:00:00+07:00', instansi: 'kota-b' })}`)
    expect(data.months).toEqual(['2026-10', '2026-11'])
    const row = (api: string, month: string) => data.apis.find((a: any) => a.api === `kota-b.${api}` && a.month === month)
    // the last October minute is 23:30 WIB; the 00:30 WIB requests (UTC: still October 31st) are November's
    expect(row('sla-ok', '2026-10')).toMatchObject({
      requests: 1000,
      active_minutes: 1000,
      down_minutes: 1,
      uptime_pct: 99.9,
      meets_availability: true,
      meets_latency: true,
      meets_sla: true,
    })
    expect(row('sla-ok', '2026-11')).toMatchObject({ requests: 10, uptime_pct: 100, meets_sla: true })
    expect(row('sla-bad', '2026-10')).toMatchObject({ requests: 1000, uptime_pct: 99.8, meets_availability: false, meets_sla: false })
    expect(row('sla-slow', '2026-10')).toMatchObject({ uptime_pct: 100, meets_availability: true, meets_latency: false, meets_sla: false })
    expect(row('sla-slow', '2026-10').p95_ms).toBeGreaterThan(850)
    expect(row('sla-ok', '2026-10').p95_ms).toBeLessThan(110)
    expect(row('sla-idle', '2026-10')).toMatchObject({ requests: 0, uptime_pct: null, p95_ms: null, meets_sla: null })
    expect(data.instansi).toEqual([
      { instansi: 'kota-b', month: '2026-10', apis: 4, apis_with_traffic: 3, apis_meeting: 1, share_meeting: 1 / 3 },
      { instansi: 'kota-b', month: '2026-11', apis: 4, apis_with_traffic: 1, apis_meeting: 1, share_meeting: 1 },
    ])
    expect(wib(S0 + 999 * MIN)).toBe('2026-10-31T23:30:00+07:00')
    const byGateway = await get(`/v1/metrics/sla?${q({ from: '2026-10-01', to: '2026-11-01', gateway: 'kota-b-gw1' })}`)
    expect(byGateway.apis.map((a: any) => a.api)).toEqual(['kota-b.sla-bad', 'kota-b.sla-idle', 'kota-b.sla-ok', 'kota-b.sla-slow'])
    expect(byGateway.months).toEqual(['2026-10'])
  })

  it('whole hours read hourly rows with the same answers as the minutes, and follow late traffic', async () => {
    const range = { from: iso(T0), to: iso(at(240)), api: 'kota-c.zeta' }
    // a gateway filter reads minutes only (hourly rows are per API, not per gateway)
    const viaMinutes = { ...range, gateway: 'kota-c-gw1' }
    const spans = (d: any) => d.incidents.map((i: any) => [i.start.slice(11, 16), i.end?.slice(11, 16) ?? null, i.ongoing, i.down_minutes])
    const before = await get(`/v1/metrics/incidents?${q(range)}`)
    expect(spans(before)).toEqual([
      ['08:58', '09:02', false, 4],
      ['10:58', '11:00', false, 2],
      ['11:59', null, true, 1],
    ])
    expect(before).toEqual(await get(`/v1/metrics/incidents?${q(viaMinutes)}`))
    const uptimeBefore = await get(`/v1/metrics/availability?${q({ ...range, interval: '1h' })}`)
    expect(uptimeBefore.totals).toMatchObject({ active_minutes: 240, down_minutes: 7, requests: 240, errors_5xx: 7 })
    expect(uptimeBefore).toEqual(await get(`/v1/metrics/availability?${q({ ...viaMinutes, interval: '1h' })}`))

    // hourly rows are computed once: nothing is stale now; late records make exactly one hour stale
    const r = { ...range, fromMs: T0, toMs: at(240) }
    const recorder = new UptimeRecorder(stack.storage!, { everyMs: 0, backfillMs: 240 * MIN, recentMs: 240 * MIN })
    expect(await recorder.runOnce(at(240))).toBeGreaterThanOrEqual(4) // at least eta's four hours: nothing read them yet
    expect(await recorder.runOnce(at(240))).toBe(0)
    // late records make 08:30 bad: the hour already answered is recomputed
    traffic('kota-c', '/zeta', [30], 3, () => 503)
    await send()
    expect(await refreshUptimeHours(stack.storage!, r, hourSpan(r)!)).toBe(1)
    const after = await get(`/v1/metrics/incidents?${q(range)}`)
    expect(spans(after)[0]).toEqual(['08:30', '08:31', false, 1])
    expect(after).toEqual(await get(`/v1/metrics/incidents?${q(viaMinutes)}`))
    const uptimeAfter = await get(`/v1/metrics/availability?${q({ ...range, interval: '1h' })}`)
    expect(uptimeAfter.totals).toMatchObject({ active_minutes: 240, down_minutes: 8, requests: 243, errors_5xx: 10 })
    const sla = await get(`/v1/metrics/sla?${q(range)}`)
    expect(sla.apis[0]).toMatchObject({ api: 'kota-c.zeta', active_minutes: 240, down_minutes: 8 })

    // a failed probe check in a good traffic minute makes it down: that hour is read minute by minute
    const check = (minute: number, ok: number) => ({
      ts: at(minute) + 5000,
      probe_id: 'p-zeta',
      instansi: 'kota-c',
      api_id: 'kota-c.zeta',
      name: 'zeta',
      url: 'https://zeta.example/health',
      ok,
      status: ok ? 200 : 503,
      latency_ms: 12,
      error: '',
      tls_version: 'TLSv1.3',
      cert_not_after: null,
      cert_subject: '',
    })
    await stack.storage!.insertRows('probe_results', [check(100, 0), check(101, 1), check(130, 1)])
    const signals = () => [trafficSignal(r), probeSignal(r)]
    const hourly = await uptime(stack.storage!, r, '1h', signals())
    expect(hourly.totals).toMatchObject({ active_minutes: 240, down_minutes: 9, requests: 243 })
    const minutely = await uptime(stack.storage!, r, '5m', signals())
    expect(minutely.totals).toEqual(hourly.totals)

    // an incident at the end of an hour a probe touched ends in the next hour, as the minutes say
    const e = { fromMs: T0, toMs: at(240), api: 'kota-c.eta' }
    await stack.storage!.insertRows('probe_results', [{ ...check(130, 1), probe_id: 'p-eta', api_id: 'kota-c.eta' }])
    const withProbes = await incidents(stack.storage!, e, [trafficSignal(e), probeSignal(e)])
    expect(withProbes.incidents.map((i) => [i.start.slice(11, 16), i.end?.slice(11, 16), i.down_minutes])).toEqual([['10:57', '11:00', 2]])
    // unregistered keys never match an API filter (registered ids), on either path
    const unregistered = await get(`/v1/metrics/availability?${q({ from: iso(T0), to: iso(at(240)), api: 'kota-c/API zeta', interval: '1h' })}`)
    expect(unregistered.totals.active_minutes).toBe(0)
  })

  it('operators see their own instansi only; another instansi is 403 on every endpoint', async () => {
    const issued = await stack.call('POST', '/v1/admin/tokens', { name: 'Operator Kota A', role: 'operator', instansi: 'kota-a' })
    expect(issued.status).toBe(201)
    const token = issued.body.data.token
    for (const path of ['availability', 'incidents', 'sla']) {
      const denied = await stack.call('GET', `/v1/metrics/${path}?${q({ ...day, instansi: 'kota-b' })}`, undefined, token)
      expect(denied.status).toBe(403)
      expect(denied.headers.get('content-type')).toBe('application/problem+json')
    }
    const own = await get(`/v1/metrics/availability?${q(day)}`, token)
    expect(new Set(own.apis.map((a: any) => a.instansi))).toEqual(new Set(['kota-a']))
    const sla = await get(`/v1/metrics/sla?${q({ from: '2026-10-01', to: '2026-12-01' })}`, token)
    expect(new Set(sla.apis.map((a: any) => a.instansi))).toEqual(new Set(['kota-a']))
    const doc = await fetch(`${stack.api}/v1/openapi.json`).then((r) => r.json())
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/metrics/availability', '/v1/metrics/incidents', '/v1/metrics/sla']))
    expect(doc.components.schemas).toHaveProperty('SlaCompliance')
    const bad = await stack.call('GET', `/v1/metrics/incidents?${q({ from: 'yesterday' })}`)
    expect(bad.status).toBe(400)
    expect(bad.body.field).toBe('from')
  })
})
