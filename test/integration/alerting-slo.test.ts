/**
 * SLO burn-rate alerting end to end, on the evaluation timer (2 s):
 * a planted outage fires the right multi-window burn-rate alert within one
 * interval and resolves after recovery, with exactly one notification per
 * state change per receiver (signed webhook, Telegram, email, and a flaky
 * webhook that is retried with backoff without delaying the others);
 * a silence mutes notifications and expires on time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifySignature } from '../../shared/alerting/receivers/webhook.js'
import {
  countEvaluations,
  type HttpSink,
  instansiWithApi,
  perMinute,
  plant,
  type SmtpSink,
  startHttpSink,
  startSmtpSink,
  waitFor,
} from '../support/alerting.js'
import { startTestStack, type TestStack } from '../support/stack.js'

const INTERVAL_MS = 2000
const SECRET = 'rahasia-hmac-uji'
let stack: TestStack
let webhook: HttpSink, flaky: HttpSink, telegram: HttpSink, smtp: SmtpSink
/** Evaluation cycles of the stack's alert engine: "n more intervals" as a condition, not a sleep. */
let evaluations: ReturnType<typeof countEvaluations>

/** Three days at one request per minute, the last six minutes all 5xx (SLO 99.5 %: 1 h burn 20×, 5 m burn 200×; 6 h burn 3.3× < 6×). */
function outage(end: number) {
  return [...perMinute(end, 3 * 1440, 200, 6), ...perMinute(end, 6, 503)]
}

const firingOf = (s: HttpSink, status: string) =>
  s.delivered().filter((r) => r.body.status === status && r.body.alerts.some((a: any) => a.labels.alertname === 'SloErrorBudgetBurn'))

beforeAll(async () => {
  ;[webhook, flaky, telegram, smtp] = await Promise.all([startHttpSink(), startHttpSink([500, 500]), startHttpSink(), startSmtpSink()])
  stack = await startTestStack({
    PANTAU_ALERT_INTERVAL_S: String(INTERVAL_MS / 1000),
    PANTAU_ALERT_GROUP_WAIT_S: '0',
    PANTAU_ALERT_GROUP_INTERVAL_S: '0',
    PANTAU_ALERT_RETRY_BASE_S: '0.5',
    PANTAU_ALERT_RETRIES: '4',
  })
  evaluations = countEvaluations(stack.alerts!)
}, 120_000)
afterAll(async () => {
  evaluations?.restore()
  await stack?.stop()
  await Promise.all([webhook, flaky, telegram, smtp].map((s) => s?.close()))
})

describe('SLO burn-rate alerts', () => {
  it('fire within one evaluation interval, resolve after recovery, one notification per state change per receiver', async () => {
    const { token, apiId } = await instansiWithApi(stack, 'kemenkes', '/vaksin/v1')
    const slo = await stack.call('POST', '/v1/slos', { instansi: 'kemenkes', api_id: apiId, sli: 'availability', objective: 99.5 })
    expect(slo.status).toBe(201)
    const receivers = [
      { name: 'Webhook SRE', kind: 'webhook', url: `${webhook.url}/hook`, secret: SECRET },
      { name: 'Webhook lambat', kind: 'webhook', url: `${flaky.url}/hook` },
      { name: 'Telegram SRE', kind: 'telegram', url: telegram.url, secret: '123456:ABC-token', settings: { chat_id: '-1001234' } },
      { name: 'Email SRE', kind: 'email', url: smtp.url, settings: { to: ['sre@kemenkes.go.id'], from: 'pantau@kemenkes.go.id' } },
    ]
    for (const r of receivers) expect((await stack.call('POST', '/v1/alerts/receivers', { instansi: 'kemenkes', ...r })).status).toBe(201)

    await plant(stack, token, '/vaksin/v1', outage(Date.now()))
    const planted = Date.now()
    const fired = await waitFor(() => firingOf(webhook, 'firing')[0], 15_000)
    // the first evaluation that started after the data was stored fired it: within one interval (fixed rate)
    const [firing] = (await stack.call('GET', '/v1/alerts?instansi=kemenkes&state=firing')).body.data
    expect(Date.parse(firing.fired_at) - planted, 'fired within one evaluation interval').toBeLessThanOrEqual(INTERVAL_MS + 250)
    expect(fired.at).toBeGreaterThanOrEqual(Date.parse(firing.fired_at))

    const alert = fired.body.alerts[0]
    expect(alert.labels).toMatchObject({
      alertname: 'SloErrorBudgetBurn',
      severity: 'critical',
      instansi: 'kemenkes',
      api_id: apiId,
      slo: `${apiId}.availability`,
    })
    expect(alert.annotations.description).toContain('1h/5m ≥ 14.4×')
    expect(alert.annotations.description).not.toContain('6h/30m')
    expect(alert.annotations.summary).toMatch(/Anggaran galat SLO .* terkuras cepat/)
    // the signature is HMAC-SHA256 over "<timestamp>.<raw body>"
    const ts = String(fired.headers['x-pantau-timestamp'])
    expect(verifySignature(SECRET, ts, fired.raw, String(fired.headers['x-pantau-signature']))).toBe(true)
    expect(verifySignature('wrong-secret', ts, fired.raw, String(fired.headers['x-pantau-signature']))).toBe(false)
    expect(verifySignature(SECRET, ts, fired.raw.replace('firing', 'FIRING'), String(fired.headers['x-pantau-signature']))).toBe(false)

    // the ticket pairs (1d/2h at 3×, 3d/6h at 1×) stay quiet; the status API shows the burn
    const live = await stack.call('GET', '/v1/alerts?instansi=kemenkes&state=firing')
    expect(live.body.data.map((a: any) => a.labels.severity)).toEqual(['critical'])
    const status = await stack.call('GET', `/v1/slos/${apiId}.availability/status`)
    expect(status.body.data.burn_rate['5m']).toBeGreaterThan(14.4)
    expect(status.body.data.burn_rate['6h']).toBeLessThan(6)
    expect(status.body.data.error_budget_remaining).toBeLessThan(1)

    // Telegram and email got it too, in Indonesian with WIB times
    const tg = await waitFor(() => telegram.delivered()[0])
    expect(tg.path).toBe('/bot123456:ABC-token/sendMessage')
    expect(tg.body).toMatchObject({ chat_id: '-1001234', parse_mode: 'HTML', disable_web_page_preview: true })
    expect(tg.body.text).toMatch(/^<b>\[Pantau AKTIF:1\] Anggaran galat SLO/)
    expect(tg.body.text).toMatch(/Mulai: .* WIB/)
    const mail = await waitFor(() => smtp.messages[0])
    expect(mail.to).toEqual(['sre@kemenkes.go.id'])
    expect(mail.subject).toMatch(/^\[Pantau AKTIF:1\]/)

    // the flaky receiver: two 500s, retried after 0.5 s and 1 s, then delivered — the others never waited
    const flakyOk = await waitFor(() => firingOf(flaky, 'firing')[0], 10_000)
    const attempts = flaky.requests.filter((r) => r.raw === flakyOk.raw)
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 200])
    const gaps = attempts.slice(1).map((r, i) => r.at - attempts[i].at)
    expect(gaps[0]).toBeGreaterThanOrEqual(450)
    expect(gaps[1]).toBeGreaterThanOrEqual(900)
    expect(fired.at).toBeLessThan(attempts[0].at + 300)
    expect(tg.at).toBeLessThan(flakyOk.at - 1000)

    // recovery: the last minutes carry healthy traffic — the short window clears and the alert resolves
    const now = Date.now()
    await plant(
      stack,
      token,
      '/vaksin/v1',
      Array.from({ length: 120 }, (_, i) => ({ ts: now - i * 1500, status: 200 })),
    )
    const resolved = await waitFor(() => firingOf(webhook, 'resolved')[0], 10_000)
    expect(resolved.body.alerts[0]).toMatchObject({ status: 'resolved', fingerprint: alert.fingerprint })
    expect(resolved.body.alerts[0].endsAt).not.toBe('0001-01-01T00:00:00Z')
    await waitFor(() => firingOf(flaky, 'resolved')[0] && telegram.delivered().length >= 2 && smtp.messages.length >= 2)

    // a few more intervals: nothing is repeated (three more evaluation cycles ran, their deliveries done)
    await evaluations.cycles(3)
    for (const [name, sink] of [
      ['webhook', webhook],
      ['flaky', flaky],
      ['telegram', telegram],
    ] as const)
      expect(
        sink.delivered().map((r) => r.body.status ?? (r.body.text.includes('PULIH') ? 'resolved' : 'firing')),
        name,
      ).toEqual(['firing', 'resolved'])
    expect(smtp.messages.map((m) => m.subject.slice(0, 15))).toEqual(['[Pantau AKTIF:1', '[Pantau PULIH:1'])

    // history in ClickHouse: pending → firing → resolved
    const history = await stack.call('GET', `/v1/alerts/history?fingerprint=${alert.fingerprint}`)
    expect(history.body.data.map((h: any) => `${h.from_state}>${h.to_state}`).reverse()).toEqual(['inactive>pending', 'pending>firing', 'firing>resolved'])
    const log = await stack.storage!.query<{ receiver_kind: string; status: string; attempts: number; ok: number }>(
      "SELECT receiver_kind, status, attempts, ok FROM alert_notifications WHERE instansi = 'kemenkes' ORDER BY receiver_id, ts",
    )
    expect(log.filter((l) => l.ok === 1)).toHaveLength(8)
    expect(log.find((l) => l.attempts === 3)).toMatchObject({ receiver_kind: 'webhook', status: 'firing', ok: 1 })
  })

  it('a silence mutes notifications and expires on time', async () => {
    const sink = await startHttpSink()
    try {
      const { token, apiId } = await instansiWithApi(stack, 'kemendagri', '/dukcapil/v1')
      await stack.call('POST', '/v1/slos', { instansi: 'kemendagri', api_id: apiId, sli: 'availability', objective: 99.5 })
      await stack.call('POST', '/v1/alerts/receivers', { instansi: 'kemendagri', name: 'Webhook Dukcapil', kind: 'webhook', url: sink.url })
      const input = {
        instansi: 'kemendagri',
        matchers: [
          { name: 'alertname', value: 'SloErrorBudgetBurn' },
          { name: 'api_id', value: 'kemendagri\\..*', isRegex: true },
        ],
        ends_at: new Date(Date.now() + 3_600_000).toISOString(),
        comment: 'Pemeliharaan terjadwal basis data',
      }
      const silence = await stack.call('POST', '/v1/silences', input)
      expect(silence.status).toBe(201)
      expect(silence.body.data).toMatchObject({ status: 'active', created_by: 'admin' })

      await plant(stack, token, '/dukcapil/v1', outage(Date.now()))
      const firing = await waitFor(async () => (await stack.call('GET', '/v1/alerts?instansi=kemendagri&state=firing')).body.data[0], 15_000)
      expect(firing.silenced_by).toEqual([silence.body.data.id])
      // two more evaluation cycles ran with the alert firing, their deliveries (none) done
      await evaluations.cycles(2)
      expect(sink.requests, 'muted while the silence is active').toHaveLength(0)

      // the maintenance ends sooner: the silence now expires in 3 s, and notifications resume right after
      const endsAt = Date.now() + 3000
      const shortened = await stack.call('PUT', `/v1/silences/${silence.body.data.id}`, { ...input, ends_at: new Date(endsAt).toISOString() })
      expect(shortened.status).toBe(200)
      const first = await waitFor(() => sink.requests[0], 15_000)
      expect(first.at).toBeGreaterThanOrEqual(endsAt)
      expect(first.at - endsAt, 'within one evaluation interval (+ evaluation time) of the expiry').toBeLessThan(INTERVAL_MS + 2500)
      expect(first.body.alerts[0].labels.instansi).toBe('kemendagri')
      const listed = await stack.call('GET', `/v1/silences/${silence.body.data.id}`)
      expect(listed.body.data.status).toBe('expired')
      await evaluations.cycles(2)
      expect(sink.requests).toHaveLength(1)
    } finally {
      await sink.close()
    }
  })
})
