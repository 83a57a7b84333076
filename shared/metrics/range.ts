/**
 * Time ranges and filters shared by every metric endpoint. `from`/`to` take
 * ISO 8601 instants or Grafana-style relative times (`now`, `now-30d`,
 * `now-6h`); the default is the last 24 hours.
 */
import { z } from '@hono/zod-openapi'
import { badRequest } from '../http/problem.js'

const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }
const RELATIVE = /^now(?:-(\d+)([smhdw]))?$/

export function parseInstant(v: string, now = Date.now()): number | undefined {
  const rel = RELATIVE.exec(v)
  if (rel) return rel[1] ? now - Number(rel[1]) * UNITS[rel[2]] : now
  if (/^\d{10,13}$/.test(v)) return v.length === 13 ? Number(v) : Number(v) * 1000
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined
  const t = Date.parse(/T|\s/.test(v) || v.length > 10 ? v : `${v}T00:00:00+07:00`)
  return Number.isNaN(t) ? undefined : t
}

const Instant = z.string().openapi({ description: 'ISO 8601 instant, epoch seconds/ms, or relative (now, now-30d)', example: 'now-30d' })

export const MAX_RANGE_MS = 400 * 86400e3

export const RangeQuery = z.object({
  from: Instant.optional(),
  to: Instant.optional(),
  instansi: z.string().min(1).max(64).optional().openapi({ description: 'Provider instansi code' }),
  gateway: z.string().min(1).max(64).optional(),
  api: z.string().min(1).max(64).optional().openapi({ description: 'Registered API id' }),
  consumer: z.string().min(1).max(256).optional().openapi({ description: 'Consumer (application) id' }),
})
export type RangeQuery = z.infer<typeof RangeQuery>
export type Range = RangeQuery & { fromMs: number; toMs: number }

/** Resolve from/to; a bad value is a 400 naming the field. */
export function resolveRange(q: RangeQuery, now = Date.now(), defaultSpanMs = 86400e3): Range {
  const to = q.to === undefined ? now : parseInstant(q.to, now)
  if (to === undefined) throw badRequest('to', `not an instant: '${q.to}'`)
  // without `from`, the span before `to` (not before now: `?to=` alone is a window ending there)
  const from = q.from === undefined ? to - defaultSpanMs : parseInstant(q.from, now)
  if (from === undefined) throw badRequest('from', `not an instant: '${q.from}'`)
  if (from >= to) throw badRequest('from', 'from must be before to')
  if (to - from > MAX_RANGE_MS) throw badRequest('from', 'range longer than 400 days')
  return { ...q, fromMs: from, toMs: to }
}
