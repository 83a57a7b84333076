/**
 * What the API knows of the evidence reports: the wire shapes (a report
 * request, a stored report's record, a verification) and the port through
 * which the API edge generates, lists, downloads and verifies them. The
 * reports part implements the port (reports/port.ts) and the server hands
 * it to the API, so neither part imports the other.
 */
import { z } from '@hono/zod-openapi'
import type { Batch, BatchRequest, Recap, RecapQuery } from './assessment.js'

import { Indicator } from './indicator.js'

export { Indicator }

export const Trigger = z.enum(['manual', 'monthly', 'yearly'])
export type Trigger = z.infer<typeof Trigger>

/** The generation parameters of a report (what `POST /v1/reports` takes). */
export const ReportRequest = z.object({
  instansi: z.string().min(1).max(64),
  indicator: Indicator,
  period: z
    .string()
    .regex(/^\d{4}(-\d{2})?$|^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/, "'YYYY', 'YYYY-MM' or 'YYYY-MM-DD..YYYY-MM-DD'")
    .describe('Assessment period in WIB: a calendar year, a month, or first..last day (inclusive)'),
})
export type ReportRequest = z.infer<typeof ReportRequest>

/** One generated report, as stored (immutable). */
export interface ReportRecord {
  id: string
  instansi: string
  indicator: Indicator
  period: string
  period_from: string
  period_to: string
  generated_at: string
  generated_by: string
  trigger: Trigger
  level: number
  sha256: string
  size: number
  pages: number
  evidence_sha256: string
  renderer: string
}

export interface ReportFilter {
  instansi?: string
  indicator?: Indicator
  period?: string
  trigger?: Trigger
}

export const Verification = z
  .object({
    valid: z.boolean().describe('The checked PDF is exactly the document Pantau generated'),
    checked: z.enum(['stored', 'upload']).describe('stored: the copy Pantau holds; upload: the file sent with the request'),
    report_id: z.string().nullable(),
    expected_sha256: z.string().nullable().describe('SHA-256 recorded at generation'),
    actual_sha256: z.string().describe('SHA-256 of the checked bytes'),
    size: z.number().int(),
    report: z
      .object({
        instansi: z.string(),
        indicator: z.string(),
        period: z.string(),
        generated_at: z.string(),
        level: z.number().int(),
        pages: z.number().int(),
        evidence_sha256: z.string(),
      })
      .nullable(),
    message: z.string(),
  })
  .openapi('ReportVerification')
export type Verification = z.infer<typeof Verification>

export interface GenerateOptions {
  request: ReportRequest
  /** Who asked (principal name, or 'scheduler'). */
  by: string
  trigger: Trigger
  /** Public base URL of the API: the verification link printed on every page. */
  baseUrl: string
  now?: number
}

/** The reports part, as the API edge uses it. */
export interface ReportsPort {
  generate(o: GenerateOptions): Promise<ReportRecord>
  get(id: string): Promise<ReportRecord | undefined>
  list(filter: ReportFilter, limit: number, offset: number): Promise<{ rows: ReportRecord[]; total: number }>
  pdf(report: ReportRecord): Promise<Buffer | undefined>
  /** Is Pantau's stored copy of the report intact? */
  verifyStored(id: string): Promise<Verification>
  /** Is this file the report `id` (or, without an id, any report with its digest)? */
  verifyUpload(id: string | undefined, bytes: Buffer): Promise<Verification>
  /** The national recap: every instansi's level for an indicator and period, as its PDF would state it. */
  recap(q: RecapQuery): Promise<Recap>
  /** Report batches: generate many instansi's reports in the background, and their ZIP evidence pack. */
  batches: BatchPort
}

/** A report batch as the reports part answers it (the edge adds links); `instansi`: the codes it covers. */
export type BatchStatus = Omit<Batch, 'links'> & { instansi: string[] }

export interface BatchPort {
  /** Queue a batch (`request.instansi` undefined: every registered instansi). */
  create(request: BatchRequest, by: string, baseUrl: string): Promise<BatchStatus>
  status(id: string): Promise<BatchStatus | undefined>
  /** The ZIP of a finished batch: its PDFs and a manifest of their ids and SHA-256 digests. */
  zip(status: BatchStatus): ReadableStream<Uint8Array>
}

/** The public verification link of a report (printed on every page, and its QR code). */
export const verifyUrl = (baseUrl: string, id: string) => `${baseUrl.replace(/\/+$/, '')}/v1/reports/${id}/verify`
