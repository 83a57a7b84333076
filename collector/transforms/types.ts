/** What flows between the sources and the transforms. */
import type { SourceFormat } from '../event.js'
import { needsRedaction, redactInPlace, redactRecord, redactText } from './redact.js'

/** One decoded record on its way to becoming a RequestEvent. */
export interface Candidate {
  /** Position of the record in its request, for error reports. */
  index: number
  format: SourceFormat
  /** A RawRequest candidate: validated by the transforms unless `valid`. */
  raw: unknown
  /**
   * Already a valid RawRequest: a native adapter's output, whose input passed
   * the gateway format's zod schema and which finishRaw bounds (the format
   * tests check every adapter's output against RawRequest).
   */
  valid?: boolean
  /** The original record, kept for the dead-letter table. */
  original: unknown
}

/** A record that did not become an event, and why. */
export interface Rejection {
  index: number
  /** Dotted path of the offending field ('' when the record as a whole is wrong). */
  field: string
  reason: string
  /** The original record as text (truncated), for the dead-letter table. */
  payload: string
  source: string
}

/** The gateway an ingest token belongs to. */
export interface GatewayContext {
  gatewayId: string
  instansi: string
}

const MAX_PAYLOAD = 16 * 1024

/** A record as text for the dead-letter table (or raw_records): redacted (redact.ts), cut at `max` characters. */
export function payloadText(original: unknown, max = MAX_PAYLOAD): string {
  // a record with nothing to redact is serialized as it is, without the redacted copy
  return recordText(original, max, (o) => (needsRedaction(o) ? redactRecord(o) : o))
}

/**
 * `payloadText` of a record the caller is done with (a raw record, once its
 * event is built): the same text, redacted in the record itself instead of a copy.
 */
export function consumedPayloadText(original: unknown, max: number): string {
  return recordText(original, max, redactInPlace)
}

function recordText(original: unknown, max: number, redacted: (record: unknown) => unknown): string {
  const text = typeof original === 'string' ? redactText(original) : (JSON.stringify(redacted(original)) ?? String(original))
  return text.length > max ? text.slice(0, max) : text
}

/** The first zod issue as (field, reason), field as a dotted path. */
export function zodProblem(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): {
  field: string
  reason: string
} {
  const issue = error.issues[0]
  const field = issue ? issue.path.map(String).join('.') : ''
  return { field, reason: issue ? issue.message : 'invalid record' }
}
