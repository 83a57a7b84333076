/**
 * Building blocks of the adapters' fast paths (issue 14: zod parsing of every
 * native record was a large share of the ingest profile). Each mirrors one
 * field schema of adapter.ts exactly on the values it accepts and returns
 * BAD for anything else; an adapter's `fast` returns undefined as soon as one
 * field is BAD, and the record is then parsed by its zod schema — which stays
 * the source of truth for the shape and for every error message.
 * test/unit/formats-fast.test.ts checks each fast path against its schema.
 */
import { toEpochMs, toNumber } from './adapter.js'

export const BAD: unique symbol = Symbol('not for the fast path')
export type Bad = typeof BAD

const isBlankText = (t: string) => t === '' || t === '-'

/** optText: absent, "", "-" → undefined; a number → its text; a string → trimmed. */
export function fText(v: unknown): string | undefined | Bad {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'string') {
    const t = v.trim()
    return isBlankText(t) ? undefined : t
  }
  return typeof v === 'number' ? String(v) : BAD
}

/** optNumber: absent, "", "-" → undefined; a finite number or numeric text → the number. */
export function fNumber(v: unknown): number | undefined | Bad {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'number') return Number.isFinite(v) ? v : BAD
  if (typeof v === 'string') {
    if (isBlankText(v.trim())) return undefined
    const n = toNumber(v)
    return n === undefined ? BAD : n
  }
  return BAD
}

/** reqText: a string, trimmed, not empty. */
export function fReqText(v: unknown): string | Bad {
  if (typeof v !== 'string') return BAD
  const t = v.trim()
  return t.length >= 1 ? t : BAD
}

const METHOD = /^[A-Za-z_-]{1,16}$/
/** httpMethod: a method token, upper-cased. */
export function fMethod(v: unknown): string | Bad {
  if (typeof v !== 'string') return BAD
  const t = v.trim()
  return METHOD.test(t) ? t.toUpperCase() : BAD
}

/** httpStatus: an integer 100–599, as a number or numeric text. */
export function fStatus(v: unknown): number | Bad {
  const n = toNumber(v)
  return n !== undefined && Number.isSafeInteger(n) && n >= 100 && n <= 599 ? n : BAD
}

/** epochMs: ISO 8601 text or an epoch number → a positive integer of epoch ms. */
export function fEpochMs(v: unknown): number | Bad {
  const t = toEpochMs(v)
  return t !== undefined && Number.isSafeInteger(t) && t > 0 ? t : BAD
}

/** A (loose) object field: the object itself; `nullish` lets undefined and null through as they are. */
export function fObject(v: unknown, nullish: boolean): Record<string, unknown> | null | undefined | Bad {
  if (v === undefined || v === null) return nullish ? v : BAD
  return typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : BAD
}
