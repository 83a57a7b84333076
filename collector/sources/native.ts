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
import type { Candidate, Rejection } from '../transforms/types.js'
import { payloadText } from '../transforms/types.js'
import { decodeLine, decodeRecord, type NativeFormatName } from './decode.js'
import { formats } from './formats/index.js'
import { deeperThan, MAX_RECORD_DEPTH, tooDeep } from './json-depth.js'

export { type Decoded, decodeWith, type NativeFormatName } from './decode.js'
export const NATIVE_FORMATS = [...Object.keys(formats), 'auto'] as NativeFormatName[]

/** Split a body into candidates and rejections (every record is one or the other). */
export function decodeNative(body: string, format: NativeFormatName): { candidates: Candidate[]; rejections: Rejection[]; total: number } {
  const candidates: Candidate[] = []
  const rejections: Rejection[] = []
  const records = splitRecords(body)
  const source = format === 'auto' ? 'native' : format
  records.forEach((item, index) => {
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
  })
  return { candidates, rejections, total: records.length }
}

/**
 * One JSON array or object (possibly pretty-printed over several lines) is the
 * whole body's records; otherwise every non-empty line is one record.
 */
function splitRecords(body: string): Array<{ text?: string; value?: unknown }> {
  const trimmed = body.trim()
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && trimmed.endsWith('}') && trimmed.includes('\n'))) {
    try {
      const whole = JSON.parse(trimmed) as unknown
      if (Array.isArray(whole)) return whole.map((value) => ({ value }))
      if (whole !== null && typeof whole === 'object') return [{ value: whole }]
    } catch {
      /* not one JSON value: lines */
    }
  }
  const out: Array<{ text: string }> = []
  for (const line of body.split('\n')) {
    const t = line.trim()
    if (t) out.push({ text: t })
  }
  return out
}
