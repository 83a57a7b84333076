/**
 * Gateway-scoped maintenance windows cover the synthetic probes of the APIs
 * registered on that gateway: a probe result counts for its API's registered
 * gateway (apis.gateway_id), so the window leaves its minutes out of uptime,
 * a failing probe raises no ProbeFailing alert under it (its labels carry the
 * gateway), and an SLO of such an API is held like one under an API window.
 * Probes of an API on another gateway are not covered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uptime } from '../../shared/metrics/availability.js'
import { trafficSignal } from '../../shared/metrics/availability-signals.js'
import { probeSignal } from '../../shared/metrics/probes.js'
import { plant } from '../support/alerting.js'
import { startTestStack, type TestStack } from '../support/stack.js'

const MIN = 60e3
const HOUR = 3600e3
/** The scenario's first minute: a whole hour, three hours ago; `at(n)` is its minute n. */
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR
const at = (minute: number) => T0 + minute * MIN
const iso = (ms: number) => new Date(ms).toISOString()
/** The window, on gateway A: minutes 10..19. */
const WINDOW = [10, 20]

let stack: TestStack
/** Gateway A (under the window) and B, each with one API and a probe of it. */
const gw: Record<'a' | 'b', { id: string; token: string; apiId: string; probeId: string }> = {} as never

const call = async (method: string, path: string, body?: unknown) => {
  const r = await stack.call(method, path, body)
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300)
  return r.body.data
}

/** One failed check a minute, minutes 0..29, of a probe of `apiId`. */
const failedChecks = (probeId: string, apiId: string) =>
  Array.from({ length: 30 }, (_, minute) => ({
    ts: at(minute) + 5000,
    probe_id: probeId,
    instansi: 'kota-p',
    api_id: apiId,
    name: probeId,
    url: 'http://127.0.0.1:9/health',
    ok: 0,
    status: 503,
    latency_ms: 12,
    error: 'status 503, diharapkan 200',
    tls_version: '',
    cert_not_after: null,
    cert_subject: '',
  }))

beforeAll(async () => {
  stack = await startTestStack({ PANTAU_ALERT_ENABLED: 'false', PANTAU_REPORT_SCHEDULE: 'off' })
  await stack.gateway('kota-p') // the instansi (and a gateway of its own)
  for (const k of ['a', 'b'] as const) {
    const { gateway: g, ingest_token: token } = await call('POST', '/v1/registry/gateways', { instansi: 'kota-p', name: `gw ${k}`, product: 'kong' })
    const api = await call('POST', '/v1/registry/apis', { instansi: 'kota-p', name: `Layanan ${k}`, base_path: `/layanan-${k}/v1`, gateway_id: g.id })
    expect(api.gateway_id).toBe(g.id)
    // checks far apart: what the prober may add now lies outside every time looked at below
    const probe = await call('POST', '/v1/probes', {
      instansi: 'kota-p',
      api_id: api.id,
      name: `Probe ${k}`,
      url: 'http://127.0.0.1:9/health',
      interval_s: 86_400,
    })
    gw[k] = { id: g.id, token, apiId: api.id, probeId: probe.id }
    await stack.storage!.insertRows('probe_results', failedChecks(probe.id, api.id))
  }
  await stack.collector!.registry.refresh()
  await call('POST', '/v1/maintenance', {
    instansi: 'kota-p',
    gateway_id: gw.a.id,
    starts_at: iso(at(WINDOW[0])),
    ends_at: iso(at(WINDOW[1])),
    reason: 'Pemutakhiran gateway A',
  })
}, 120_000)
afterAll(async () => {
  await stack?.stop()
})

describe('a maintenance window of a gateway', () => {
  it("leaves its APIs' probe minutes out of uptime; the other gateway's probes count", async () => {
    const range = { fromMs: T0, toMs: at(30), instansi: 'kota-p' }
    for (const interval of ['5m', '1h'] as const) {
      const { apis } = await uptime(stack.storage!, range, interval, [trafficSignal(range), probeSignal(range)])
      const row = (apiId: string) => apis.find((a) => a.api === apiId)
      expect(row(gw.a.apiId), interval).toMatchObject({ active_minutes: 20, down_minutes: 20, gateways: [gw.a.id] })
      expect(row(gw.b.apiId), interval).toMatchObject({ active_minutes: 30, down_minutes: 30, gateways: [gw.b.id] })
    }
    // the probes' uptime endpoint reads the same signals
    const data = await call('GET', `/v1/probes/uptime?instansi=kota-p&from=${iso(T0)}&to=${iso(at(30))}&interval=5m`)
    expect(data.apis.find((a: { api: string }) => a.api === gw.a.apiId)).toMatchObject({ active_minutes: 20, down_minutes: 20 })
  })

  it('holds the ProbeFailing alert of its APIs while it lasts; the alert carries the gateway', async () => {
    const probeAlerts = async () =>
      (await stack.alerts!.alerts({ instansi: 'kota-p' })).filter((a) => a.labels.alertname === 'ProbeFailing' && a.state === 'firing')

    const during = await stack.alerts!.evaluate(at(15))
    expect(during.errors).toEqual([])
    expect((await probeAlerts()).map((a) => a.labels)).toEqual([expect.objectContaining({ probe_id: gw.b.probeId, api_id: gw.b.apiId, gateway_id: gw.b.id })])

    await stack.alerts!.evaluate(at(25))
    const after = await probeAlerts()
    expect(after.map((a) => a.labels.probe_id).sort()).toEqual([gw.a.probeId, gw.b.probeId].sort())
    expect(after.find((a) => a.labels.probe_id === gw.a.probeId)!.labels).toMatchObject({ api_id: gw.a.apiId, gateway_id: gw.a.id })
  })

  it('holds the SLO burn alert of an API registered on it, as a window of the API does', async () => {
    // every request a 503 from minute 0 on, through gateway A: the SLO burns before the window
    const bad = Array.from({ length: 30 * 2 }, (_, i) => ({ ts: at(Math.floor(i / 2)) + 5000 + (i % 2) * 20_000, status: 503 }))
    await plant(stack, gw.a.token, '/layanan-a/v1', bad)
    await call('POST', '/v1/slos', { instansi: 'kota-p', api_id: gw.a.apiId, sli: 'availability', objective: 99.5 })
    const burning = async () =>
      (await stack.alerts!.alerts({ instansi: 'kota-p' })).filter((a) => a.labels.alertname === 'SloErrorBudgetBurn' && a.state === 'firing')

    await stack.alerts!.evaluate(at(9))
    expect((await burning()).length).toBeGreaterThan(0)
    // under the window the minutes before it still burn (1 h and 5 m), but the API's gateway is under maintenance
    const during = await stack.alerts!.evaluate(at(12))
    expect(during.errors).toEqual([])
    expect(await burning()).toEqual([])
    // after it, the outage goes on: it fires again
    await stack.alerts!.evaluate(at(25))
    expect((await burning()).length).toBeGreaterThan(0)
  })
})
