/**
 * Threshold rules and the Alertmanager receiver, on the evaluation timer:
 * a real Prometheus Alertmanager (Debian's prometheus-alertmanager) receives
 * and lists a firing alert and drops it once Pantau resolves it; a p95
 * latency rule goes pending → firing (after its `for`) → resolved; rules,
 * receivers and alerts are confined to an operator's instansi.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { instansiWithApi, perMinute, plant, startAlertmanager, waitFor } from '../support/alerting.js'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack
let am: Awaited<ReturnType<typeof startAlertmanager>>

beforeAll(async () => {
  am = await startAlertmanager()
  stack = await startTestStack({ PANTAU_ALERT_INTERVAL_S: '1', PANTAU_ALERT_GROUP_WAIT_S: '0', PANTAU_ALERT_RESEND_S: '2', PANTAU_ALERT_RETRY_BASE_S: '0.2' })
}, 120_000)
afterAll(async () => {
  await stack?.stop()
  await am?.stop()
})

const live = async (instansi: string, alertname: string) =>
  ((await stack.call('GET', `/v1/alerts?instansi=${instansi}`)).body.data as any[]).find((a) => a.labels.alertname === alertname)

describe('alert rules and Alertmanager', () => {
  it('a real Alertmanager receives, lists and then resolves the alert', async () => {
    const { token, apiId } = await instansiWithApi(stack, 'bssn', '/sandi/v1')
    const rule = await stack.call('POST', '/v1/alerts/rules', {
      instansi: 'bssn',
      name: 'Galat 5xx tinggi',
      kind: 'error_rate',
      threshold: 0.2,
      window_min: 5,
      severity: 'critical',
    })
    expect(rule.status).toBe(201)
    const receiver = await stack.call('POST', '/v1/alerts/receivers', { name: 'Alertmanager pusat', kind: 'alertmanager', url: am.url })
    expect(receiver.status).toBe(201)

    await plant(stack, token, '/sandi/v1', [...perMinute(Date.now(), 3, 500), ...perMinute(Date.now(), 3, 200)])
    const listed = await waitFor(
      async () => {
        const alerts = (await (await fetch(`${am.url}/api/v2/alerts?filter=instansi%3D%22bssn%22`)).json()) as any[]
        return alerts.find((a) => a.labels.alertname === 'ApiErrorRateHigh')
      },
      15_000,
      () => am.output(),
    )
    expect(listed.labels).toMatchObject({ instansi: 'bssn', api_id: apiId, severity: 'critical', rule_id: rule.body.data.id })
    expect(listed.status.state).toBe('active')
    expect(listed.annotations.summary).toBe(`Tingkat galat 5xx API ${apiId} tinggi`)
    expect(listed.annotations.description).toContain('50,00 %')
    expect(listed.generatorURL).toMatch(new RegExp(`/#/jelajah\\?start=.*&instansi=bssn&api=${apiId.replaceAll('.', '\\.')}&status_class=5xx$`))
    expect(Date.parse(listed.endsAt)).toBeGreaterThan(Date.now())
    const groups = (await (await fetch(`${am.url}/api/v2/alerts/groups`)).json()) as any[]
    expect(groups.some((g) => g.alerts.some((a: any) => a.fingerprint === listed.fingerprint))).toBe(true)

    // recovery: healthy traffic dilutes the 5xx share below 20 %; Pantau posts endsAt and Alertmanager drops the alert
    const now = Date.now()
    await plant(
      stack,
      token,
      '/sandi/v1',
      Array.from({ length: 100 }, (_, i) => ({ ts: now - i * 1000, status: 200 })),
    )
    await waitFor(async () => {
      const alerts = (await (await fetch(`${am.url}/api/v2/alerts?filter=instansi%3D%22bssn%22`)).json()) as any[]
      return !alerts.some((a) => a.labels.alertname === 'ApiErrorRateHigh')
    }, 15_000)
    expect((await live('bssn', 'ApiErrorRateHigh')).state).toBe('resolved')
    const sent = await stack.storage!.query<{ status: string; reason: string }>(
      "SELECT status, reason FROM alert_notifications WHERE receiver_kind = 'alertmanager' AND ok = 1 ORDER BY ts",
    )
    expect(sent[0]).toMatchObject({ status: 'firing', reason: 'change' })
    expect(sent.at(-1)).toMatchObject({ status: 'resolved', reason: 'change' })
  })

  it('a p95 latency rule goes pending, fires after its `for`, and resolves', async () => {
    const { token, apiId } = await instansiWithApi(stack, 'bpjs', '/klaim/v1')
    const rule = await stack.call('POST', '/v1/alerts/rules', {
      instansi: 'bpjs',
      name: 'Latensi p95',
      kind: 'latency_p95',
      api_id: apiId,
      threshold: 800,
      window_min: 5,
      for_s: 3,
    })
    expect(rule.status).toBe(201)
    await plant(
      stack,
      token,
      '/klaim/v1',
      Array.from({ length: 40 }, (_, i) => ({ ts: Date.now() - i * 5000, status: 200, duration: 1500 + i })),
    )
    const pending = await waitFor(() => live('bpjs', 'ApiLatencyP95High'), 10_000)
    expect(pending.state).toBe('pending')
    expect(pending.value).toBeGreaterThan(1500)
    const firing = await waitFor(
      async () => ((await live('bpjs', 'ApiLatencyP95High'))?.state === 'firing' ? live('bpjs', 'ApiLatencyP95High') : undefined),
      15_000,
    )
    expect(Date.parse(firing.fired_at) - Date.parse(firing.active_at)).toBeGreaterThanOrEqual(3000)
    expect(firing.annotations.description).toMatch(/^Latensi p95 1\.5\d\d ms selama 5m terakhir melampaui ambang 800 ms\.$/)
    expect(firing.fired_at).toMatch(/\+07:00$/)

    const now = Date.now()
    await plant(
      stack,
      token,
      '/klaim/v1',
      Array.from({ length: 1000 }, (_, i) => ({ ts: now - i * 200, status: 200, duration: 40 })),
    )
    await waitFor(async () => (await live('bpjs', 'ApiLatencyP95High')).state === 'resolved', 15_000)
    const states = async () =>
      ((await stack.call('GET', `/v1/alerts/history?instansi=bpjs&rule_id=${rule.body.data.id}`)).body.data as any[]).map((h) => h.to_state).reverse()
    await waitFor(async () => (await states()).length === 3, 5000)
    expect(await states()).toEqual(['pending', 'firing', 'resolved'])

    // a latency SLO on the same traffic: 40 of 1040 requests slower than 800 ms (estimated from the rollup sketches)
    const slo = await stack.call('POST', '/v1/slos', { instansi: 'bpjs', api_id: apiId, sli: 'latency', latency_ms: 800, window_days: 28 })
    expect(slo.body.data).toMatchObject({ objective: 95, latency_ms: 800, window_days: 28, id: `${apiId}.latency` })
    const [status] = (await stack.call('GET', '/v1/slos/status?instansi=bpjs')).body.data
    expect(status.requests).toBe(1040)
    expect(status.sli_pct).toBeGreaterThan(95)
    expect(status.sli_pct).toBeLessThan(98)
    expect(status.error_budget_remaining).toBeGreaterThan(0)
    expect(Object.keys(status.burn_rate)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '28d'])
    expect(status.alerts.every((p: any) => !p.firing)).toBe(true)
  })

  it('confines operators to their instansi on alerts, rules and receivers', async () => {
    const op = (await stack.call('POST', '/v1/admin/tokens', { name: 'Operator BPJS', role: 'operator', instansi: 'bpjs' })).body.data.token
    const sre = (await stack.call('POST', '/v1/admin/tokens', { name: 'SRE piket', role: 'sre' })).body.data.token
    const alerts = await stack.call('GET', '/v1/alerts', undefined, op)
    expect(alerts.status).toBe(200)
    expect(new Set(alerts.body.data.map((a: any) => a.instansi))).toEqual(new Set(['bpjs']))
    expect((await stack.call('GET', '/v1/alerts?instansi=bssn', undefined, op)).status).toBe(403)
    expect((await stack.call('GET', '/v1/alerts/history?instansi=bssn', undefined, op)).status).toBe(403)
    const history = await stack.call('GET', '/v1/alerts/history', undefined, op)
    expect(history.body.data.length).toBeGreaterThan(0)
    expect(history.body.data.every((h: any) => h.instansi === 'bpjs')).toBe(true)
    // operators write rules and receivers of their own instansi only; global ones are for admin and sre
    const own = { instansi: 'bpjs', name: 'Galat BPJS', kind: 'error_rate', threshold: 0.1 }
    expect((await stack.call('POST', '/v1/alerts/rules', own, op)).status).toBe(201)
    expect((await stack.call('POST', '/v1/alerts/rules', { ...own, instansi: 'bssn' }, op)).status).toBe(403)
    expect((await stack.call('POST', '/v1/alerts/rules', { ...own, instansi: '' }, op)).status).toBe(403)
    expect((await stack.call('POST', '/v1/alerts/rules', { ...own, instansi: '', name: 'Galat global' }, sre)).status).toBe(201)
    expect((await stack.call('GET', '/v1/alerts/rules/builtin-cert-expiry', undefined, op)).status).toBe(403)
    const rules = await stack.call('GET', '/v1/alerts/rules', undefined, op)
    expect(rules.body.data.every((r: any) => r.instansi === 'bpjs')).toBe(true)
    const receivers = await stack.call('GET', '/v1/alerts/receivers', undefined, sre)
    expect(receivers.body.data.find((r: any) => r.kind === 'alertmanager')).not.toHaveProperty('secret')
    expect((await stack.call('GET', '/v1/alerts/receivers', undefined, op)).body.data).toEqual([])
    expect((await stack.call('POST', '/v1/alerts/evaluate', undefined, op)).status).toBe(403)
    const evaluated = await stack.call('POST', '/v1/alerts/evaluate', undefined, sre)
    expect(evaluated.status).toBe(200)
    expect(evaluated.body.data.errors).toEqual([])
    expect(evaluated.body.data.rules).toBeGreaterThanOrEqual(6)
  })
})
