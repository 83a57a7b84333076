/**
 * Every dictionary key the web UI and the chart specs use exists in both
 * languages, and the ui group has the same keys in Indonesian and English.
 * Keys are found as string literals ('ui.…', or the first argument of tr/t/
 * label); keys built at run time are listed with every value they can take.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { allKeys, hasKey, LANGS } from '../../shared/i18n/index.js'
import { ui } from '../../shared/i18n/messages/ui.js'
import { LEVELS } from '../../shared/charts/compliance.js'
import { PERIOD_LABELS } from '../../dashboards/ui/state.js'

const DIRS = ['dashboards/ui', 'shared/charts']
const OWN_SPECS = ['base', 'compliance', 'events', 'growth', 'integration-matrix', 'latency', 'security', 'slo', 'status-codes', 'traffic', 'uptime']

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f)
    if (statSync(path).isDirectory()) return sources(path)
    const own = !dir.endsWith('charts') || OWN_SPECS.includes(f.replace(/\.ts$/, ''))
    return f.endsWith('.ts') && own ? [path] : []
  })
}

function literalKeys(): Set<string> {
  const keys = new Set<string>()
  for (const file of DIRS.flatMap(sources)) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/'(ui\.[A-Za-z0-9_.]+)'/g)) keys.add(m[1])
    for (const m of text.matchAll(/\b(?:tr|t|label)\(\s*'([a-z][A-Za-z0-9_.]*)'/g)) keys.add(m[1])
  }
  return keys
}

/** Keys the UI builds from data: every value the template can take. */
const DYNAMIC = [
  ...['id', 'en'].map((l) => `ui.lang.switch_to_${l}`),
  ...['latency_ms', 'backend_ms', 'gateway_ms'].map((s) => `ui.chart.latency.${s}`),
  ...['brute_force', 'path_scan'].map((k) => `ui.finding.${k}`),
  ...['linked', 'spl_not_linked', 'no_spl'].map((s) => `ui.splp.${s}`),
  ...['pending', 'firing', 'resolved'].map((s) => `ui.alert.${s}`),
  ...['pending', 'active', 'expired'].map((s) => `ui.silence.${s}`),
  ...['i7', 'i18'].map((i) => `ui.indicator.${i}`),
  ...Object.values(PERIOD_LABELS),
  ...['kementerian', 'lembaga', 'provinsi', 'kabupaten', 'kota'].map((k) => `kind.${k}`),
  ...['created', 'published', 'deprecated', 'retired'].map((l) => `lifecycle.${l}`),
  ...LEVELS.map((l) => `level.${l}`),
  ...['versioned_url', 'https', 'authentication', 'openapi_registered', 'structured_logs', 'tls13', 'sla_met', 'deprecation_notice', 'published_via_spl'].map(
    (c) => `check.${c}`,
  ),
  ...['availability', 'latency'].map((s) => `alerts.sli.${s}`),
  ...['critical', 'warning', 'info'].map((s) => `alerts.severity.${s}`),
]

describe('the UI dictionary', () => {
  it('finds the keys the UI uses', () => {
    expect(literalKeys().size).toBeGreaterThan(150)
  })

  it('has every key the UI uses, in Indonesian and in English', () => {
    const missing = [...literalKeys(), ...DYNAMIC].flatMap((k) => LANGS.filter((l) => !hasKey(k, l)).map((l) => `${l}:${k}`))
    expect(missing).toEqual([])
  })

  it('has the same ui keys in both languages, none empty', () => {
    expect(Object.keys(ui.en).sort()).toEqual(Object.keys(ui.id).sort())
    for (const lang of LANGS) for (const k of allKeys(lang).filter((x) => x.startsWith('ui.'))) expect(ui[lang][k], `${lang}:${k}`).not.toBe('')
  })

  it('uses the same placeholders in both languages', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const k of Object.keys(ui.id)) expect(params(ui.en[k]), k).toEqual(params(ui.id[k]))
  })

  it('has no ui key unused by the UI', () => {
    const used = new Set([...literalKeys(), ...DYNAMIC])
    expect(Object.keys(ui.id).filter((k) => !used.has(k))).toEqual([])
  })
})
