/** Burn-rate math, lifecycle, silence matchers, message texts and the links of alerts, without a database. */
import { describe, expect, it } from 'vitest'
import { cleanLabels, fingerprint, Lifecycle } from '../../shared/alerting/lifecycle.js'
import { alertLinks } from '../../shared/alerting/links.js'
import { annotate, plainText, telegramHtml } from '../../shared/alerting/messages.js'
import { budgetRemaining, BURN_RATE_PAIRS, burnRate, evaluatePairs } from '../../shared/alerting/rules.js'
import { matchesAll, silencedBy, type SilenceRow } from '../../shared/alerting/silences.js'

describe('burn rates', () => {
  it('uses the SRE workbook pairs', () => {
    expect(BURN_RATE_PAIRS.map((p) => `${p.long}&${p.short}@${p.factor}`)).toEqual(['1h&5m@14.4', '6h&30m@6', '1d&2h@3', '3d&6h@1'])
  })

  it('fires a pair only when both windows burn fast enough', () => {
    // SLO 99.9 %: budget 0.1 %; 2 % errors = 20× burn
    const hot = { requests: 1000, bad: 20 }
    const cold = { requests: 1000, bad: 0 }
    expect(burnRate(hot, 99.9)).toBeCloseTo(20)
    const both = evaluatePairs({ '1h': hot, '5m': hot, '6h': cold, '30m': hot }, 99.9)
    expect(both.filter((p) => p.firing).map((p) => p.long)).toEqual(['1h'])
    const recovered = evaluatePairs({ '1h': hot, '5m': cold }, 99.9)
    expect(recovered.some((p) => p.firing)).toBe(false)
    expect(budgetRemaining({ requests: 10_000, bad: 5 }, 99.9)).toBeCloseTo(0.5)
    expect(budgetRemaining(undefined, 99.9)).toBeNull()
  })
})

describe('lifecycle', () => {
  const lc = () => new Lifecycle({} as never)
  const obs = (api: string, value = 1) => ({ labels: { alertname: 'X', instansi: 'a', api_id: api, empty: '' }, annotations: {}, value })

  it('fingerprints sorted non-empty labels', () => {
    expect(fingerprint(cleanLabels({ b: '2', a: '1', c: '' }))).toBe(fingerprint({ a: '1', b: '2' }))
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: '2' }))
  })

  it('goes pending → firing after `for`, resolves, and drops pending alerts that recover', () => {
    const l = lc()
    expect(l.apply('r', 60_000, [obs('x'), obs('y')], 0).map((t) => `${t.from}>${t.to}`)).toEqual(['inactive>pending', 'inactive>pending'])
    expect(l.apply('r', 60_000, [obs('x')], 30_000).map((t) => `${t.alert.labels.api_id}:${t.from}>${t.to}`)).toEqual(['y:pending>inactive'])
    expect(l.apply('r', 60_000, [obs('x')], 60_000).map((t) => `${t.from}>${t.to}`)).toEqual(['pending>firing'])
    expect(l.apply('r', 60_000, [obs('x', 2)], 90_000)).toEqual([])
    const [resolved] = l.apply('r', 60_000, [], 120_000)
    expect(resolved).toMatchObject({ from: 'firing', to: 'resolved', alert: { firedAt: 60_000, resolvedAt: 120_000, value: 2 } })
    expect(l.apply('r', 0, [obs('x')], 130_000).map((t) => `${t.from}>${t.to}`)).toEqual(['resolved>pending', 'pending>firing'])
  })
})

describe('silences', () => {
  const labels = { alertname: 'SloErrorBudgetBurn', instansi: 'kemenkes', severity: 'critical', api_id: 'kemenkes.vaksin.v1' }
  it('matches equality, negation and anchored regexes', () => {
    expect(matchesAll([{ name: 'severity', value: 'critical', isRegex: false, isEqual: true }], labels)).toBe(true)
    expect(matchesAll([{ name: 'severity', value: 'critical', isRegex: false, isEqual: false }], labels)).toBe(false)
    expect(matchesAll([{ name: 'api_id', value: 'kemenkes\\..*', isRegex: true, isEqual: true }], labels)).toBe(true)
    expect(matchesAll([{ name: 'api_id', value: 'vaksin', isRegex: true, isEqual: true }], labels)).toBe(false)
    expect(matchesAll([{ name: 'missing', value: '', isRegex: false, isEqual: true }], labels)).toBe(true)
  })

  it('an instansi silence never mutes another instansi', () => {
    const s = { id: 's1', instansi: 'kemendagri', matchers: [{ name: 'severity', value: 'critical', isRegex: false, isEqual: true }] } as SilenceRow
    expect(silencedBy([s], labels)).toEqual([])
    expect(silencedBy([{ ...s, instansi: '' }], labels)).toEqual(['s1'])
  })
})

describe('messages', () => {
  it('writes Indonesian texts with WIB times and escapes Telegram HTML', () => {
    const a = annotate({ alertname: 'ApiErrorRateHigh', api_id: 'x<y>', threshold: '0.05', window: '5m', severity: 'warning' }, 0.125)
    expect(a.summary).toBe('Tingkat galat 5xx API x<y> tinggi')
    expect(a.description).toBe('Porsi respons 5xx 12,50 % selama 5m terakhir melampaui ambang 5,00 %.')
    const n = {
      receiver: 'r',
      groupKey: 'g',
      status: 'firing' as const,
      groupLabels: {},
      externalUrl: 'https://pantau.example.go.id',
      alerts: [
        {
          fingerprint: 'f',
          status: 'firing' as const,
          labels: { alertname: 'ApiErrorRateHigh', instansi: 'kemenkes', severity: 'warning' },
          annotations: a,
          startsAt: Date.UTC(2026, 10, 27, 9, 5),
          endsAt: null,
          links: alertLinks({ labels: { alertname: 'ApiErrorRateHigh', instansi: 'kemenkes' }, activeAt: Date.UTC(2026, 10, 27, 9, 5), resolvedAt: null }),
        },
      ],
    }
    expect(plainText(n)).toContain('Mulai: 27 Nov 2026, 16.05 WIB')
    expect(plainText(n)).toContain('Tingkat: PERINGATAN')
    expect(plainText(n)).toContain(
      'Permintaan penyebab: https://pantau.example.go.id/#/jelajah?start=2026-11-27T08%3A49%3A00Z&instansi=kemenkes&status_class=5xx',
    )
    expect(plainText(n)).toContain('Bungkam peringatan ini: https://pantau.example.go.id/#/sla?silence=1&m.alertname=ApiErrorRateHigh&m.instansi=kemenkes')
    expect(telegramHtml(n)).toMatch(/^<b>\[Pantau AKTIF:1\] Tingkat galat 5xx API x&lt;y&gt; tinggi<\/b>/)
  })
})

describe('links of alerts', () => {
  const activeAt = Date.parse('2026-11-27T09:05:30Z')
  const query = (hash: string) => Object.fromEntries(new URLSearchParams(hash.slice(hash.indexOf('?') + 1)))

  it("open Jelajah on the alert's scope, the rule's condition and window", () => {
    const labels = { alertname: 'ApiLatencyP95High', rule_id: 'r1', severity: 'warning', instansi: 'bps', api_id: 'bps.sensus.v1' }
    const firing = alertLinks({ labels, activeAt, resolvedAt: null, hint: { min_latency_ms: 800, windowMs: 10 * 60e3 } })
    expect(firing.explore.startsWith('#/jelajah?')).toBe(true)
    expect(query(firing.explore)).toEqual({ start: '2026-11-27T08:54:30Z', instansi: 'bps', api: 'bps.sensus.v1', min_latency_ms: '800' })
    const resolved = alertLinks({ labels, activeAt, resolvedAt: activeAt + 120e3, hint: { status_class: '5xx' } })
    expect(query(resolved.explore)).toMatchObject({ start: '2026-11-27T08:49:30Z', end: '2026-11-27T09:08:30Z', status_class: '5xx' })
  })

  it('read the condition from the labels of an alert restored without its hint', () => {
    const brute = alertLinks({ labels: { alertname: 'BruteForceDetected', instansi: 'bps', client_address: '203.0.113.9' }, activeAt, resolvedAt: null })
    expect(query(brute.explore)).toMatchObject({ client_address: '203.0.113.9', status_class: '4xx' })
    const slo = alertLinks({ labels: { alertname: 'SloErrorBudgetBurn', sli: 'availability', gateway_id: 'gw-1' }, activeAt, resolvedAt: null })
    expect(query(slo.explore)).toMatchObject({ gateway: 'gw-1', status_class: '5xx' })
  })

  it('prefill the silence form with every label', () => {
    const { silence } = alertLinks({ labels: { severity: 'critical', alertname: 'GatewaySilent', gateway_id: 'gw 1&2' }, activeAt, resolvedAt: null })
    expect(silence.startsWith('#/sla?')).toBe(true)
    expect(query(silence)).toEqual({ silence: '1', 'm.alertname': 'GatewaySilent', 'm.gateway_id': 'gw 1&2', 'm.severity': 'critical' })
  })
})
