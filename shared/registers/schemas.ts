/**
 * The registers behind the reports: internal policy documents on using the
 * SPL (Indikator 7) and the reviews/evaluations of the SPL or of the policy
 * with their findings and follow-ups (Indikator 18 levels 4–5, Indikator 7
 * level 5). One zod source for validation, types and OpenAPI.
 */
import { z } from '@hono/zod-openapi'
import { SCOPE_IDS } from './policy-scope.js'

const Id = z
  .string()
  .min(2)
  .max(96)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dot, dash, underscore')
const Day = z.iso.date().describe('YYYY-MM-DD (WIB)')
const Stamps = { created_at: z.string(), updated_at: z.string() }

export const PolicyKind = z.enum(['peraturan', 'keputusan', 'surat_edaran', 'lainnya'])
export const PolicyStatus = z.enum(['draft', 'enacted', 'revoked']).describe('draft: concept being drafted or enacted; enacted: in force; revoked')

const PolicyFields = z.object({
  id: Id.optional().describe('Generated from instansi and number (or title) when omitted'),
  instansi: Id,
  number: z.string().max(160).default('').openapi({ example: 'Peraturan Wali Kota Bandung Nomor 12 Tahun 2025' }),
  title: z.string().min(3).max(512).openapi({ example: 'Penggunaan Sistem Penghubung Layanan di Lingkungan Pemerintah Kota Bandung' }),
  kind: PolicyKind.default('peraturan'),
  status: PolicyStatus,
  date: Day.describe('Date of enactment, or of the latest draft'),
  scope: z.array(z.enum(SCOPE_IDS)).max(SCOPE_IDS.length).default([]).describe('Scope items of SPL use the document governs'),
  supersedes: z.string().max(96).default('').describe('Id of the policy this one replaces or amends'),
  notes: z.string().max(2000).default(''),
})
export const PolicyInput = PolicyFields.refine((p) => p.status === 'draft' || p.number.length > 0, {
  message: 'an enacted or revoked policy needs its number',
  path: ['number'],
}).openapi('PolicyInput')
export type PolicyInput = z.infer<typeof PolicyInput>

export const Policy = PolicyFields.extend({
  id: z.string(),
  document_sha256: z.string().describe("SHA-256 of the uploaded document ('' until uploaded)"),
  document_name: z.string(),
  document_size: z.number().int(),
  ...Stamps,
}).openapi('Policy')
export type Policy = z.infer<typeof Policy>

export const ReviewKind = z.enum(['reviu', 'evaluasi'])
export const ReviewSubject = z.enum(['spl', 'kebijakan']).describe('spl: the SPL and its use (Indikator 18); kebijakan: the internal policy (Indikator 7)')
export const FollowUpStatus = z.enum(['rencana', 'proses', 'selesai'])

export const FollowUp = z
  .object({
    action: z.string().min(3).max(1000),
    status: FollowUpStatus.default('rencana'),
    due: Day.nullable().default(null),
    done_at: Day.nullable().default(null),
    evidence: z.string().max(1000).default('').describe('Where the improvement can be seen'),
  })
  .refine((f) => f.status !== 'selesai' || f.done_at !== null, { message: "a finished ('selesai') follow-up needs done_at", path: ['done_at'] })

export const ReviewInput = z
  .object({
    id: Id.optional(),
    instansi: Id,
    date: Day,
    kind: ReviewKind,
    subject: ReviewSubject.default('spl'),
    title: z.string().min(3).max(512).openapi({ example: 'Reviu Semester I Penyelenggaraan SPL' }),
    reviewer: z.string().max(256).default(''),
    findings: z.array(z.string().min(1).max(2000)).max(100).default([]),
    follow_ups: z.array(FollowUp).max(100).default([]),
  })
  .openapi('SplReviewInput')
export type ReviewInput = z.infer<typeof ReviewInput>
export const Review = ReviewInput.extend({ id: z.string(), ...Stamps }).openapi('SplReview')
export type Review = z.infer<typeof Review>

export const POLICY_COLUMNS = [
  'id',
  'instansi',
  'number',
  'title',
  'kind',
  'status',
  'date',
  'scope',
  'supersedes',
  'notes',
  'document_sha256',
  'document_name',
  'document_size',
] as const
export const REVIEW_COLUMNS = ['id', 'instansi', 'date', 'kind', 'subject', 'title', 'reviewer', 'findings', 'follow_ups'] as const
