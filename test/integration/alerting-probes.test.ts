/**
 * Synthetic probes run by the collector against a local HTTPS server whose
 * certificate expires in 5 days: latency, status, TLS version and expiry are
 * recorded, the certificate-expiry alert fires, a failing probe alerts, probe
 * results count in uptime, operators only see their instansi's probes, and
 * Pantau's own metrics are exposed in the Prometheus format.
 */
import { createServer, type Server } from 'node:https'
import selfsigned from 'selfsigned'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTelemetry, type Telemetry } from '../../server/telemetry.js'
import { instansiWithApi, plant, waitFor } from '../support/alerting.js'
import type { TestStack } from '../support/stack.js'

const DAY = 86400e3
let stack: TestStack
let telemetry: Telemetry
let server: Server
let origin: string

async function httpsServer(): Promise<void> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'layanan.kominfo.go.id' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY),
    notAfterDate: new Date(Date.now() + 5 * DAY),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  })
  server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const down = req.url?.includes('/down')
    res.writeHead(down ? 503 : 200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ status: down ? 'down' : 'ok' }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `https://127.0.0.1:${(server.address() as { port: number }).port}`
}

beforeAll(async () => {
  // Meters must exist before the stack's instruments are created: start telemetry, then load the stack.
  telemetry = startTelemetry('pantau-test')
  const { startTestStack } = await import('../support/stack.js')
  await httpsServer()
  stack = await startTestStack({ PANTAU_ALERT_ENABLED: 'false', PANTAU_PROBE_TICK_MS: '100', PANTAU_PROBE_RELOAD_S: '0.2' })
}, 120_000)
afterAll(async () => {
  await stack?.stop()
  await new Promise((r) => server?.close(r))
  await telemetry?.shutdown()
})

const results = async (id: string, n = 1) =>
  waitFor(async () => {
    const r = await stack.call('GET', `/v1/probes/${id}/results`)
    return r.body.data?.length >= n ? (r.body.data as any[]) : undefined
  }, 10_000)

const alertsOf = async (name: string) => (await stack.alerts!.alerts()).filter((a) => a.labels.alertname === name)

describe('probes', () => {
  it('records status, latency, TLS version and certificate expiry; the expiry alert fires', async () => {
    await stack.gateway('kominfo')
    const probe = await stack.call('POST', '/v1/probes', {
      instansi: 'kominfo',
      name: 'Portal layanan',
      url: `${origin}/health`,
      body_contains: '"ok"',
      interval_s: 1,
      tls_verify: false,
    })
    expect(probe.status).toBe(201)
    const latest = (await results(probe.body.data.id))![0]
    expect(latest).toMatchObject({ ok: true, status: 200, error: '', tls_version: 'TLSv1.3', url: `${origin}/health` })
    expect(latest.latency_ms).toBeGreaterThan(0)
    expect(latest.cert_days_left).toBeGreaterThan(4.9)
    expect(latest.cert_days_left).toBeLessThan(5.1)
    expect(latest.cert_not_after).toMatch(/\+07:00$/)

    const summary = await stack.alerts!.evaluate()
    expect(summary.errors).toEqual([])
    const [expiry] = await alertsOf('CertificateExpiringSoon')
    expect(expiry).toMatchObject({ state: 'firing', instansi: 'kominfo', labels: { probe_id: probe.body.data.id, host: origin.slice(8), severity: 'warning' } })
    expect(expiry.value).toBeGreaterThan(4.9)
    expect(expiry.annotations.description).toMatch(/kedaluwarsa dalam 5,0 hari \(ambang 14 hari\), pada .* WIB\.$/)
  })

  it('a failing probe (unverifiable certificate, wrong status) alerts and counts as downtime', async () => {
    const { apiId } = await instansiWithApi(stack, 'kominfo', '/layanan/v1', { host: origin.slice(8) })
    const strict = await stack.call('POST', '/v1/probes', { instansi: 'kominfo', name: 'Portal ketat', url: `${origin}/health`, interval_s: 1 })
    const down = await stack.call('POST', '/v1/probes', {
      instansi: 'kominfo',
      api_id: apiId,
      name: 'Layanan turun',
      url: '/down',
      interval_s: 1,
      tls_verify: false,
    })
    expect(down.body.data.url).toBe(`${origin}/layanan/v1/down`)
    const s = (await results(strict.body.data.id, 2))![0]
    expect(s.ok).toBe(false)
    expect(s.error).toMatch(/^sertifikat TLS tidak valid: /)
    expect(s.cert_days_left).toBeGreaterThan(4.9)
    const d = (await results(down.body.data.id, 2))![0]
    expect(d).toMatchObject({ ok: false, status: 503, error: 'status 503, diharapkan 200' })

    await stack.alerts!.evaluate()
    const failing = await alertsOf('ProbeFailing')
    expect(failing.map((a) => a.labels.probe_id).sort()).toEqual([down.body.data.id, strict.body.data.id].sort())
    expect(failing.find((a) => a.labels.probe_id === down.body.data.id)!.labels.api_id).toBe(apiId)

    // uptime combines probes with traffic: healthy traffic, failed checks → down minutes
    const token = await stack.gateway('kominfo')
    await stack.collector!.registry.refresh()
    await plant(stack, token, '/layanan/v1', [{ ts: Date.now() - 60_000, status: 200 }])
    const uptime = await stack.call('GET', `/v1/probes/uptime?from=now-1h&api=${apiId}`)
    expect(uptime.status).toBe(200)
    const row = uptime.body.data.apis.find((a: any) => a.api === apiId)
    expect(row.down_minutes).toBeGreaterThanOrEqual(1)
    expect(row.requests).toBe(1)
    expect(row.uptime_pct).toBeLessThan(100)

    // disabling the probe resolves its alert
    await stack.call('PUT', `/v1/probes/${down.body.data.id}`, { ...down.body.data, enabled: false })
    await stack.alerts!.evaluate()
    expect((await alertsOf('ProbeFailing')).find((a) => a.labels.probe_id === down.body.data.id)!.state).toBe('resolved')
  })

  it('confines operators to the probes of their instansi', async () => {
    await stack.gateway('bssn')
    const other = await stack.call('POST', '/v1/probes', { instansi: 'bssn', name: 'Sandi', url: `${origin}/health`, interval_s: 3600, tls_verify: false })
    const op = (await stack.call('POST', '/v1/admin/tokens', { name: 'Operator Kominfo', role: 'operator', instansi: 'kominfo' })).body.data.token
    const list = await stack.call('GET', '/v1/probes', undefined, op)
    expect(list.status).toBe(200)
    expect(list.body.data.length).toBeGreaterThanOrEqual(3)
    expect(list.body.data.every((p: any) => p.instansi === 'kominfo')).toBe(true)
    expect((await stack.call('GET', '/v1/probes?instansi=bssn', undefined, op)).status).toBe(403)
    expect((await stack.call('GET', `/v1/probes/${other.body.data.id}`, undefined, op)).status).toBe(403)
    expect((await stack.call('GET', `/v1/probes/${other.body.data.id}/results`, undefined, op)).status).toBe(403)
    expect((await stack.call('POST', '/v1/probes', { instansi: 'bssn', name: 'Bukan milik', url: `${origin}/x` }, op)).status).toBe(403)
    expect((await stack.call('DELETE', `/v1/probes/${other.body.data.id}`, undefined, op)).status).toBe(403)
    // Operators probe only hosts their instansi registered (the collector requests from inside the network).
    const metadata = await stack.call('POST', '/v1/probes', { instansi: 'kominfo', name: 'Metadata', url: 'http://169.254.169.254/latest/meta-data/' }, op)
    expect(metadata.status).toBe(403)
    expect(metadata.body.field).toBe('body.url')
    await stack.call('POST', '/v1/registry/apis', { instansi: 'kominfo', name: 'Layanan Uji Lokal', base_path: '/uji/v1', host: new URL(origin).hostname })
    expect((await stack.call('POST', '/v1/probes', { instansi: 'kominfo', name: 'Milik sendiri', url: `${origin}/health`, interval_s: 3600 }, op)).status).toBe(
      201,
    )
    const alerts = await stack.call('GET', '/v1/alerts', undefined, op)
    expect(alerts.body.data.every((a: any) => a.instansi === 'kominfo')).toBe(true)
    expect((await stack.call('GET', '/v1/internal/probes', undefined, op)).status).toBe(403)
  })

  it('built-in rules: a gateway gone silent, brute force from one address', async () => {
    const { token, apiId } = await instansiWithApi(stack, 'jabarprov', '/pajak/v1')
    const now = Date.now()
    await plant(stack, token, '/pajak/v1', [
      { ts: now - 40 * 60_000, status: 200 },
      ...Array.from({ length: 25 }, (_, i) => ({ ts: now - 35 * 60_000 - i * 1000, status: 401, clientIp: '203.0.113.9' })),
    ])
    // the traffic is 35–40 minutes old: silent for ≥ 15 minutes now, brute force 35 minutes ago
    let summary = await stack.alerts!.evaluate(now)
    const silent = (await alertsOf('GatewaySilent')).find((a) => a.instansi === 'jabarprov')!
    expect(silent.state).toBe('firing')
    expect(silent.value).toBeGreaterThanOrEqual(34)
    expect(silent.annotations.summary).toMatch(/^Gateway jabarprov-.* tidak mengirim log$/)
    expect((await alertsOf('BruteForceDetected')).filter((a) => a.instansi === 'jabarprov')).toEqual([])
    // the injected clock: evaluated at the time of the attack, it is brute force and the gateway is not silent
    summary = await stack.alerts!.evaluate(now - 34 * 60_000)
    expect(summary.transitions.map((t) => `${t.alertname}:${t.to}`)).toEqual(expect.arrayContaining(['BruteForceDetected:firing', 'GatewaySilent:resolved']))
    const [bf] = (await alertsOf('BruteForceDetected')).filter((a) => a.instansi === 'jabarprov')
    expect(bf.labels.client_address).toBe('203.0.113.9')
    expect(bf.value).toBe(25)
    expect(apiId).toBe('jabarprov.layanan-jabarprov.v1')
  })

  it('exposes its own health in the Prometheus format', async () => {
    const text = await telemetry.scrape()
    for (const name of [
      'pantau_ingest_accepted_total',
      'pantau_spool_unconsumed_bytes',
      'pantau_drain_consecutive_failures',
      'pantau_alerts_evaluations_total',
      'pantau_alerts_evaluation_duration',
      'pantau_alerts_active',
      'pantau_probes_checks_total',
    ])
      expect(text, name).toContain(name)
    expect(text).toMatch(/pantau_probes_checks_total\{outcome="fail"[^}]*\} [1-9]/)
  })
})
