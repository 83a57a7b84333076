/**
 * Reports without a database: WIB periods, the cumulative level rule, the
 * Indikator 7 and 18 criteria over hand-made evidence, canonical JSON, the
 * integration-graph layout, and that rendering is deterministic.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { reports } from '../../shared/i18n/messages/reports.js'
import { layoutIntegrationGraph, type GraphNode } from '../../shared/charts/integration-graph.js'
import { canonicalJson } from '../../reports/canonical.js'
import { I7_CRITERIA } from '../../reports/indikator7/criteria.js'
import type { I7Evidence, I7Policy } from '../../reports/indikator7/evidence.js'
import { I18_CRITERIA } from '../../reports/indikator18/criteria.js'
import type { I18Evidence } from '../../reports/indikator18/evidence.js'
import { parsePeriod, previousMonth, previousYear } from '../../reports/period.js'
import { renderReport } from '../../reports/render/report.js'
import { ReportScheduler, ScheduleConfig } from '../../reports/schedule.js'
import type { ReportServices } from '../../reports/generate.js'
import { assess, type Criterion } from '../../reports/types.js'
import { waitFor } from '../support/wait.js'

const header = {
  instansi: { code: 'kota-x', name: 'Pemerintah Kota X', kind: 'kota' },
  period: { label: '2025', from: '2024-12-31T17:00:00.000Z', to: '2025-12-31T17:00:00.000Z' },
}
const followUp = (status: 'rencana' | 'selesai', due: string | null = null) => ({
  action: 'Perbaikan katalog',
  status,
  due,
  done_at: status === 'selesai' ? '2025-07-01' : null,
  evidence: '',
})
const review = (kind: 'reviu' | 'evaluasi', date: string, follow_ups = [followUp('selesai')]) => ({
  id: `r-${kind}-${date}`,
  instansi: 'kota-x',
  date,
  kind,
  subject: 'spl' as const,
  title: `${kind} ${date}`,
  reviewer: '',
  findings: ['temuan'],
  follow_ups,
  in_period: date >= '2025-01-01',
})

function i18(over: Partial<I18Evidence> = {}): I18Evidence {
  return {
    ...header,
    gateways: [
      { id: 'gw', name: 'SPL Kota X', product: 'wso2', is_spl: true, splp_linked: true, calls: 900 },
      { id: 'px', name: 'Proxy', product: 'nginx', is_spl: false, splp_linked: false, calls: 100 },
    ],
    apis: [
      {
        id: 'a1',
        name: 'Layanan A',
        unit_kerja: 'u1',
        gateway_id: 'gw',
        lifecycle: 'published',
        via_spl: true,
        calls: 900,
        consumers: 3,
        consumer_instansi: 2,
        uptime_pct: 99.9,
        sla_availability: 99.5,
        sla_p95_ms: 500,
        months_with_traffic: 2,
        months_meeting_sla: 2,
      },
    ],
    units: [
      { code: 'u1', name: 'Dinas A', apis: 1, apis_spl: 1, calls_spl: 900, apps: 1, app_calls_spl: 10, applied: true },
      { code: 'u2', name: 'Dinas B', apis: 0, apis_spl: 0, calls_spl: 0, apps: 1, app_calls_spl: 5, applied: true },
    ],
    traffic: { requests: 1000, via_spl: 900, direct: 100, spl_share: 0.9, via_splp_linked: 900 },
    splp_status: 'linked',
    partners: { inbound: [{ code: 'kota-y', name: 'Kota Y', calls: 50, apis: 1 }], outbound: [] },
    flows: {
      consumers: [{ id: 'instansi:kota-y', label: 'Kota Y', internal: false, gateway_id: 'gw', calls: 50 }],
      apis: [{ gateway_id: 'gw', api_id: 'a1', calls: 900 }],
    },
    sla: [{ api: 'a1', api_name: 'Layanan A', month: '2025-12', uptime_pct: 99.9, meets_sla: true }],
    growth: [
      { month: '2025-11', requests: 400, integrations: 2, complete: true },
      { month: '2025-12', requests: 600, integrations: 3, complete: true },
    ],
    reviews: [review('reviu', '2025-03-01'), review('evaluasi', '2025-09-01')],
    ...over,
  }
}

const policy = (over: Partial<I7Policy>): I7Policy => ({
  id: 'p1',
  instansi: 'kota-x',
  number: 'Perwal 1/2024',
  title: 'SPL',
  kind: 'peraturan',
  status: 'enacted',
  date: '2024-01-10',
  scope: [],
  supersedes: '',
  notes: '',
  document: { sha256: 'ab'.repeat(32), name: 'perwal.pdf', size: 1000 },
  in_force: true,
  ...over,
})

function i7(policies: I7Policy[], reviews: I7Evidence['reviews'] = []): I7Evidence {
  return {
    ...header,
    policies,
    reviews,
    implementation: { requests: 10, via_spl: 9, spl_share: 0.9, apis: 2, apis_via_spl: 2, conformance: null, monthly: [], trend: [] },
  }
}

const FULL_SCOPE: I7Policy['scope'] = ['kewajiban_integrasi', 'pengelolaan', 'tanggung_jawab', 'standar_interoperabilitas', 'keamanan', 'integrasi_splp']

describe('periods (WIB)', () => {
  it('parses years, months and inclusive day ranges', () => {
    expect(parsePeriod('2025')).toEqual({ label: '2025', fromMs: Date.parse('2024-12-31T17:00:00Z'), toMs: Date.parse('2025-12-31T17:00:00Z') })
    expect(parsePeriod('2025-02')).toMatchObject({ fromMs: Date.parse('2025-01-31T17:00:00Z'), toMs: Date.parse('2025-02-28T17:00:00Z') })
    expect(parsePeriod('2025-01-01..2025-06-30')).toMatchObject({ fromMs: Date.parse('2024-12-31T17:00:00Z'), toMs: Date.parse('2025-06-30T17:00:00Z') })
    for (const bad of ['2025-13', '2025-02-30..2025-03-01', '2025-03-01..2025-02-01', '2024-01-01..2025-06-30', '25'])
      expect(parsePeriod(bad), bad).toBeUndefined()
  })

  it('the previous month and year follow the WIB calendar', () => {
    const newYearWib = Date.parse('2025-12-31T18:00:00Z') // 1 January 2026, 01:00 WIB
    expect(previousMonth(newYearWib).label).toBe('2025-12')
    expect(previousYear(newYearWib).label).toBe('2025')
    expect(previousMonth(Date.parse('2025-12-31T16:00:00Z')).label).toBe('2025-11')
  })
})

describe('levels', () => {
  it('are cumulative: a level is reached only when every lower level is', () => {
    const c = (level: 1 | 2 | 3, met: boolean): Criterion<null> => ({ id: `c${level}`, level, text: '', check: () => ({ met, data: '', reason: '' }) })
    expect(assess([c(1, true), c(2, false), c(3, true)], null)).toMatchObject({
      level: 1,
      levels: [{ reached: true }, { reached: false }, { reached: false, criteriaMet: true }, {}, {}],
    })
    expect(assess([c(1, false), c(2, true)], null).level).toBe(0)
  })

  it('Indikator 18: coverage, SPLP, reviews and follow-ups decide the level', () => {
    expect(assess(I18_CRITERIA, i18()).level).toBe(5)
    const partial = i18({
      units: [...i18().units, { code: 'u3', name: 'Dinas C', apis: 1, apis_spl: 0, calls_spl: 0, apps: 0, app_calls_spl: 0, applied: false }],
    })
    const a = assess(I18_CRITERIA, partial)
    expect(a.level).toBe(2)
    expect(a.levels[2].criteria[0]).toMatchObject({ met: false, data: '2 dari 3 unit kerja / perangkat daerah' })
    expect(a.levels[2].criteria[0].reason).toContain('Dinas C')
    expect(assess(I18_CRITERIA, i18({ reviews: [review('reviu', '2025-03-01')] })).level).toBe(3)
    const overdue = i18({ reviews: [review('reviu', '2025-03-01', [followUp('rencana', '2025-06-30')]), review('evaluasi', '2025-09-01')] })
    expect(assess(I18_CRITERIA, overdue).level).toBe(4)
    expect(assess(I18_CRITERIA, i18({ traffic: { ...i18().traffic, requests: 0 } })).level).toBe(0)
  })

  it('Indikator 7: drafts count for level 1, then enactment, scope, SPLP, review and update', () => {
    expect(assess(I7_CRITERIA, i7([])).level).toBe(0)
    expect(assess(I7_CRITERIA, i7([policy({ status: 'draft', number: '', in_force: false })])).level).toBe(1)
    expect(assess(I7_CRITERIA, i7([policy({ document: null })])).level).toBe(0)
    expect(assess(I7_CRITERIA, i7([policy({ scope: ['kewajiban_integrasi'] })])).level).toBe(2)
    expect(assess(I7_CRITERIA, i7([policy({ scope: FULL_SCOPE.slice(0, 5) })])).level).toBe(3)
    expect(assess(I7_CRITERIA, i7([policy({ scope: FULL_SCOPE })])).level).toBe(4)
    const kebijakan = { ...review('reviu', '2025-02-01'), subject: 'kebijakan' as const }
    const updated = [
      policy({ scope: FULL_SCOPE.slice(0, 4), in_force: false }),
      policy({ id: 'p2', number: 'Perwal 2/2025', date: '2025-05-01', scope: FULL_SCOPE, supersedes: 'p1' }),
    ]
    const a = assess(I7_CRITERIA, i7(updated, [kebijakan]))
    expect(a.level).toBe(5)
    expect(a.levels[4].criteria[1].reason).toContain('Perwal 2/2025 menggantikan/mengubah Perwal 1/2024')
  })
})

describe('schedule', () => {
  it('generates only in the night hours (WIB)', async () => {
    const ran: number[] = []
    class Counting extends ReportScheduler {
      override async runOnce(now: number) {
        ran.push(now)
        return []
      }
    }
    for (const [utc, expected] of [
      ['2026-01-01T20:00:00Z', 1],
      ['2026-01-02T05:00:00Z', 0],
    ] as const) {
      ran.length = 0
      // the scheduler reads its clock once per check: the first check has run (and decided) once it has
      let checks = 0
      const clock = () => {
        checks++
        return Date.parse(utc)
      }
      const s = new Counting({} as ReportServices, { baseUrl: 'x', config: ScheduleConfig.parse({ firstCheckMs: 0 }), clock })
      s.start()
      await waitFor('the first check', () => checks > 0, 5_000)
      await s.stop()
      expect(ran.length, utc).toBe(expected)
    }
  })
})

describe('canonical JSON', () => {
  it('sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}')
  })
})

describe('integration graph layout', () => {
  it('keeps the busiest nodes per column, folds the rest, and stays inside the drawing', () => {
    const consumers: GraphNode[] = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, label: `Konsumen ${i}`, kind: 'consumer' }))
    const nodes: GraphNode[] = [
      ...consumers,
      { id: 'gw', label: 'SPL Kota X (WSO2)', kind: 'spl' },
      { id: 'a', label: 'API A', kind: 'api' },
      { id: 'splp', label: 'SPLP', kind: 'splp' },
    ]
    const links = [
      ...consumers.map((c, i) => ({ source: c.id, target: 'gw', calls: 100 - i })),
      { source: 'gw', target: 'a', calls: 500 },
      { source: 'gw', target: 'splp', calls: 1 },
    ]
    const l = layoutIntegrationGraph({ nodes, links }, { lang: 'id', width: 480 })
    const left = l.nodes.filter((n) => n.col === 0)
    expect(left).toHaveLength(14)
    expect(left.at(-1)!.label).toBe('17 lainnya')
    expect(left[0].label).toBe('Konsumen 0')
    const folded = l.links.find((k) => k.y === left.at(-1)!.y)!
    // the folded node carries the calls of all 17: the widest link
    expect(folded.w).toBeCloseTo(5)
    for (const n of l.nodes) expect(n.x >= 0 && n.x <= l.width && n.y >= 0 && n.y <= l.height, n.id).toBe(true)
    expect(l.nodes.find((n) => n.kind === 'splp')!.y).toBeLessThan(l.nodes.find((n) => n.kind === 'spl')!.y)
  })
})

describe('rendering', () => {
  const meta = (indicator: 'i7' | 'i18') => ({
    id: `${indicator.toUpperCase()}-20260105-abc`,
    indicator,
    instansi: header.instansi,
    period: parsePeriod('2025')!,
    generatedAt: Date.parse('2026-01-05T03:00:00Z'),
    trigger: 'manual' as const,
    evidenceSha256: 'cd'.repeat(32),
    verifyUrl: `https://pantau.example.go.id/v1/reports/${indicator.toUpperCase()}-20260105-abc/verify`,
  })
  const inputs = {
    i18: { meta: meta('i18'), evidence: i18(), assessment: assess(I18_CRITERIA, i18()), baseUrl: 'https://pantau.example.go.id' },
    i7: {
      meta: meta('i7'),
      evidence: i7([policy({ scope: FULL_SCOPE })]),
      assessment: assess(I7_CRITERIA, i7([policy({ scope: FULL_SCOPE })])),
      baseUrl: 'https://pantau.example.go.id',
    },
  }

  it('is deterministic: the same inputs give the same bytes', async () => {
    const [a, b] = [await renderReport(inputs.i18), await renderReport(inputs.i18)]
    expect(a.pages).toBeGreaterThanOrEqual(8)
    expect(a.bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(a.bytes.equals(b.bytes)).toBe(true)
  })

  it('every text of both reports is in the dictionary (a missing key would print as itself)', async () => {
    for (const [name, input] of Object.entries(inputs)) {
      const file = join(mkdtempSync(join(tmpdir(), 'pantau-report-')), `${name}.pdf`)
      writeFileSync(file, (await renderReport(input)).bytes)
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString()
      expect(text.match(/\b(?:reports|ui|check|level|kind)\.[a-z_.0-9]+/g), name).toBeNull()
      expect(text, name).toContain('Pemerintah Kota X')
    }
  })

  it('the report messages exist in Indonesian and English', () => {
    expect(Object.keys(reports.en).sort()).toEqual(Object.keys(reports.id).sort())
  })
})
