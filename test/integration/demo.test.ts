/**
 * The demo seeder end to end: a small demo (60k events over 30 days, fixed
 * seed and end time) registered through the API and pushed through the real
 * ingest endpoints; the overview, the registry and the planted incidents
 * are then found where the summary says they are. The SPBE evidence puts
 * Indikator 7 at levels 1 to 5 (as the report generator assesses it), opts
 * instansi in to public status pages, and the live trickle after seeding
 * keeps a gateway's last-seen minute current until it is stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReportServices, generateReport } from '../../reports/generate.js'
import { decodeWith, type NativeFormatName } from '../../collector/sources/native.js'
import { logsToCandidates } from '../../collector/sources/otlp/logs.js'
import { ExportLogsRequest } from '../../collector/sources/otlp/schema.js'
import { buildCatalog } from '../../scripts/demo/catalog.js'
import { emptyReq, ENCODERS, JsonWriter } from '../../scripts/demo/formats/index.js'
import { Rng } from '../../scripts/demo/prng.js'
import { RequestMaker } from '../../scripts/demo/request.js'
import { seedDemo, type DemoSummary } from '../../scripts/demo/seed.js'
import { planTraffic } from '../../scripts/demo/traffic.js'
import { startTrickle } from '../../scripts/demo/trickle.js'
import { startTestStack, type TestStack } from '../support/stack.js'
import { waitFor } from '../support/wait.js'

const EVENTS = 60_000
const SEED = 'demo-test'
/** A fixed end (a Wednesday, 12:00 WIB) keeps the data identical on every run. */
const END = Date.UTC(2026, 9, 14, 5, 0, 0)

let stack: TestStack
let summary: DemoSummary

const iso = (ms: number) => new Date(ms).toISOString()
const count = async (sql: string, params: Record<string, unknown>) => {
  const [row] = await stack.storage!.query<Record<string, string>>(sql, params)
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]))
}

beforeAll(async () => {
  // The fixed window is in the past: keep raw events regardless of the TTL.
  stack = await startTestStack({ PANTAU_RAW_TTL_DAYS: '20000', PANTAU_SPOOL_FSYNC: 'false' })
  summary = await seedDemo({
    apiUrl: stack.api,
    ingestUrl: stack.ingest,
    adminToken: stack.adminToken,
    events: EVENTS,
    endMs: END,
    seed: SEED,
    log: () => undefined,
    refreshRegistry: () => stack.collector!.registry.refresh(),
  })
  await stack.flushed()
}, 120_000)
afterAll(() => stack?.stop())

describe('demo seed', () => {
  it('is deterministic for a seed and an end time', () => {
    const a = buildCatalog({ seed: SEED, endMs: END })
    const b = buildCatalog({ seed: SEED, endMs: END })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(planTraffic({ catalog: a, events: EVENTS, endMs: END, seed: SEED }).scenarios).toEqual(summary.scenarios)
  })

  it('stores every generated record', () => {
    expect(summary.events.generated).toBe(EVENTS)
    expect(summary.rejections).toEqual([])
    expect(summary.events).toMatchObject({ accepted: EVENTS, rejected: 0 })
    expect(Object.keys(summary.byFormat).sort()).toEqual(['apisix', 'envoy', 'kong', 'nginx', 'otlp', 'pasal13', 'wso2'])
  })

  it('the overview of the window covers 30+ instansi and counts every accepted record', async () => {
    const from = iso(summary.window.startMs)
    const to = iso(END + 60_000)
    const res = await stack.call('GET', `/v1/metrics/overview?from=${from}&to=${to}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.data.instansi).toBeGreaterThanOrEqual(30)
    expect(res.body.data.requests).toBe(summary.events.accepted)
    expect(res.body.data.apis).toBeGreaterThan(150)
    expect(res.body.data.consumers).toBeGreaterThan(50)
  })

  it('registers 30+ instansi, 200+ APIs and the consumers', async () => {
    const total = async (what: string) => (await stack.call('GET', `/v1/registry/${what}?per_page=1`)).body.pagination.total
    expect(await total('instansi')).toBeGreaterThanOrEqual(30)
    expect(await total('apis')).toBeGreaterThanOrEqual(200)
    expect(await total('apis')).toBe(summary.registry.apis)
    expect(await total('consumers')).toBe(summary.registry.consumers)
    expect(await total('gateways')).toBe(summary.registry.gateways)
  })

  it('the outage API answers only 5xx during the planted window', async () => {
    const { outage } = summary.scenarios
    expect(outage.endMs - outage.startMs).toBe(3 * 3600e3)
    const r = await count(
      `SELECT count() AS n, countIf(status >= 500) AS e FROM request_events
       WHERE api_id = {api:String} AND ts >= fromUnixTimestamp64Milli({s:Int64}) AND ts < fromUnixTimestamp64Milli({e:Int64})`,
      { api: outage.apiId, s: outage.startMs, e: outage.endMs },
    )
    expect(r.n).toBeGreaterThan(5)
    expect(r.e / r.n).toBeGreaterThanOrEqual(0.99)
  })

  it('the auth storm shows as 401s from one source in the raw events', async () => {
    const { authStorm: s } = summary.scenarios
    const res = await stack.call('GET', `/v1/events?status=401&instansi=${s.instansi}&from=${iso(s.startMs)}&to=${iso(s.endMs + 1000)}&limit=1000`)
    expect(res.status).toBe(200)
    const fromSource = res.body.data.filter((e: { client_address: string }) => e.client_address === s.sourceIp)
    expect(fromSource.length).toBe(s.attempts)
    expect(fromSource.every((e: { api_id: string; auth_outcome: string }) => e.api_id === s.apiId && e.auth_outcome === 'failure')).toBe(true)
  })

  it('the path scanner probes many distinct routes that all end in 404', async () => {
    const { scanner: s } = summary.scenarios
    const r = await count(
      `SELECT count() AS n, uniqExact(path) AS paths, countIf(status = 404) AS nf FROM request_events
       WHERE gateway_id = {gw:String} AND client_address = {ip:String}`,
      { gw: s.gatewayId, ip: s.sourceIp },
    )
    expect(r).toEqual({ n: s.requests, paths: s.distinctPaths, nf: s.requests })
    expect(s.distinctPaths).toBeGreaterThanOrEqual(100)
  })

  it('consumers of other instansi and shadow routes show up', async () => {
    const r = await count(
      `SELECT uniqExactIf(consumer_id, consumer_instansi != '' AND consumer_instansi != instansi) AS cross,
              countIf(api_id = '') AS shadow
       FROM consumer_rollup_1h`,
      {},
    )
    expect(r.cross).toBeGreaterThan(30)
    expect(r.shadow).toBeGreaterThan(0)
    expect(summary.scenarios.crossInstansi.length).toBeGreaterThan(100)
  })
})

describe('demo story', () => {
  it('Indikator 7 levels span 1..5 across the demo instansi, as the report generator assesses them', async () => {
    const evidence = summary.evidence!
    expect(evidence.period).toBe('2026')
    const svc = createReportServices(stack.storage!)
    const levels: Record<string, number> = {}
    for (const instansi of Object.keys(evidence.i7Levels)) {
      const report = await generateReport(svc, {
        request: { instansi, indicator: 'i7', period: evidence.period },
        baseUrl: stack.api,
        by: 'demo-test',
        trigger: 'manual',
      })
      levels[instansi] = report.level
    }
    expect(levels).toEqual(evidence.i7Levels)
    expect(Object.values(levels).sort()).toEqual([1, 2, 3, 4, 5])
    expect(evidence).toMatchObject({ documents: evidence.policies, reviews: 3 })
  })

  it('opts instansi in to public status pages (the one with the planted outage among them) and announces maintenance', async () => {
    const { outage } = summary.scenarios
    expect(summary.evidence!.publicStatus).toContain(outage.instansi)
    expect(summary.evidence!.publicStatus.length).toBeGreaterThanOrEqual(3)
    const res = await fetch(`${stack.api}/v1/public/status/${outage.instansi}`)
    expect(res.status).toBe(200)
    const status = (await res.json()).data
    expect(status.incidents.some((i: { api: string }) => i.api === outage.apiId)).toBe(true)
    // the maintenance windows of kota-surakarta show on its page (both are over at the fixed end of the demo window)
    expect(summary.evidence!.maintenance.created).toBe(2)
    const listed = await stack.call('GET', '/v1/maintenance?instansi=kota-surakarta')
    expect(listed.body.data).toHaveLength(2)
    const surakarta = (await (await fetch(`${stack.api}/v1/public/status/kota-surakarta`)).json()).data
    expect(surakarta.maintenance.map((m: { reason: string }) => m.reason).sort()).toEqual(['Pemeliharaan basis data layanan', 'Pemutakhiran versi gateway'])
    const closed = await stack.call('GET', '/v1/registry/instansi/kota-bandung')
    expect(closed.body.data.public_status).toBe(false)
    expect((await fetch(`${stack.api}/v1/public/status/kota-bandung`)).status).toBe(404)
  })

  it('the live trickle keeps a gateway last seen now, with a realistic status mix, and stops cleanly', async () => {
    const catalog = buildCatalog({ seed: SEED, endMs: END })
    const gateway = catalog.gateways.find((g) => g.format === 'kong')!.id
    const otlp = catalog.gateways.find((g) => g.format === 'otlp')!.id
    const lastSeen = async () =>
      (await count('SELECT toUnixTimestamp(max(bucket)) AS t FROM request_rollup_1m WHERE gateway_id = {g:String}', { g: gateway })).t
    const stored = async () => (await count('SELECT count() AS n FROM request_events WHERE gateway_id IN ({a:String}, {b:String})', { a: gateway, b: otlp })).n
    expect(await lastSeen()).toBeLessThan(END / 1000 + 60)
    const started = Date.now()
    const before = await stored()
    const trickle = startTrickle({ ingestUrl: stack.ingest, tokens: summary.tokens, catalog, gateways: [gateway, otlp], perGatewayPerSec: 40, tickMs: 300 })
    await waitFor('the trickle to have sent 400 events', () => trickle.stats.accepted >= 400, 30_000)
    await trickle.stop()
    await stack.flushed()
    expect(trickle.stats).toMatchObject({ rejected: 0, failed: 0 })
    expect(await lastSeen()).toBeGreaterThanOrEqual(Math.floor(started / 60_000) * 60)
    const sent = Object.values(trickle.stats.byStatusClass).reduce((a, b) => a + b, 0)
    expect(sent).toBe(trickle.stats.accepted)
    expect(await stored()).toBe(before + sent)
    expect(trickle.stats.byStatusClass['2xx']! / sent).toBeGreaterThan(0.8)
    expect(trickle.stats.byStatusClass['2xx']! / sent).toBeLessThan(1)
    // stopped: a few ticks later nothing more has arrived
    await new Promise((r) => setTimeout(r, 1000))
    await stack.flushed()
    expect(await stored()).toBe(before + sent)
  })
})

describe('demo records', () => {
  it('read back through each gateway adapter as the call that was generated', () => {
    const catalog = buildCatalog({ seed: SEED, endMs: END })
    const { scenarios } = planTraffic({ catalog, events: EVENTS, endMs: END, seed: SEED })
    const maker = new RequestMaker(catalog, SEED)
    const rng = new Rng(1)
    const w = new JsonWriter()
    for (const gw of catalog.gateways) {
      const apis = catalog.apis.filter((a) => a.gateway_id === gw.id).map((a) => maker.runtime(a, scenarios.outage, [], rng))
      const rt = maker.gatewayRuntime(gw, apis)
      const r = emptyReq(gw)
      const encoder = ENCODERS[gw.format]
      for (let i = 0; i < 200; i++) {
        maker.normal(r, rt, rt.apis.pick(rng), END - i * 37_000, 0.5, rng)
        encoder.open(w, gw)
        encoder.write(w, r)
        encoder.close(w, gw)
        const record = JSON.parse(w.take().toString())
        const raw =
          gw.format === 'otlp'
            ? (logsToCandidates(ExportLogsRequest.parse(record)).candidates[0]?.raw as Record<string, unknown>)
            : (decodeWith(gw.format as NativeFormatName, record) as { raw: Record<string, unknown> }).raw
        const where = `${gw.id} #${i}`
        expect(raw, where).toMatchObject({ ts: r.ts, status: r.status, method: r.method })
        if (gw.format !== 'wso2') expect(raw.path, where).toBe(r.uri)
        if (!(gw.format === 'wso2' && r.fault)) expect(Math.abs(Number(raw.latency_ms) - r.totalMs), where).toBeLessThanOrEqual(1)
      }
    }
  })
})
