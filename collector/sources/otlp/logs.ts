/**
 * OTLP log records → request candidates. A record is a request when its
 * attributes follow the HTTP semantic conventions, or when its body is a
 * native gateway record (e.g. a Kong or Pasal 13 JSON line shipped by an
 * OpenTelemetry Collector filelog receiver).
 */
import { pasal13Mask, type Pasal13Field } from '../../event.js'
import type { Candidate, Rejection } from '../../transforms/types.js'
import { payloadText } from '../../transforms/types.js'
import { decodeWith } from '../native.js'
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
        const native = typeof body === 'string' ? tryJson(body) : body
        if (native && typeof native === 'object' && !Array.isArray(native)) {
          const decoded = decodeWith('auto', native as Record<string, unknown>)
          if (decoded.ok) {
            candidates.push({ index: i, format: decoded.format, original: item, raw: decoded.raw, valid: true })
            continue
          }
          reject(`logRecords[${i}].body.${decoded.field}`.replace(/\.$/, ''), decoded.reason)
          continue
        }
        reject(
          `logRecords[${i}].attributes`,
          'not an HTTP request log: needs http.request.method and http.response.status_code attributes, or a gateway access-log body',
        )
      }
    }
  }
  return { candidates, rejections, total: index }
}

function tryJson(text: string): unknown {
  const t = text.trim()
  if (!t.startsWith('{')) return undefined
  try {
    return JSON.parse(t)
  } catch {
    return undefined
  }
}
