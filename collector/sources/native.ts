/**
 * Native gateway access logs: newline-delimited JSON (or one JSON array) of
 * records in one gateway format, or `auto` to detect the format per record.
 */
import type { RawRequest, SourceFormat } from '../event.js'
import type { Candidate, Rejection } from '../transforms/types.js'
import { payloadText, zodProblem } from '../transforms/types.js'
import { detectFormat, formats } from './formats/index.js'
import { deeperThan, MAX_RECORD_DEPTH, tooDeep } from './json-depth.js'

export type NativeFormatName = keyof typeof formats | 'auto'
export const NATIVE_FORMATS = [...Object.keys(formats), 'auto'] as NativeFormatName[]

export type Decoded = { ok: true; format: SourceFormat; raw: RawRequest } | { ok: false; field: string; reason: string }

/** Decode one record with the named adapter (or the detected one). */
export function decodeWith(format: NativeFormatName, record: Record<string, unknown>): Decoded {
  const adapter = format === 'auto' ? detectFormat(record) : formats[format]
  if (!adapter) return { ok: false, field: '', reason: `record matches none of the formats: ${Object.keys(formats).join(', ')}` }
  const parsed = adapter.schema.safeParse(record)
  if (!parsed.success) return { ok: false, ...zodProblem(parsed.error) }
  try {
    return { ok: true, format: adapter.name, raw: adapter.toRaw(parsed.data as never) }
  } catch (e) {
    return { ok: false, field: '', reason: (e as Error).message }
  }
}

/** Split an NDJSON (or JSON array) body into candidates and rejections. */
export function decodeNative(body: string, format: NativeFormatName): { candidates: Candidate[]; rejections: Rejection[]; total: number } {
  const candidates: Candidate[] = []
  const rejections: Rejection[] = []
  const records = splitRecords(body)
  const source = format === 'auto' ? 'native' : format
  records.forEach((item, index) => {
    let record: unknown = item.value
    if (item.text !== undefined) {
      try {
        record = JSON.parse(item.text)
      } catch (e) {
        // only the position: the parser's message quotes the line around the error (secrets included, keys cut off)
        const at = /position (\d+)/.exec((e as Error).message)?.[1]
        rejections.push({
          index,
          field: '',
          reason: `line ${index + 1} is not JSON${at === undefined ? '' : ` (at character ${at})`}`,
          payload: payloadText(item.text),
          source,
        })
        return
      }
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      rejections.push({ index, field: '', reason: `record ${index + 1} is not a JSON object`, payload: payloadText(record), source })
      return
    }
    if (deeperThan(record, MAX_RECORD_DEPTH)) {
      rejections.push({ index, field: '', reason: `record ${index + 1} is ${tooDeep(MAX_RECORD_DEPTH)}`, payload: payloadText(record), source })
      return
    }
    const d = decodeWith(format, record as Record<string, unknown>)
    if (d.ok) candidates.push({ index, format: d.format, raw: d.raw, original: record, valid: true })
    else rejections.push({ index, field: d.field, reason: d.reason, payload: payloadText(record), source })
  })
  return { candidates, rejections, total: records.length }
}

function splitRecords(body: string): Array<{ text?: string; value?: unknown }> {
  const trimmed = body.trimStart()
  if (trimmed.startsWith('[')) {
    try {
      const arr = JSON.parse(trimmed) as unknown
      if (Array.isArray(arr)) return arr.map((value) => ({ value }))
    } catch {
      /* not one array: treat as NDJSON */
    }
  }
  const out: Array<{ text: string }> = []
  for (const line of body.split('\n')) {
    const t = line.trim()
    if (t) out.push({ text: t })
  }
  return out
}
