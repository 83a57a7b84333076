/**
 * OTLP log records → request candidates. A record is a request when its
 * attributes follow the HTTP semantic conventions, or when its body is a
 * native gateway record: a JSON line (Kong, Pasal 13, nginx …, as text or as a
 * map), the same inside a log shipper's envelope (a filelog body that is a
 * Fluent Bit–style `{"date":…,"log":"…"}`), or a WSO2 apim_metrics.log line, as
 * an OpenTelemetry Collector filelog receiver ships them (sources/decode.ts).
 * The record's time (else its observed time) is the fallback for a line
 * without a time of its own. Every other record is refused with the reason.
 */
import { pasal13Mask, type Pasal13Field } from '../../event.js'
import type { Candidate, Rejection } from '../../transforms/types.js'
import { payloadText } from '../../transforms/types.js'
import { type Decoded, decodeLine, decodeRecord } from '../decode.js'
import { deeperThan, MAX_RECORD_DEPTH, tooDeep } from '../json-depth.js'
import { anyValueToJs, attributesToObject, type ExportLogsRequest, LogRecord, parseLeaf } from './schema.js'
import { isHttpRequest, rawFromHttpAttributes } from './semconv.js'

export const nanosToMillis = (ns: string | undefined): number | undefined =>
  ns === undefined || ns === '0' ? undefined : Math.floor(Number(BigInt(ns) / 1_000_000n))

export function logsToCandidates(req: ExportLogsRequest, trusted = false): { candidates: Candidate[]; rejections: Rejection[]; total: number } {
  const candidates: Candidate[] = []
  const rejections: Rejection[] = []
  let index = 0
  for (const rl of req.resourceLogs ?? []) {
    const resource = attributesToObject(rl.resource?.attributes)
    for (const sl of rl.scopeLogs ?? []) {
      for (const item of sl.logRecords ?? []) {
        const i = index++
        const reject = (field: string, reason: string) => rejections.push({ index: i, field, reason, payload: payloadText(item), source: 'otlp_logs' })
        const parsed = parseLeaf(LogRecord, item, trusted)
        if (!parsed.success) {
          const p = parsed
          reject(`logRecords[${i}]${p.field ? `.${p.field}` : ''}`, p.reason)
          continue
        }
        const rec = parsed.data
        const attrs = attributesToObject(rec.attributes)
        const ts = nanosToMillis(rec.timeUnixNano) ?? nanosToMillis(rec.observedTimeUnixNano)
        const body = anyValueToJs(rec.body)
        if (isHttpRequest(attrs)) {
          const raw = rawFromHttpAttributes(attrs, ts ?? 0, resource)
          const present: Pasal13Field[] = ['timestamp', 'method', 'endpoint', 'statusCode']
          if (raw.latency_ms !== undefined) present.push('duration')
          if (rec.severityText || rec.severityNumber) present.push('level')
          if (raw.service) present.push('service')
          if (raw.request_id || rec.traceId) present.push('requestId')
          if (raw.user_id) present.push('userId')
          if (typeof body === 'string' && body) present.push('message')
          candidates.push({
            index: i,
            format: 'otlp_logs',
            original: item,
            raw: {
              ...raw,
              trace_id: rec.traceId || undefined,
              request_id: raw.request_id ?? (rec.traceId || undefined),
              level: rec.severityText?.toLowerCase() || undefined,
              message: typeof body === 'string' ? body.slice(0, 2048) : undefined,
              log_fields_mask: pasal13Mask(present),
            },
          })
          continue
        }
        const decoded = decodeBody(body, ts)
        if (decoded.ok) candidates.push({ index: i, format: decoded.format, original: item, raw: decoded.raw, valid: true })
        else reject(`logRecords[${i}].${decoded.field}`, decoded.reason)
      }
    }
  }
  return { candidates, rejections, total: index }
}

const NOT_A_REQUEST =
  'not an HTTP request log: needs http.request.method and http.response.status_code attributes, or a body holding a gateway access-log record (JSON, bare or in a shipper envelope) or a WSO2 apim_metrics line'

/**
 * A log record body as a native record or line (the attributes were no HTTP
 * request). A failure's field is relative to the log record: `body…` when the
 * body is a gateway record or line that is broken, `attributes` when it is none.
 */
function decodeBody(body: unknown, ts: number | undefined): Decoded {
  const none = (what: string): Decoded => ({ ok: false, field: 'attributes', reason: `${NOT_A_REQUEST}; the body is ${what}` })
  if (typeof body === 'string') {
    const t = body.trim()
    const json = t.startsWith('{') ? parseObject(t) : undefined
    if (json && deeperThan(json, MAX_RECORD_DEPTH)) return { ok: false, field: 'body', reason: `body JSON is ${tooDeep(MAX_RECORD_DEPTH)}` }
    if (json) return inBody(decodeRecord('auto', json, ts))
    const line = decodeLine('auto', t, ts)
    if (line?.ok) return line
    if (line) return { ok: false, field: line.field ? `body.${line.field}` : 'body', reason: line.field ? line.reason : `body is a ${line.reason}` }
    return none(t.startsWith('{') ? 'not valid JSON' : t === '' ? 'empty' : 'text of no known format')
  }
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) return inBody(decodeRecord('auto', body as Record<string, unknown>, ts))
  return none(body === undefined || body === null ? 'empty' : Array.isArray(body) ? 'an array' : `a ${typeof body}`)
}

/** A JSON body that matches no format is "not an HTTP request log"; a broken record names its field in the body. */
function inBody(d: Decoded): Decoded {
  if (d.ok) return d
  if (d.field === '') return { ok: false, field: 'attributes', reason: `${NOT_A_REQUEST}; the body's JSON ${d.reason.replace(/^record /, '')}` }
  return { ...d, field: `body.${d.field}` }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
