/**
 * Generated reports, stored immutable: one `reports` row per generation
 * (parameters, generation time, the PDF's SHA-256, the digest of the
 * evidence and the evidence itself) and the PDF bytes in the blob store.
 * Rows are only ever inserted; nothing in Pantau updates or deletes them.
 */
import { z } from 'zod'
import type { Storage } from '../storage/client.js'
import { chTime, count } from '../storage/columns.js'
import { BlobStore } from '../storage/blobs.js'
import { Indicator, Trigger, type ReportFilter, type ReportRecord } from '../shared/reports/contract.js'

export type { ReportFilter, ReportRecord }

export interface NewReport extends Omit<ReportRecord, 'period_from' | 'period_to' | 'generated_at'> {
  periodFromMs: number
  periodToMs: number
  generatedAtMs: number
  /** Canonical JSON of the generation parameters. */
  params: string
  /** Canonical JSON of what the PDF was rendered from. */
  evidence: string
}

const COLUMNS =
  'id, instansi, indicator, period, period_from, period_to, generated_at, generated_by, trigger, level, sha256, size, pages, evidence_sha256, renderer'

/** A `reports` row (COLUMNS) as the contract's ReportRecord: times in ISO 8601 UTC. */
const ReportRow = z.object({
  id: z.string(),
  instansi: z.string(),
  indicator: Indicator,
  period: z.string(),
  period_from: chTime,
  period_to: chTime,
  generated_at: chTime,
  generated_by: z.string(),
  trigger: Trigger,
  level: z.number().int(),
  sha256: z.string(),
  size: z.number().int(),
  pages: z.number().int(),
  evidence_sha256: z.string(),
  renderer: z.string(),
}) satisfies z.ZodType<ReportRecord>
const Total = z.object({ n: count })
const Source = z.object({ params: z.string(), evidence: z.string() })

function where(f: ReportFilter): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {}
  let sql = '1'
  for (const key of ['instansi', 'indicator', 'period', 'trigger'] as const) {
    if (f[key] === undefined) continue
    params[`f_${key}`] = f[key]
    sql += ` AND ${key} = {f_${key}:String}`
  }
  return { sql, params }
}

export class ReportStore {
  readonly blobs: BlobStore

  constructor(private readonly storage: Storage) {
    this.blobs = new BlobStore(storage)
  }

  /** Store the PDF, then the row that points at it. */
  async save(report: NewReport, pdf: Buffer): Promise<ReportRecord> {
    await this.blobs.put(pdf, 'application/pdf')
    const { periodFromMs, periodToMs, generatedAtMs, ...rest } = report
    await this.storage.insertRows('reports', [{ ...rest, period_from: periodFromMs, period_to: periodToMs, generated_at: generatedAtMs }])
    return (await this.get(report.id))!
  }

  async get(id: string): Promise<ReportRecord | undefined> {
    const rows = await this.storage.rows(ReportRow, `SELECT ${COLUMNS} FROM reports WHERE id = {id:String} LIMIT 1`, { id })
    return rows[0]
  }

  /** Newest first. */
  async list(filter: ReportFilter, limit: number, offset: number): Promise<{ rows: ReportRecord[]; total: number }> {
    const w = where(filter)
    const [rows, [counted]] = await Promise.all([
      this.storage.rows(ReportRow, `SELECT ${COLUMNS} FROM reports WHERE ${w.sql} ORDER BY generated_at DESC, id LIMIT {limit:UInt32} OFFSET {offset:UInt32}`, {
        ...w.params,
        limit,
        offset,
      }),
      this.storage.rows(Total, `SELECT count() AS n FROM reports WHERE ${w.sql}`, w.params),
    ])
    return { rows, total: counted?.n ?? 0 }
  }

  async exists(filter: Required<Pick<ReportFilter, 'instansi' | 'indicator' | 'period' | 'trigger'>>): Promise<boolean> {
    return (await this.list(filter, 1, 0)).total > 0
  }

  async byDigest(sha256: string): Promise<ReportRecord[]> {
    return this.storage.rows(ReportRow, `SELECT ${COLUMNS} FROM reports WHERE sha256 = {d:String} ORDER BY generated_at`, { d: sha256 })
  }

  async pdf(report: ReportRecord): Promise<Buffer | undefined> {
    return this.blobs.get(report.sha256)
  }

  /** The stored parameters and evidence of a report, to render it again. */
  async source(id: string): Promise<{ params: string; evidence: string } | undefined> {
    const rows = await this.storage.rows(Source, 'SELECT params, evidence FROM reports WHERE id = {id:String} LIMIT 1', { id })
    return rows[0]
  }
}
