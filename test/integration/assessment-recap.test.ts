/**
 * The national recap and report batches (issue 13, points 1–2) on the demo
 * catalogue (33 instansi, 30 days of traffic ending mid-December 2025, the
 * demo's policies and reviews, so Indikator 7 spans levels 0–5): the recap's
 * level and every criterion of every instansi equal what the report
 * generation decides for it (evaluateReport, and the level stored with
 * generated PDFs), operators see their own row only, and a batch generates
 * the reports in the background and packs them in a ZIP whose PDFs match
 * its manifest and the stored digests. A batch left running by a stopped
 * process is taken up again.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BatchRunner } from '../../reports/batch/runner.js'
import { createReportServices, evaluateReport, type ReportServices } from '../../reports/generate.js'
import { seedDemo } from '../../scripts/demo/seed.js'
import { startTestStack, type TestStack } from '../support/stack.js'
import { waitFor } from '../support/wait.js'

const END = Date.UTC(2025, 11, 15, 5, 0, 0)
const PERIOD = '2025'
const dir = mkdtempSync(join(tmpdir(), 'pantau-recap-'))

let stack: TestStack
let services: ReportServices
let codes: string[]
const tokens: Record<string, string> = {}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

interface Row {
  instansi: string
  level: number
  previous_level: number
  level_change: number
  criteria: Array<{ id: string; level: number; met: boolean; data: string; reason: string }>
  report_id: string | null
  report_sha256: string | null
  report_level: number | null
}

const recap = async (indicator: string, token?: string, extra = '') => {
  const res = await stack.call('GET', `/v1/assessment/recap?indicator=${indicator}&period=${PERIOD}${extra}`, undefined, token)
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200)
  return res.body.data as { rows: Row[]; distribution: Array<{ level: number; instansi: number }>; previous_period: string; computed_ms: number }
}

/** What the report generation decides, as recap criteria. */
const decided = async (instansi: string, indicator: 'i7' | 'i18', period = PERIOD) => {
  const e = await evaluateReport(services, { instansi, indicator, period })
  return {
    level: e.assessment.level,
    criteria: e.assessment.levels.flatMap((l) => l.criteria.map((c) => ({ id: c.id, level: c.level, met: c.met, data: c.data, reason: c.reason }))),
  }
}

beforeAll(async () => {
  stack = await startTestStack({ PANTAU_RAW_TTL_DAYS: '20000', PANTAU_SPOOL_FSYNC: 'false', PANTAU_REPORT_SCHEDULE: 'off', PANTAU_REPORT_BATCH_PAUSE_MS: '0' })
  await seedDemo({
    apiUrl: stack.api,
    ingestUrl: stack.ingest,
    adminToken: stack.adminToken,
    events: 20_000,
    endMs: END,
    seed: 'recap-test',
    log: () => undefined,
    refreshRegistry: () => stack.collector!.registry.refresh(),
  })
  await stack.flushed()
  services = createReportServices(stack.storage!)
  codes = (await stack.call('GET', '/v1/registry/instansi?per_page=200')).body.data.map((i: { code: string }) => i.code).sort()
  for (const role of ['koordinator', 'asesor', 'sre'])
    tokens[role] = (await stack.call('POST', '/v1/admin/tokens', { name: `t-${role}`, role })).body.data.token
  tokens.operator = (await stack.call('POST', '/v1/admin/tokens', { name: 'op', role: 'operator', instansi: codes[0] })).body.data.token
}, 240_000)
afterAll(() => stack?.stop())

describe('national recap', () => {
  for (const indicator of ['i18', 'i7'] as const)
    it(`${indicator}: every instansi's level and criteria are what its report decides`, async () => {
      const r = await recap(indicator)
      expect(r.rows.map((x) => x.instansi).sort()).toEqual(codes)
      expect(r.previous_period).toBe('2024')
      expect(r.distribution.reduce((n, d) => n + d.instansi, 0)).toBe(codes.length)
      for (const row of r.rows) {
        const d = await decided(row.instansi, indicator)
        expect({ instansi: row.instansi, level: row.level, criteria: row.criteria }).toEqual({ instansi: row.instansi, ...d })
        expect(row.level_change).toBe(row.level - row.previous_level)
      }
      // the data gives more than one level, or the comparison above proves little
      expect(new Set(r.rows.map((x) => x.level)).size).toBeGreaterThan(1)
    }, 180_000)

  it('the level against the previous period is the previous period’s decision', async () => {
    const r = await recap('i7')
    const moved = r.rows.filter((x) => x.previous_level > 0).slice(0, 3)
    for (const row of [...moved, r.rows[0]]) expect(row.previous_level, row.instansi).toBe((await decided(row.instansi, 'i7', '2024')).level)
  })

  it('names the PDF generated through the API, whose stored level is the recap level', async () => {
    const r = await recap('i7')
    const picks = [...new Map(r.rows.map((x) => [x.level, x])).values()].slice(0, 3)
    for (const row of picks) {
      const made = await stack.call('POST', '/v1/reports', { instansi: row.instansi, indicator: 'i7', period: PERIOD })
      expect(made.status).toBe(201)
      expect(made.body.data.level).toBe(row.level)
      const after = (await recap('i7')).rows.find((x) => x.instansi === row.instansi)!
      expect(after).toMatchObject({ report_id: made.body.data.id, report_sha256: made.body.data.sha256, report_level: row.level })
    }
  }, 120_000)

  it('operators see their own row only; koordinator and asesor see all; sre none', async () => {
    const own = await recap('i18', tokens.operator)
    expect(own.rows.map((x) => x.instansi)).toEqual([codes[0]])
    const other = await stack.call('GET', `/v1/assessment/recap?indicator=i18&period=${PERIOD}&instansi=${codes[1]}`, undefined, tokens.operator)
    expect(other.status).toBe(403)
    expect((await recap('i18', tokens.koordinator)).rows).toHaveLength(codes.length)
    expect((await recap('i18', tokens.asesor)).rows).toHaveLength(codes.length)
    expect((await stack.call('GET', `/v1/assessment/recap?period=${PERIOD}`, undefined, tokens.sre)).status).toBe(403)
    const bad = await stack.call('GET', '/v1/assessment/recap?indicator=i9&period=2025')
    expect(bad.status).toBe(400)
    expect(bad.body.field).toContain('indicator')
  })
})

describe('report batches', () => {
  it('generates every named instansi’s report and packs them with a manifest that matches', async () => {
    const picks = codes.slice(0, 4)
    const made = await stack.call('POST', '/v1/reports/batch', { indicator: 'i18', period: PERIOD, instansi: picks })
    expect(made.status, JSON.stringify(made.body)).toBe(202)
    const id = made.body.data.id as string
    expect(made.body.data.total).toBe(4)
    const done = await waitFor(
      'batch done',
      async () => {
        const b = (await stack.call('GET', `/v1/reports/batch/${id}`)).body.data
        return b.state === 'done' ? b : undefined
      },
      120_000,
    )
    expect(done).toMatchObject({ total: 4, done: 4, failed: 0, failures: [] })
    const res = await fetch(`${stack.api}/v1/reports/batch/${id}/zip`, { headers: { authorization: `Bearer ${tokens.asesor}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    const zip = join(dir, `${id}.zip`)
    writeFileSync(zip, Buffer.from(await res.arrayBuffer()))
    const out = join(dir, id)
    execFileSync('unzip', ['-q', zip, '-d', out])
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.reports.map((r: { instansi: string }) => r.instansi).sort()).toEqual([...picks].sort())
    for (const r of manifest.reports) {
      const pdf = readFileSync(join(out, r.file))
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(sha(pdf), r.file).toBe(r.sha256)
      const stored = (await stack.call('GET', `/v1/reports/${r.report_id}`)).body.data
      expect(stored).toMatchObject({ sha256: r.sha256, instansi: r.instansi, indicator: 'i18', period: PERIOD })
      expect(done.items.find((i: { instansi: string }) => i.instansi === r.instansi).sha256).toBe(r.sha256)
    }
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out }).toString()).toContain(': OK')
    expect(readFileSync(join(out, 'manifest.csv'), 'utf8')).toContain(manifest.reports[0].report_id)
    // the recap's level of each instansi is the level of its batch report
    const rows = (await recap('i18')).rows
    for (const r of manifest.reports) expect(rows.find((x) => x.instansi === r.instansi)?.level, r.instansi).toBe(r.level)
    const audit = (await stack.call('GET', '/v1/admin/audit?per_page=200')).body.data as Array<{ action: string; resource: string }>
    expect(audit.filter((a) => a.resource === id).map((a) => a.action)).toEqual(expect.arrayContaining(['report.batch', 'report.batch.download']))
  }, 180_000)

  it('refuses unknown instansi, scopes operators and asesors', async () => {
    const bad = await stack.call('POST', '/v1/reports/batch', { indicator: 'i7', period: PERIOD, instansi: ['no-such-instansi'] })
    expect(bad.status).toBe(400)
    expect(bad.body.field).toBe('body.instansi')
    expect((await stack.call('POST', '/v1/reports/batch', { indicator: 'i7', period: PERIOD }, tokens.asesor)).status).toBe(403)
    const other = await stack.call('POST', '/v1/reports/batch', { indicator: 'i7', period: PERIOD, instansi: [codes[1]] }, tokens.operator)
    expect(other.status).toBe(403)
    const own = await stack.call('POST', '/v1/reports/batch', { indicator: 'i7', period: PERIOD }, tokens.operator)
    expect(own.status).toBe(202)
    expect(own.body.data.total).toBe(1)
    await waitFor(
      'own batch',
      async () => (await stack.call('GET', `/v1/reports/batch/${own.body.data.id}`, undefined, tokens.operator)).body.data.state === 'done',
      60_000,
    )
    const admins = await stack.call('POST', '/v1/reports/batch', { indicator: 'i7', period: PERIOD, instansi: codes.slice(1, 2) })
    expect((await stack.call('GET', `/v1/reports/batch/${admins.body.data.id}`, undefined, tokens.operator)).status).toBe(403)
    await waitFor('admin batch', async () => (await stack.call('GET', `/v1/reports/batch/${admins.body.data.id}`)).body.data.state === 'done', 60_000)
  }, 120_000)

  it('a batch a stopped process left running is marked and taken up again with the instansi still missing', async () => {
    const picks = codes.slice(5, 8)
    const first = await stack.call('POST', '/v1/reports', { instansi: picks[0], indicator: 'i7', period: PERIOD })
    const runner = new BatchRunner(services, { concurrency: 1, pauseMs: 0 })
    // what a process killed after its first report leaves behind
    const id = 'BATCH-TEST-interrupted'
    await runner.store.put({ id, indicator: 'i7', period: PERIOD, instansi: picks, requested_by: 'admin', base_url: stack.api, state: 'running', resumed: 0 })
    const report = first.body.data
    await runner.store.finish(id, { instansi: picks[0], state: 'done', report_id: report.id, sha256: report.sha256, level: report.level, error: null })
    const reportsOf = async () => (await stack.call('GET', `/v1/reports?instansi=${picks[0]}&indicator=i7&period=${PERIOD}`)).body.pagination.total
    const before = await reportsOf()
    const zipEarly = await stack.call('GET', `/v1/reports/batch/${id}/zip`)
    expect(zipEarly.status).toBe(409)
    await runner.start()
    const b = await waitFor(
      'resumed batch done',
      async () => {
        const s = await runner.status(id)
        return s?.state === 'done' ? s : undefined
      },
      120_000,
    )
    expect(b).toMatchObject({ total: 3, done: 3, failed: 0, resumed: 1 })
    // the first instansi's report is the one generated before the stop, not a second one
    expect(b!.items.find((i) => i.instansi === picks[0])?.report_id).toBe(report.id)
    expect(await reportsOf()).toBe(before)
    await runner.stop()
  }, 180_000)
})
