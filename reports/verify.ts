/**
 * Verification of a report: the SHA-256 recorded when it was generated
 * against (a) the PDF Pantau holds — the stored copy is intact — and (b) a
 * PDF someone received and uploads — it is the very document Pantau
 * generated, not a byte changed. A file can also be looked up by digest
 * alone, without its report id.
 */
import { Verification } from '../shared/reports/contract.js'
import { sha256 } from '../storage/blobs.js'
import type { ReportRecord, ReportStore } from './store.js'

export { Verification }

function result(checked: Verification['checked'], report: ReportRecord | undefined, bytes: Buffer | undefined): Verification {
  const actual = bytes ? sha256(bytes) : ''
  const valid = report !== undefined && bytes !== undefined && actual === report.sha256
  const message = !report
    ? 'Tidak ada laporan Pantau dengan ID atau digest ini.'
    : !bytes
      ? 'Berkas laporan tidak ditemukan di penyimpanan Pantau.'
      : valid
        ? 'Dokumen asli: digest SHA-256 sama dengan yang dicatat Pantau saat laporan dibuat.'
        : 'Dokumen TIDAK sesuai: digest SHA-256 berbeda dari yang dicatat Pantau — berkas telah diubah.'
  return {
    valid,
    checked,
    report_id: report?.id ?? null,
    expected_sha256: report?.sha256 ?? null,
    actual_sha256: actual,
    size: bytes?.length ?? 0,
    report: report
      ? {
          instansi: report.instansi,
          indicator: report.indicator,
          period: report.period,
          generated_at: report.generated_at,
          level: report.level,
          pages: report.pages,
          evidence_sha256: report.evidence_sha256,
        }
      : null,
    message,
  }
}

/** Is Pantau's stored copy of the report intact? */
export async function verifyStored(store: ReportStore, id: string): Promise<Verification> {
  const report = await store.get(id)
  return result('stored', report, report && (await store.pdf(report)))
}

/** Is this file the report `id` (or, without an id, any report with its digest)? */
export async function verifyUpload(store: ReportStore, id: string | undefined, bytes: Buffer): Promise<Verification> {
  const report = id !== undefined ? await store.get(id) : (await store.byDigest(sha256(bytes)))[0]
  return result('upload', report, bytes)
}
