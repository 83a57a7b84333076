/**
 * Native gateway access logs: the body of `POST /ingest/{format}` split into
 * records, each decoded on its own (decode.ts) so one bad record never costs
 * its neighbours. A body is what gateways and log shippers send:
 * - NDJSON (Fluent Bit json_lines, Vector newline_delimited, Kong, APISIX …),
 * - one JSON array (Fluent Bit json, Vector's default, Logstash json_batch,
 *   syslog-ng batches), or one JSON object (Logstash json),
 * - raw text lines, one per line (text/plain from Vector's text codec, syslog-ng's
 *   default body of a bare `$MSG`, sent as application/x-www-form-urlencoded but
 *   never URL-encoded, a `curl --data-binary @apim_metrics.log`): each line is
 *   JSON or a known line format (WSO2 apim_metrics.log).
 * Records may be wrapped in a shipper's envelope (envelopes.ts).
 */
import type { CandidateSlice } from '../ingest.js'
import type { Candidate, Rejection } from '../transforms/types.js'
import { payloadText } from '../transforms/types.js'
import { decodeLine, decodeRecord, type NativeFormatName } from './decode.js'
import { formats } from './formats/index.js'
import { deeperThan, MAX_RECORD_DEPTH, tooDeep } from './json-depth.js'

export { type Decoded, decodeWith, type NativeFormatName } from './decode.js'
export const NATIVE_FORMATS = [...Object.keys(formats), 'auto'] as NativeFormatName[]

/** Records decoded per slice of a request (each slice is transformed before the next is decoded). */
export const SLICE_RECORDS = 1000

/** Split a body into candidates and rejections (every record is one or the other). */
export function decodeNative(body: string, format: NativeFormatName): { candidates: Candidate[]; rejections: Rejection[]; total: number } {
  const candidates: Candidate[] = []
  const rejections: Rejection[] = []
  const slices = decodeNativeSlices(body, format, Infinity)
  for (const slice of slices) {
    candidates.push(...slice.candidates)
    rejections.push(...slice.rejections)
  }
  return { candidates, rejections, total: slices.total }
}

/**
 * The same, `sliceSize` records at a time, lazily (issue 14: a request at the
 * body limit no longer holds all its records as objects at once). `total` is
 * the number of records once the slices are consumed.
 */
export function decodeNativeSlices(body: string, format: NativeFormatName, sliceSize = SLICE_RECORDS): Iterable<CandidateSlice> & { total: number } {
  const source = format === 'auto' ? 'native' : format
  const result = {
    total: 0,
    *[Symbol.iterator](): Generator<CandidateSlice> {
      let slice: CandidateSlice = { candidates: [], rejections: [] }
      let index = 0
      for (const item of splitRecords(body)) {
        decodeItem(item, index++, format, source, slice)
        result.total = index
        if (index % sliceSize === 0) {
          yield slice
          slice = { candidates: [], rejections: [] }
        }
      }
      if (slice.candidates.length || slice.rejections.length) yield slice
    },
  }
  return result
}

function decodeItem(item: { text?: string; value?: unknown }, index: number, format: NativeFormatName, source: string, out: CandidateSlice): void {
  const { candidates, rejections } = out
  const reject = (field: string, reason: string, original: unknown) => rejections.push({ index, field, reason, payload: payloadText(original), source })
  let record: unknown = item.value
  if (item.text !== undefined) {
    try {
      record = JSON.parse(item.text)
    } catch (e) {
      const line = decodeLine(format, item.text)
      if (line?.ok) candidates.push({ index, format: line.format, raw: line.raw, original: item.text, valid: true })
      else if (line) reject(line.field, `line ${index + 1}: ${line.reason}`, item.text)
      else {
        // only the position: the parser's message quotes the line around the error (secrets included, keys cut off)
        const at = /position (\d+)/.exec((e as Error).message)?.[1]
        reject('', `line ${index + 1} is not JSON${at === undefined ? '' : ` (at character ${at})`} nor a WSO2 apim_metrics line`, item.text)
      }
      return
    }
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    const line = typeof record === 'string' ? decodeLine(format, record) : undefined
    if (line?.ok) candidates.push({ index, format: line.format, raw: line.raw, original: record, valid: true })
    else if (line) reject(line.field, `record ${index + 1}: ${line.reason}`, record)
    else reject('', `record ${index + 1} is not a JSON object`, record)
    return
  }
  if (deeperThan(record, MAX_RECORD_DEPTH)) {
    reject('', `record ${index + 1} is ${tooDeep(MAX_RECORD_DEPTH)}`, record)
    return
  }
  const d = decodeRecord(format, record as Record<string, unknown>)
  if (d.ok) candidates.push({ index, format: d.format, raw: d.raw, original: record, valid: true })
  else reject(d.field, d.reason, record)
}

/**
 * One JSON array or object (possibly pretty-printed over several lines) is the
 * whole body's records; otherwise every non-empty line is one record, read
 * lazily (the lines are not split out all at once).
 */
function* splitRecords(body: string): Generator<{ text?: string; value?: unknown }> {
  const trimmed = body.trim()
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && trimmed.endsWith('}') && trimmed.includes('\n'))) {
    let whole: unknown
    try {
      whole = JSON.parse(trimmed) as unknown
    } catch {
      /* not one JSON value: lines */
    }
    if (Array.isArray(whole)) {
      for (const value of whole) yield { value }
      return
    }
    if (whole !== null && typeof whole === 'object') {
      yield { value: whole }
      return
    }
  }
  for (let start = 0; start < body.length; ) {
    let end = body.indexOf('\n', start)
    if (end < 0) end = body.length
    const t = body.slice(start, end).trim()
    if (t) yield { text: t }
    start = end + 1
  }
}
