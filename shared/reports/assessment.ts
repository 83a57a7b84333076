/**
 * Wire shapes of the assessment-season endpoints: the national recap of
 * Indikator 7/18 levels (`GET /v1/assessment/recap`) and report batches with
 * their ZIP evidence pack (`/v1/reports/batch`). The API validates and
 * documents with these schemas, the reports part fills them, and the web UI
 * reads their inferred types.
 */
import { z } from '@hono/zod-openapi'
import { Indicator } from './indicator.js'

const int = z.number().int()
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/

export const RecapQuery = z.object({
  indicator: Indicator.default('i18'),
  period: z
    .string()
    .regex(PERIOD, "'YYYY' or 'YYYY-MM'")
    .default(() => String(new Date(Date.now() + 7 * 3600e3).getUTCFullYear()))
    .describe('Assessment period in WIB: a calendar year (or month); default the current year'),
  instansi: z.string().min(1).max(64).optional().describe('Only this instansi (operators: always their own)'),
})
export type RecapQuery = z.infer<typeof RecapQuery>

export const RecapCriterion = z.object({
  id: z.string(),
  level: int,
  met: z.boolean(),
  data: z.string().describe('The numbers the decision rests on'),
  reason: z.string(),
})

export const RecapRow = z.object({
  instansi: z.string(),
  name: z.string(),
  kind: z.string(),
  region: z.string(),
  level: int.describe('Maturity level (0–5) the data supports in the period: the level its PDF states'),
  previous_level: int.describe('The level the data supports in the previous period'),
  level_change: int.describe('level − previous_level'),
  criteria: z.array(RecapCriterion),
  report_id: z.string().nullable().describe('The latest report generated for this instansi, indicator and period'),
  report_sha256: z.string().nullable().describe('SHA-256 of that PDF'),
  report_level: int.nullable().describe('The level that report states (data may have changed since)'),
  report_generated_at: z.string().nullable(),
})
export type RecapRow = z.infer<typeof RecapRow>

export const Recap = z
  .object({
    rows: z.array(RecapRow),
    distribution: z.array(z.object({ level: int, instansi: int })).describe('Instansi per level, 0–5'),
    criteria: z.array(z.object({ id: z.string(), level: int, text: z.string() })).describe('The criteria of the indicator (Indonesian text)'),
    indicator: Indicator,
    period: z.string(),
    previous_period: z.string(),
    computed_ms: z.number().describe('Time taken to gather and assess, ms'),
  })
  .openapi('AssessmentRecap')
export type Recap = z.infer<typeof Recap>

export const BatchRequest = z
  .object({
    indicator: Indicator,
    period: z
      .string()
      .regex(/^\d{4}(-\d{2})?$|^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/, "'YYYY', 'YYYY-MM' or 'YYYY-MM-DD..YYYY-MM-DD'")
      .describe('Assessment period in WIB'),
    instansi: z.array(z.string().min(1).max(64)).min(1).max(5000).optional().describe('Default: every registered instansi (operators: their own)'),
  })
  .openapi('ReportBatchRequest')
export type BatchRequest = z.infer<typeof BatchRequest>

export const BatchState = z.enum(['queued', 'running', 'done', 'interrupted'])
export type BatchState = z.infer<typeof BatchState>

export const BatchItem = z.object({
  instansi: z.string(),
  state: z.enum(['done', 'failed']),
  report_id: z.string().nullable(),
  sha256: z.string().nullable(),
  level: int.nullable(),
  error: z.string().nullable(),
})
export type BatchItem = z.infer<typeof BatchItem>

export const Batch = z
  .object({
    id: z.string(),
    indicator: Indicator,
    period: z.string(),
    state: BatchState.describe('queued → running → done; interrupted: the process stopped mid-batch and it resumes at the next start'),
    total: int,
    done: int.describe('reports generated'),
    failed: int.describe('instansi whose report failed (see `failures`)'),
    failures: z.array(z.object({ instansi: z.string(), reason: z.string() })),
    requested_by: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    resumed: int.describe('times the batch was taken up again after a restart'),
    items: z.array(BatchItem),
    links: z.object({ self: z.string(), zip: z.string() }),
  })
  .openapi('ReportBatch')
export type Batch = z.infer<typeof Batch>
