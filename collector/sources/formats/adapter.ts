/**
 * A native gateway log format: a zod schema of the gateway's own record (the
 * wire shape, as its documentation gives it) and the mapping of a parsed
 * record to a RawRequest in milliseconds and bytes.
 */
import { z } from 'zod'
import { RawRequest, type AuthOutcome, type SourceFormat } from '../../event.js'

export interface FormatAdapter<S extends z.ZodType = z.ZodType> {
  readonly name: SourceFormat
  /** The gateway's record shape. Unknown extra fields are allowed. */
  readonly schema: S
  /**
   * The keys that hold the record's own time. When a shipper envelope wraps a
   * record that has none of them, the shipper's time is put under the first
   * (sources/decode.ts): the fallback, never an override.
   */
  readonly timeKeys: readonly [string, ...string[]]
  /** Cheap structural test used by the `auto` format; must not throw. */
  detect(record: Record<string, unknown>): boolean
  /**
   * Optional fast path (fast.ts): what `schema` would output for the fields
   * toRaw reads, for records it certainly accepts; undefined for any other
   * record, which `schema` then parses (issue 14).
   */
  fast?(record: Record<string, unknown>): z.infer<S> | undefined
  /** Map a record that passed `schema` to a RawRequest. */
  toRaw(record: z.infer<S>): RawRequest
}

/** Accept a field that gateways write as a number or a numeric string. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'string' && v.trim() !== '' && v !== '-') {
    const n = Number(v)
    return Number.isFinite(n) ? n : undefined
  }
  return undefined
}

// ---------------------------------------------------------------------------
// Helpers shared by the native format adapters (kong, apisix, wso2, nginx,
// envoy, pasal13). Gateways write "no value" as null, "" or "-".
// ---------------------------------------------------------------------------

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && (v.trim() === '' || v.trim() === '-'))

/** Optional number: a number or numeric string; null, "" and "-" mean absent. */
export const optNumber = z.preprocess((v) => (isBlank(v) ? undefined : (toNumber(v) ?? v)), z.number().finite().optional())

/** Optional text: a string (trimmed) or a number; null, "" and "-" mean absent. */
export const optText = z.preprocess(
  (v) => (isBlank(v) ? undefined : typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v),
  z.string().optional(),
)

/** Required non-empty text. */
export const reqText = z.string().trim().min(1)

/** Required HTTP method token, upper-cased. */
export const httpMethod = z
  .string()
  .trim()
  .regex(/^[A-Za-z_-]{1,16}$/, 'expected an HTTP method')
  .transform((m) => m.toUpperCase())

/** Required HTTP status code (number or numeric string, 100–599). */
export const httpStatus = z.preprocess((v) => toNumber(v) ?? v, z.number({ error: 'expected an HTTP status code' }).int().min(100).max(599))

/** Required time: ISO 8601 text, or epoch s/ms/µs/ns as number or text; becomes epoch ms. */
export const epochMs = z.preprocess((v) => toEpochMs(v) ?? v, z.number({ error: 'expected an ISO 8601 time or an epoch timestamp' }).int().positive())

/** Epoch ms from ISO 8601 text (no offset = UTC) or an epoch number in s, ms, µs or ns. */
export function toEpochMs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? fromEpochNumber(v) : undefined
  if (typeof v !== 'string') return undefined
  const s = v.trim()
  if (/^\d+(\.\d+)?$/.test(s)) return fromEpochNumber(Number(s))
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) return undefined
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`
  const t = Date.parse(zoned.replace(' ', 'T'))
  return Number.isFinite(t) && t > 0 ? t : undefined
}

function fromEpochNumber(n: number): number | undefined {
  if (n <= 0) return undefined
  if (n < 1e11) return Math.round(n * 1000) // seconds
  if (n < 1e14) return Math.round(n) // milliseconds
  if (n < 1e17) return Math.round(n / 1e3) // microseconds
  return Math.round(n / 1e6) // nanoseconds
}

/** The record with `ms` (as ISO 8601) under the format's first time key, when it has no time of its own. */
export function withFallbackTime(adapter: FormatAdapter, record: Record<string, unknown>, ms: number | undefined): Record<string, unknown> {
  if (ms === undefined || adapter.timeKeys.some((k) => !isBlank(record[k]))) return record
  return { ...record, [adapter.timeKeys[0]]: new Date(ms).toISOString() }
}

/** Seconds (float) to milliseconds, rounded to the microsecond. */
export function secondsToMs(s: number): number {
  return Math.round(s * 1e6) / 1e3
}

/**
 * A latency as logged; -1 is how gateways write "none" (Kong without an
 * upstream), so it is absent. Any other value is kept as it is, and the
 * plausibility bounds (bounds.ts) reject a negative or absurd one by name
 * instead of it silently becoming "no latency".
 */
export function ms(v: number | undefined): number | undefined {
  return v === undefined || v === -1 ? undefined : v
}

/** A byte count as logged (-1 is "none"); out-of-range values are left to the bounds. */
export function bytes(v: number | undefined): number | undefined {
  return v === undefined || v === -1 ? undefined : Number.isFinite(v) ? Math.round(v) : v
}

/** Gateway overhead = total − backend, when both are known; never negative. */
export function overhead(total: number | undefined, backend: number | undefined): number | undefined {
  if (total === undefined || backend === undefined) return undefined
  return Math.max(0, Math.round((total - backend) * 1e3) / 1e3)
}

/** Scheme, host (without port) and path+query of an absolute URL; {} if not one. */
export function splitUrl(url: string | undefined): { scheme?: 'http' | 'https'; host?: string; path?: string } {
  if (!url || !/^https?:\/\//i.test(url)) return {}
  try {
    const u = new URL(url)
    return {
      scheme: u.protocol === 'https:' ? 'https' : 'http',
      host: u.hostname.replace(/^\[|\]$/g, '') || undefined,
      path: `${u.pathname}${u.search}`,
    }
  } catch {
    return {}
  }
}

/** "host:port", "[v6]:port" or "tcp://ip:port" without scheme and port. */
export function hostOnly(v: string | undefined): string | undefined {
  if (!v) return undefined
  const s = v.replace(/^[a-z]+:\/\//i, '')
  const v6 = /^\[([^\]]+)\]/.exec(s)
  if (v6) return v6[1]
  if ((s.match(/:/g) ?? []).length > 1) return s // bare IPv6
  return s.split(':')[0] || undefined
}

/** First non-blank entry of a comma list such as X-Forwarded-For. */
export function firstListItem(v: string | undefined): string | undefined {
  return v
    ?.split(',')
    .map((x) => x.trim())
    .find((x) => x !== '' && x !== '-')
}

/** A header from a logged header map, case-insensitive; the first value of a list. */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return undefined
  const map = headers as Record<string, unknown>
  const want = name.toLowerCase()
  // Gateways log header names in lower case: look that up first, scan only as a fallback.
  let v = map[want]
  if (v === undefined) {
    for (const k in map) {
      if (k.toLowerCase() === want) {
        v = map[k]
        break
      }
    }
  }
  const first = Array.isArray(v) ? v[0] : v
  return typeof first === 'string' && first !== '' ? first : undefined
}

/** Trace id from W3C `traceparent` or B3 `x-b3-traceid` in a logged header map. */
export function traceIdFromHeaders(headers: unknown): string | undefined {
  const tp = headerValue(headers, 'traceparent')?.split('-')[1]
  if (tp && /^[0-9a-f]{32}$/i.test(tp)) return tp.toLowerCase()
  const b3 = headerValue(headers, 'x-b3-traceid')
  return b3 && /^[0-9a-f]{16,32}$/i.test(b3) ? b3.toLowerCase() : undefined
}

/**
 * The auth outcome rule every adapter follows: 401/403 or an explicit failure
 * is 'failure'; then 'anonymous' when the format says so; then 'success' when
 * a consumer/credential was identified; otherwise 'unknown'.
 */
export function authOutcome(a: { status: number; failed?: boolean; anonymous?: boolean; identified?: boolean }): AuthOutcome {
  if (a.failed || a.status === 401 || a.status === 403) return 'failure'
  if (a.anonymous) return 'anonymous'
  if (a.identified) return 'success'
  return 'unknown'
}

const maxLengths = new Map<string, number>()
for (const [key, field] of Object.entries(RawRequest.shape as Record<string, z.ZodType>)) {
  const inner = field instanceof z.ZodOptional ? field.unwrap() : field
  if (inner instanceof z.ZodString && typeof inner.maxLength === 'number') maxLengths.set(key, inner.maxLength)
}

/** Drop absent values and clip text to the RawRequest column limits. */
export function finishRaw(raw: RawRequest): RawRequest {
  const out: Record<string, unknown> = {}
  for (const key in raw) {
    const value = (raw as Record<string, unknown>)[key]
    if (value === undefined || value === '') continue
    const max = maxLengths.get(key)
    out[key] = typeof value === 'string' && max !== undefined && value.length > max ? value.slice(0, max) : value
  }
  return out as RawRequest
}
