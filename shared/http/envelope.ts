/**
 * The response envelope of Permenkomdigi 3/2025 Pasal 6: status, code,
 * message, data, pagination, meta, timestamp.
 */
import { z } from 'zod'

export const Pagination = z.object({
  page: z.number().int(),
  per_page: z.number().int(),
  total: z.number().int().optional(),
  /** The total is an estimate (lists that count exactly only up to a limit, e.g. /v1/events above 1,000,000). */
  total_approximate: z.boolean().optional(),
  next_cursor: z.string().optional(),
})
export type Pagination = z.infer<typeof Pagination>

export function envelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({
    status: z.literal('success'),
    code: z.number().int(),
    message: z.string(),
    data,
    pagination: Pagination.optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    timestamp: z.string().describe('ISO 8601, Asia/Jakarta offset'),
  })
}

export interface Envelope<T> {
  status: 'success'
  code: number
  message: string
  data: T
  pagination?: Pagination
  meta?: Record<string, unknown>
  timestamp: string
}

export function envelope<T>(data: T, opts: { code?: number; message?: string; pagination?: Pagination; meta?: Record<string, unknown> } = {}): Envelope<T> {
  return {
    status: 'success',
    code: opts.code ?? 200,
    message: opts.message ?? 'OK',
    data,
    ...(opts.pagination ? { pagination: opts.pagination } : {}),
    ...(opts.meta ? { meta: opts.meta } : {}),
    timestamp: jakartaIso(new Date()),
  }
}

/** ISO 8601 in Asia/Jakarta (UTC+07:00, no daylight saving). */
export function jakartaIso(d: Date): string {
  const shifted = new Date(d.getTime() + 7 * 3600_000)
  return shifted.toISOString().replace('Z', '+07:00')
}
