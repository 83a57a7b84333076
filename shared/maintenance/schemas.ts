/**
 * Maintenance windows (issue 13, point 3): the API shapes, the single source
 * for validation, types and OpenAPI. A window belongs to one instansi and
 * covers all of it, one of its APIs (`api_id`) or one of its gateways
 * (`gateway_id`), from `starts_at` until `ends_at`.
 */
import { z } from '@hono/zod-openapi'

const Code = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dot, dash, underscore')

/** The longest window: a month of announced work; longer is not maintenance. */
export const MAX_WINDOW_DAYS = 31
/** How far ahead a window may be announced. */
export const MAX_AHEAD_DAYS = 366

export const MaintenanceInput = z
  .object({
    instansi: Code.describe('The instansi whose work this is (operators: their own)'),
    api_id: z.string().max(128).default('').describe("One API of the instansi; '' = every API"),
    gateway_id: z.string().max(128).default('').describe("One gateway of the instansi; '' = every gateway"),
    starts_at: z.string().datetime({ offset: true }).describe('ISO 8601; not before the raw-data retention'),
    ends_at: z.string().datetime({ offset: true }).describe(`ISO 8601, after starts_at, at most ${MAX_WINDOW_DAYS} days later`),
    reason: z.string().trim().min(1).max(1024).describe('What the work is (shown on the dashboards, reports and status page)'),
  })
  .openapi('MaintenanceInput')
export type MaintenanceInput = z.infer<typeof MaintenanceInput>

export const MaintenanceStatus = z.enum(['scheduled', 'active', 'ended'])

export const MaintenanceWindow = MaintenanceInput.extend({
  id: z.string(),
  api_id: z.string(),
  gateway_id: z.string(),
  starts_at: z.string().describe('ISO 8601 (UTC)'),
  ends_at: z.string().describe('ISO 8601 (UTC)'),
  status: MaintenanceStatus,
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi('MaintenanceWindow')
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>

/** A window as the metrics and the dashboards' charts see it (no author, no stamps). */
export const MaintenanceSpan = z
  .object({
    id: z.string(),
    instansi: z.string(),
    api_id: z.string(),
    gateway_id: z.string(),
    starts_at: z.string().describe('ISO 8601 (UTC)'),
    ends_at: z.string().describe('ISO 8601 (UTC)'),
    reason: z.string(),
  })
  .openapi('MaintenanceSpan')
export type MaintenanceSpan = z.infer<typeof MaintenanceSpan>
