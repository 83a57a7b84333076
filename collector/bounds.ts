/**
 * Plausibility bounds: what a value from a gateway may be before Pantau
 * stores it. One table, read by the transforms (every record, whatever its
 * source), by the zod row schemas the Kafka writer checks (event.ts), and
 * printed in the README. A record outside them is rejected on its own with
 * the field and the reason — never clamped, never silently stored.
 *
 * Why each bound exists: a latency of 1e300 ms is stored as +Inf and makes
 * every average read 0; a timestamp years ahead lands in a partition of its
 * own, and a batch of them stalls every insert ("too many partitions"); a
 * timestamp older than the retention is deleted by the TTL at once, so the
 * gateway would be told "stored" for data nobody will ever see.
 */

export interface Bound {
  min: number
  max: number
  unit: string
  why: string
}

/** Longest request a gateway can report: one hour (gateways time out far sooner). */
export const MAX_LATENCY_MS = 3_600_000
/** Largest request or response body: 1 TiB. */
export const MAX_BODY_BYTES = 2 ** 40

/** Numeric fields of a request event, with their bounds. */
export const REQUEST_BOUNDS = {
  latency_ms: { min: 0, max: MAX_LATENCY_MS, unit: 'ms', why: 'a request lasts at most an hour' },
  backend_latency_ms: { min: 0, max: MAX_LATENCY_MS, unit: 'ms', why: 'part of the request time' },
  gateway_latency_ms: { min: 0, max: MAX_LATENCY_MS, unit: 'ms', why: 'part of the request time' },
  request_bytes: { min: 0, max: MAX_BODY_BYTES, unit: 'bytes', why: 'a body of at most 1 TiB' },
  response_bytes: { min: 0, max: MAX_BODY_BYTES, unit: 'bytes', why: 'a body of at most 1 TiB' },
  status: { min: 100, max: 599, unit: '', why: 'an HTTP status code' },
} as const satisfies Record<string, Bound>

/** Accepted record times: not older than the retention, not further ahead than the clock skew allowed. */
export interface TimeWindow {
  /** Days events are kept (PANTAU_RAW_TTL_DAYS): an older record would be deleted as soon as it is stored. */
  maxAgeDays: number
  /** How far ahead of this collector's clock a record may be (PANTAU_MAX_FUTURE_S): gateway clock skew. */
  maxFutureMs: number
}

export const DEFAULT_TIME_WINDOW: TimeWindow = { maxAgeDays: 400, maxFutureMs: 10 * 60_000 }

export interface Violation {
  field: string
  reason: string
}

const show = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : Number.isNaN(v) ? 'NaN' : '-Infinity')

/** The first value outside its bound, or undefined. `undefined` / `null` values are absent, not wrong. */
export function checkBounds(values: Readonly<Record<string, unknown>>, bounds: Readonly<Record<string, Bound>>): Violation | undefined {
  for (const field in bounds) {
    const v = values[field]
    if (v === undefined || v === null) continue
    const b = bounds[field]!
    if (typeof v !== 'number' || !(v >= b.min && v <= b.max))
      return {
        field,
        reason: `${show(Number(v))}${b.unit ? ` ${b.unit}` : ''} is outside the plausible range ${b.min}–${b.max}${b.unit ? ` ${b.unit}` : ''} (${b.why})`,
      }
  }
  return undefined
}

/** A record time (epoch ms) outside the accepted window, or undefined. */
export function checkTime(field: string, ms: number, now: number, w: TimeWindow): Violation | undefined {
  const oldest = now - w.maxAgeDays * 86_400_000
  const newest = now + w.maxFutureMs
  if (!Number.isFinite(ms) || ms < oldest)
    return { field, reason: `time ${isoOrRaw(ms)} is older than the retention of ${w.maxAgeDays} days (it would be deleted at once)` }
  if (ms > newest)
    return {
      field,
      reason: `time ${isoOrRaw(ms)} is more than ${Math.round(w.maxFutureMs / 1000)} s ahead of the collector's clock (${new Date(now).toISOString()})`,
    }
  return undefined
}

const isoOrRaw = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : show(ms))

/** Bounds of a normalized request: its numbers, then its time. */
export function checkRequest(r: Readonly<Record<string, unknown>> & { ts: number }, now: number, w: TimeWindow): Violation | undefined {
  return checkBounds(r, REQUEST_BOUNDS) ?? checkTime('ts', r.ts, now, w)
}
