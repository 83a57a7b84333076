/**
 * The SPBE side of the demo story, through the public API like everything
 * else: five instansi whose internal SPL policies stand at Indikator 7 levels
 * 1 to 5 (a draft with its file; enacted policies with uploaded PDFs covering
 * more and more of the scope; one evaluated and amended after the evaluation),
 * SPL reviews for Indikator 18, a few instansi opted in to their public status
 * page, and maintenance windows where the build has `/v1/maintenance`.
 * Dates are placed relative to the end of the demo window, inside its WIB
 * calendar year (the assessment period the levels hold for).
 */
import PDFDocument from 'pdfkit'
import type { Catalog } from './model.js'

const DAY = 86400e3
const WIB = 7 * 3600e3
const LEVEL3 = ['kewajiban_integrasi', 'pengelolaan', 'tanggung_jawab', 'standar_interoperabilitas', 'keamanan']
const ALL_SCOPE = [...LEVEL3, 'integrasi_splp']

export interface EvidenceOptions {
  apiUrl: string
  adminToken: string
  catalog: Catalog
  /** End of the demo window: dates fall in its WIB year, before it. */
  endMs: number
  /** Also opt this instansi in to a public status page (the one with the planted outage). */
  outageInstansi?: string
  log?: (msg: string) => void
}

export interface EvidenceSummary {
  /** The assessment period (WIB year of the window's end) the levels hold for. */
  period: string
  /** Indikator 7 level each instansi's register supports for the period. */
  i7Levels: Record<string, number>
  policies: number
  documents: number
  reviews: number
  publicStatus: string[]
  maintenance: { created: number; note: string }
}

interface PolicySeed {
  id: string
  instansi: string
  number: string
  title: string
  kind: 'peraturan' | 'keputusan' | 'surat_edaran' | 'lainnya'
  status: 'draft' | 'enacted'
  date: string
  scope: string[]
  supersedes?: string
}

const wibDate = (ms: number) => new Date(ms + WIB).toISOString().slice(0, 10)
const wibYear = (ms: number) => new Date(ms + WIB).getUTCFullYear()

/** What the demo registers; `levels` is what each instansi's register is built to reach. */
export function planEvidence(endMs: number) {
  const year = wibYear(endMs)
  const yearStart = Date.UTC(year, 0, 1) - WIB
  const lastYear = year - 1
  // the evaluation and the amendment after it fall inside the period, before the window ends
  const reviewed = wibDate(Math.max(yearStart, endMs - 75 * DAY))
  const amended = wibDate(Math.max(yearStart, endMs - 20 * DAY))
  const spl = (what: string) => `Penggunaan Sistem Penghubung Layanan di Lingkungan ${what}`
  const policies: PolicySeed[] = [
    {
      id: 'kota-makassar.rancangan-perwal-spl',
      instansi: 'kota-makassar',
      number: '',
      title: `Rancangan Peraturan Wali Kota tentang ${spl('Pemerintah Kota Makassar')}`,
      kind: 'peraturan',
      status: 'draft',
      date: wibDate(endMs - 40 * DAY),
      scope: LEVEL3,
    },
    {
      id: 'kab-banyuwangi.kepbup-spl',
      instansi: 'kab-banyuwangi',
      number: `Keputusan Bupati Banyuwangi Nomor 188/412/KEP/429.011/${lastYear}`,
      title: spl('Pemerintah Kabupaten Banyuwangi'),
      kind: 'keputusan',
      status: 'enacted',
      date: `${lastYear}-06-12`,
      scope: ['kewajiban_integrasi', 'keamanan'],
    },
    {
      id: 'kemendagri.kepsekjen-spl',
      instansi: 'kemendagri',
      number: `Keputusan Sekretaris Jenderal Kementerian Dalam Negeri Nomor 100.2.1-2817 Tahun ${lastYear}`,
      title: spl('Kementerian Dalam Negeri'),
      kind: 'keputusan',
      status: 'enacted',
      date: `${lastYear}-09-03`,
      scope: LEVEL3,
    },
    {
      id: 'kota-surakarta.perwal-spl',
      instansi: 'kota-surakarta',
      number: `Peraturan Wali Kota Surakarta Nomor 27 Tahun ${lastYear}`,
      title: spl('Pemerintah Kota Surakarta'),
      kind: 'peraturan',
      status: 'enacted',
      date: `${lastYear}-04-22`,
      scope: ALL_SCOPE,
    },
    {
      id: 'jatim.pergub-spl',
      instansi: 'jatim',
      number: `Peraturan Gubernur Jawa Timur Nomor 45 Tahun ${lastYear}`,
      title: spl('Pemerintah Provinsi Jawa Timur'),
      kind: 'peraturan',
      status: 'enacted',
      date: `${lastYear}-02-10`,
      scope: LEVEL3,
    },
    {
      id: 'jatim.pergub-spl-perubahan',
      instansi: 'jatim',
      number: `Peraturan Gubernur Jawa Timur Nomor 12 Tahun ${year}`,
      title: `Perubahan atas Peraturan Gubernur Nomor 45 Tahun ${lastYear} tentang ${spl('Pemerintah Provinsi Jawa Timur')}`,
      kind: 'peraturan',
      status: 'enacted',
      date: amended,
      scope: ALL_SCOPE,
      supersedes: 'jatim.pergub-spl',
    },
  ]
  const reviews = [
    {
      id: 'jatim.evaluasi-pergub-spl',
      instansi: 'jatim',
      date: reviewed,
      kind: 'evaluasi',
      subject: 'kebijakan',
      title: `Evaluasi Pelaksanaan Peraturan Gubernur Nomor 45 Tahun ${lastYear}`,
      reviewer: 'Inspektorat Provinsi Jawa Timur',
      findings: ['Integrasi dengan SPLP nasional belum diatur', 'Peran perangkat daerah pengelola data belum rinci'],
      follow_ups: [
        { action: 'Mengubah Pergub agar mengatur integrasi dengan SPLP', status: 'selesai', due: amended, done_at: amended, evidence: 'Pergub Nomor 12' },
      ],
    },
    {
      id: 'jatim.reviu-spl',
      instansi: 'jatim',
      date: reviewed,
      kind: 'reviu',
      subject: 'spl',
      title: 'Reviu Penyelenggaraan SPL Provinsi Jawa Timur',
      reviewer: 'Dinas Kominfo Provinsi Jawa Timur',
      findings: ['Sebagian API belum terdokumentasi OpenAPI'],
      follow_ups: [{ action: 'Melengkapi dokumen OpenAPI seluruh API terbit', status: 'proses', due: amended, done_at: null, evidence: '' }],
    },
    {
      id: 'kota-surakarta.reviu-spl',
      instansi: 'kota-surakarta',
      date: reviewed,
      kind: 'reviu',
      subject: 'spl',
      title: 'Reviu Tahunan SPL Kota Surakarta',
      reviewer: 'Diskominfo SP Kota Surakarta',
      findings: ['Lalu lintas sebagian aplikasi masih langsung ke backend'],
      follow_ups: [{ action: 'Memindahkan integrasi aplikasi kepegawaian ke SPL', status: 'rencana', due: null, done_at: null, evidence: '' }],
    },
  ]
  const i7Levels = { 'kota-makassar': 1, 'kab-banyuwangi': 2, kemendagri: 3, 'kota-surakarta': 4, jatim: 5 }
  return { period: String(year), policies, reviews, i7Levels, publicStatus: ['jatim', 'kemendagri', 'kota-surakarta'] }
}

/** A small PDF standing for the signed policy document. */
function policyPdf(p: PolicySeed): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { Title: p.title, CreationDate: new Date(Date.parse(`${p.date}T00:00:00+07:00`)) } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  doc.fontSize(14).text(p.number || 'RANCANGAN', { align: 'center' })
  doc.moveDown().fontSize(12).text(`tentang ${p.title}`, { align: 'center' })
  doc
    .moveDown()
    .fontSize(10)
    .text(`Ruang lingkup: ${p.scope.join(', ')}.`)
  doc.text(`Tanggal: ${p.date}. Dokumen contoh data demo Pantau.`)
  doc.end()
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
}

export async function seedEvidence(o: EvidenceOptions): Promise<EvidenceSummary> {
  const log = o.log ?? (() => undefined)
  const plan = planEvidence(o.endMs)
  const call = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(new URL(path, o.apiUrl), {
      method,
      headers: { authorization: `Bearer ${o.adminToken}`, ...(body === undefined ? {} : { 'content-type': type }) },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }
  const must = (what: string, r: { status: number; body?: { detail?: string } }, ok: number[]) => {
    if (!ok.includes(r.status)) throw new Error(`${what} → ${r.status}: ${r.body?.detail ?? JSON.stringify(r.body)}`)
  }
  const summary: EvidenceSummary = {
    period: plan.period,
    i7Levels: plan.i7Levels,
    policies: 0,
    documents: 0,
    reviews: 0,
    publicStatus: [],
    maintenance: { created: 0, note: '' },
  }
  for (const p of plan.policies) {
    must(`POST /v1/policies ${p.id}`, await call('POST', '/v1/policies', p), [201, 409])
    summary.policies++
    const upload = await call('PUT', `/v1/policies/${p.id}/document`, await policyPdf(p), 'application/pdf')
    must(`PUT /v1/policies/${p.id}/document`, upload, [200])
    summary.documents++
  }
  for (const r of plan.reviews) {
    must(`POST /v1/spl-reviews ${r.id}`, await call('POST', '/v1/spl-reviews', r), [201, 409])
    summary.reviews++
  }
  const open = [...new Set([...plan.publicStatus, ...(o.outageInstansi ? [o.outageInstansi] : [])])]
  for (const code of open) {
    const i = o.catalog.instansi.find((x) => x.code === code)
    if (!i) continue
    const { name, kind, region, parent } = i
    must(
      `PUT /v1/registry/instansi/${code}`,
      await call('PUT', `/v1/registry/instansi/${code}`, { code, name, kind, region, parent, public_status: true }),
      [200],
    )
    summary.publicStatus.push(code)
  }
  summary.maintenance = await seedMaintenance(call, o, log)
  return summary
}

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body?: { detail?: string } }>

/**
 * Two maintenance windows of an opted-in instansi's API: one past (its night
 * work two days before the window's end) and one announced for tomorrow night.
 * Only where this build has `/v1/maintenance`; otherwise the demo says so.
 */
async function seedMaintenance(call: Call, o: EvidenceOptions, log: (msg: string) => void): Promise<EvidenceSummary['maintenance']> {
  const api = o.catalog.apis.find((a) => a.instansi === 'kota-surakarta' && a.registered && a.lifecycle === 'published')
  if (!api) return { created: 0, note: 'no API to schedule maintenance for' }
  const midnight = Math.floor((o.endMs + WIB) / DAY) * DAY - WIB
  const windows = [
    { starts: midnight - 2 * DAY + 22 * 3600e3, reason: 'Pemutakhiran versi gateway' },
    { starts: midnight + DAY + 22 * 3600e3, reason: 'Pemeliharaan basis data layanan' },
  ]
  let created = 0
  for (const w of windows) {
    const body = {
      instansi: api.instansi,
      api_id: api.id,
      starts_at: new Date(w.starts).toISOString(),
      ends_at: new Date(w.starts + 2 * 3600e3).toISOString(),
      reason: w.reason,
    }
    const r = await call('POST', '/v1/maintenance', body)
    if (r.status === 404 && created === 0) {
      const note = 'this build has no /v1/maintenance: no maintenance windows seeded'
      log(`demo: ${note}`)
      return { created, note }
    }
    if (r.status !== 201 && r.status !== 200 && r.status !== 409) {
      const note = `maintenance window refused (${r.status}: ${r.body?.detail ?? ''})`
      log(`demo: ${note}`)
      return { created, note }
    }
    created++
  }
  return { created, note: `${api.id}: one past, one tomorrow night` }
}
