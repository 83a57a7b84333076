/**
 * SPBE evidence reports end to end, on a small deterministic demo (30 days
 * ending mid-December 2025, so the assessment period is the calendar year
 * 2025): policies (with an uploaded PDF) and SPL reviews are registered for
 * one instansi, both reports are generated through the API, read back with
 * pdftotext and rendered page by page with pdftoppm; the API names and
 * numbers in them are checked against the metrics endpoints. Then
 * verification (a one-byte change fails it), determinism, roles and the
 * audit log, and the scheduler.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import PDFDocument from 'pdfkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fmtNumber, fmtPercent } from '../../shared/i18n/index.js'
import { createReportServices, rerenderReport } from '../../reports/generate.js'
import { ReportScheduler, ScheduleConfig } from '../../reports/schedule.js'
import { seedDemo } from '../../scripts/demo/seed.js'
import { startTestStack, type TestStack } from '../support/stack.js'

const END = Date.UTC(2025, 11, 15, 5, 0, 0)
const I = 'kota-bandung'
const PUBLIC = 'https://pantau.example.go.id'
const RANGE = `instansi=${I}&from=2024-12-31T17:00:00Z&to=2025-12-31T17:00:00Z`
const dir = mkdtempSync(join(tmpdir(), 'pantau-reports-'))

let stack: TestStack
const tokens: Record<string, string> = {}
const reports: Record<string, { id: string; pages: number; sha256: string; evidence_sha256: string; level: number; links: { verify: string } }> = {}
const pdfs: Record<string, Buffer> = {}

async function smallPdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0) } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  doc.text(text)
  doc.end()
  await new Promise((r) => doc.on('end', r))
  return Buffer.concat(chunks)
}

const raw = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(stack.api + path, {
    ...init,
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) },
  })

/** pdftotext in content order, whitespace (and line breaks after hyphens) collapsed: wrapped table cells read as one line. */
function text(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}.pdf`)
  writeFileSync(file, pdf)
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).toString().replace(/-\s+/g, '-').replace(/\s+/g, ' ')
}

beforeAll(async () => {
  stack = await startTestStack({ PANTAU_RAW_TTL_DAYS: '20000', PANTAU_SPOOL_FSYNC: 'false', PANTAU_REPORT_SCHEDULE: 'off', PANTAU_PUBLIC_URL: PUBLIC })
  await seedDemo({
    apiUrl: stack.api,
    ingestUrl: stack.ingest,
    adminToken: stack.adminToken,
    events: 30_000,
    endMs: END,
    seed: 'reports-test',
    log: () => undefined,
    refreshRegistry: () => stack.collector!.registry.refresh(),
  })
  await stack.flushed()
  const policies = [
    {
      id: `${I}.perwal-5-2023`,
      number: 'Peraturan Wali Kota Bandung Nomor 5 Tahun 2023',
      title: 'Penyelenggaraan Sistem Pemerintahan Berbasis Elektronik',
      status: 'enacted',
      date: '2023-03-01',
      scope: ['kewajiban_integrasi', 'pengelolaan', 'tanggung_jawab', 'standar_interoperabilitas'],
    },
    {
      id: `${I}.perwal-12-2025`,
      number: 'Peraturan Wali Kota Bandung Nomor 12 Tahun 2025',
      title: 'Penggunaan Sistem Penghubung Layanan',
      status: 'enacted',
      date: '2025-08-20',
      scope: ['kewajiban_integrasi', 'pengelolaan', 'tanggung_jawab', 'standar_interoperabilitas', 'keamanan', 'integrasi_splp'],
      supersedes: `${I}.perwal-5-2023`,
    },
  ]
  for (const p of policies) {
    expect((await stack.call('POST', '/v1/policies', { instansi: I, ...p })).status).toBe(201)
    const res = await raw(`/v1/policies/${p.id}/document`, {
      method: 'PUT',
      token: stack.adminToken,
      headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${p.id}.pdf"` },
      body: new Uint8Array(await smallPdf(p.number)),
    })
    expect(res.status, await res.clone().text()).toBe(200)
  }
  const followUp = (action: string, done: string) => ({ action, status: 'selesai', due: '2025-11-30', done_at: done })
  for (const r of [
    {
      date: '2025-03-10',
      kind: 'reviu',
      title: 'Reviu Semester I Penyelenggaraan SPL',
      findings: ['Dua layanan masih point-to-point'],
      follow_ups: [followUp('Migrasi layanan Disdukcapil ke SPL', '2025-06-12')],
    },
    {
      date: '2025-09-15',
      kind: 'evaluasi',
      title: 'Evaluasi Tahunan SPL',
      findings: ['Ketersediaan API di bawah target'],
      follow_ups: [followUp('Penambahan kapasitas server', '2025-10-30')],
    },
    {
      date: '2025-06-05',
      kind: 'reviu',
      subject: 'kebijakan',
      title: 'Reviu Perwal SPBE',
      findings: ['Belum mengatur integrasi SPLP'],
      follow_ups: [followUp('Penyusunan Perwal SPL', '2025-08-20')],
    },
  ])
    expect((await stack.call('POST', '/v1/spl-reviews', { instansi: I, ...r })).status).toBe(201)
  for (const [name, body] of Object.entries({
    asesor: { role: 'asesor' },
    own: { role: 'operator', instansi: I },
    other: { role: 'operator', instansi: 'kota-surabaya' },
  }))
    tokens[name] = (await stack.call('POST', '/v1/admin/tokens', { name: `t-${name}`, ...body })).body.data.token
  for (const indicator of ['i18', 'i7']) {
    const res = await stack.call('POST', '/v1/reports', { instansi: I, indicator, period: '2025' }, tokens.own)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    reports[indicator] = res.body.data
    const pdf = await raw(`/v1/reports/${res.body.data.id}.pdf`, { token: tokens.asesor })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    pdfs[indicator] = Buffer.from(await pdf.arrayBuffer())
  }
}, 170_000)
afterAll(() => stack?.stop())

describe('report contents', () => {
  it('Indikator 18 lists the APIs through the SPL with the calls, consumers and uptime the metrics report', async () => {
    const t = text(pdfs.i18, 'i18')
    const [adoption, uptime, apis] = await Promise.all([
      stack.call('GET', `/v1/metrics/adoption?${RANGE}`),
      stack.call('GET', `/v1/probes/uptime?${RANGE}`),
      stack.call('GET', `/v1/registry/apis?instansi=${I}`),
    ])
    expect(t).toContain('Indikator 18')
    expect(t).not.toMatch(/\breports\.[a-z]/)
    expect(t).toContain('Pemerintah Kota Bandung')
    expect(t).toContain(`Level ${reports.i18.level}`)
    expect(t).toContain(reports.i18.evidence_sha256)
    expect(t).toContain(
      `${fmtNumber(adoption.body.data.traffic.via_spl)} panggilan melalui SPL (${fmtPercent(adoption.body.data.traffic.via_spl / adoption.body.data.traffic.requests)}`,
    )
    const used = adoption.body.data.consumers_per_api.filter((a: { requests: number }) => a.requests > 0)
    expect(used.length).toBeGreaterThan(3)
    for (const a of used) {
      const up = uptime.body.data.apis.find((u: { api: string }) => u.api === a.api_id)
      const name = apis.body.data.find((r: { id: string }) => r.id === a.api_id).name
      expect(t, a.api_id).toContain(`${name} ${a.api_id}`)
      expect(t, a.api_id).toContain(
        `${fmtNumber(a.requests)} ${fmtNumber(a.consumers)} / ${fmtNumber(a.consumer_instansi)} ${fmtNumber(up.uptime_pct, 'id', 2)} %`,
      )
    }
    for (const heading of [
      'Arsitektur Integrasi',
      'Cakupan Unit Kerja',
      'Koneksi ke SPLP Nasional',
      'Reviu dan Evaluasi SPL',
      'Evaluasi Tahunan SPL',
      'Daftar Isi',
    ])
      expect(t).toContain(heading)
    expect(t).toContain(`${PUBLIC}/v1/reports/${reports.i18.id}/verify`)
    expect(t).toContain(`Halaman ${reports.i18.pages} dari ${reports.i18.pages}`)
  })

  it('Indikator 7 lists the policies with their documents, the scope check and the implementation numbers', async () => {
    const t = text(pdfs.i7, 'i7')
    const policies = (await stack.call('GET', `/v1/policies?instansi=${I}`, undefined, tokens.asesor)).body.data
    const adoption = (await stack.call('GET', `/v1/metrics/adoption?${RANGE}`)).body.data
    expect(t).toContain('Indikator 7')
    expect(t).not.toMatch(/\breports\.[a-z]/)
    for (const p of policies) {
      expect(t).toContain(`${p.number} ${p.title} ${p.id}`)
      expect(t.replace(/\s/g, '')).toContain(p.document_sha256)
    }
    expect(t).toContain('Kesesuaian Ruang Lingkup Kebijakan')
    expect(t).toContain(`${fmtNumber(adoption.traffic.via_spl)} (${fmtPercent(adoption.traffic.spl_share)})`)
    expect(t).toContain(`${fmtNumber(adoption.apis.published_via_spl)} / ${fmtNumber(adoption.apis.registered)}`)
    expect(reports.i7.level).toBe(5)
  })

  it('pdftoppm renders every page of both reports', () => {
    for (const [name, pdf] of Object.entries(pdfs)) {
      const out = join(dir, `png-${name}`)
      writeFileSync(join(dir, `${name}.pdf`), pdf)
      execFileSync('mkdir', ['-p', out])
      execFileSync('pdftoppm', ['-png', '-r', '40', join(dir, `${name}.pdf`), join(out, 'p')])
      const pages = readdirSync(out).filter((f) => f.endsWith('.png'))
      expect(pages.length, name).toBe(reports[name].pages)
      expect(reports[name].pages).toBeGreaterThanOrEqual(6)
      for (const p of pages) expect(statSync(join(out, p)).size, `${name} ${p}`).toBeGreaterThan(3000)
    }
  })
})

describe('integrity', () => {
  it('verifies without a token, and a PDF altered by one byte fails', async () => {
    const { id, sha256 } = reports.i18
    const stored = await (await raw(`/v1/reports/${id}/verify`)).json()
    expect(stored.data).toMatchObject({ valid: true, checked: 'stored', expected_sha256: sha256, actual_sha256: sha256 })
    const upload = (path: string, body: Buffer) => raw(path, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(body) })
    expect((await (await upload(`/v1/reports/${id}/verify`, pdfs.i18)).json()).data.valid).toBe(true)
    const altered = Buffer.from(pdfs.i18)
    const at = Math.floor(altered.length / 2)
    altered[at] = altered[at] ^ 0x01
    const bad = await (await upload(`/v1/reports/${id}/verify`, altered)).json()
    expect(bad.data).toMatchObject({ valid: false, expected_sha256: sha256 })
    expect(bad.data.actual_sha256).not.toBe(sha256)
    expect((await upload('/v1/reports/verify', pdfs.i18)).status).toBe(200)
    expect((await upload('/v1/reports/verify', altered)).status).toBe(404)
    // The QR code's page says what a scan proves, and checks an uploaded copy.
    const html = await (await raw(`/v1/reports/${id}/verify`, { headers: { accept: 'text/html' } })).text()
    expect(html).toContain('tersimpan utuh')
    expect(html).toContain('<input type="file" name="file"')
    const form = (pdf: Buffer) => {
      const data = new FormData()
      data.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'laporan.pdf')
      return raw(`/v1/reports/${id}/verify`, { method: 'POST', headers: { accept: 'text/html' }, body: data })
    }
    expect(await (await form(pdfs.i18)).text()).toContain('identik')
    expect(await (await form(altered)).text()).toContain('BERBEDA')
  })

  it('the same data gives the same evidence digest, and a stored report renders again byte for byte', async () => {
    const again = await stack.call('POST', '/v1/reports', { instansi: I, indicator: 'i18', period: '2025' })
    expect(again.body.data.evidence_sha256).toBe(reports.i18.evidence_sha256)
    expect(again.body.data.level).toBe(reports.i18.level)
    expect(again.body.data.id).not.toBe(reports.i18.id)
    const svc = createReportServices(stack.storage!)
    expect((await rerenderReport(svc.store, reports.i7.id))!.equals(pdfs.i7)).toBe(true)
  })
})

describe('access', () => {
  it('asesor lists and downloads; operators only their own instansi', async () => {
    const list = await stack.call('GET', `/v1/reports?instansi=${I}`, undefined, tokens.asesor)
    expect(list.status).toBe(200)
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([reports.i18.id, reports.i7.id]))
    expect((await stack.call('POST', '/v1/reports', { instansi: I, indicator: 'i7', period: '2025' }, tokens.asesor)).status).toBe(403)
    const { id } = reports.i7
    expect((await stack.call('GET', `/v1/reports/${id}`, undefined, tokens.other)).status).toBe(403)
    expect((await raw(`/v1/reports/${id}.pdf`, { token: tokens.other })).status).toBe(403)
    expect((await stack.call('GET', `/v1/reports?instansi=${I}`, undefined, tokens.other)).status).toBe(403)
    expect((await stack.call('GET', '/v1/reports', undefined, tokens.other)).body.data).toEqual([])
    expect((await stack.call('POST', '/v1/reports', { instansi: I, indicator: 'i7', period: '2025' }, tokens.other)).status).toBe(403)
    expect((await raw(`/v1/policies/${I}.perwal-12-2025/document`, { token: tokens.other })).status).toBe(403)
    expect((await raw(`/v1/policies/${I}.perwal-12-2025/document`, { token: tokens.asesor })).status).toBe(200)
  })

  it('downloads are in the audit log', async () => {
    const rows = await stack.storage!.query<{ actor: string; role: string }>(
      "SELECT actor, role FROM audit_log WHERE action = 'report.download' AND resource = {id:String}",
      { id: reports.i18.id },
    )
    expect(rows).toContainEqual({ actor: 't-asesor', role: 'asesor' })
  })
})

describe('schedule', () => {
  it('generates the previous month and year once per instansi and indicator', async () => {
    const scheduler = new ReportScheduler(createReportServices(stack.storage!), { baseUrl: PUBLIC, config: ScheduleConfig.parse({ instansi: [I] }) })
    const now = Date.UTC(2026, 0, 5, 3)
    const first = await scheduler.runOnce(now)
    expect(first.map((r) => `${r.trigger} ${r.indicator} ${r.period}`).sort()).toEqual([
      'monthly i18 2025-12',
      'monthly i7 2025-12',
      'yearly i18 2025',
      'yearly i7 2025',
    ])
    expect(first.find((r) => r.trigger === 'yearly' && r.indicator === 'i18')!.evidence_sha256).toBe(reports.i18.evidence_sha256)
    expect(await scheduler.runOnce(now)).toEqual([])
  })
})
