/**
 * OTLP spans → request candidates. Gateways with OpenTelemetry tracing
 * (Kong, APISIX, Envoy, WSO2) emit one SERVER span per request; its HTTP
 * attributes and duration are the request event. Other spans are ignored,
 * not rejected: a trace naturally holds internal and client spans too.
 */
import type { Candidate, Rejection } from '../../transforms/types.js'
import { payloadText } from '../../transforms/types.js'
import { attributesToObject, type ExportTraceRequest, parseLeaf, Span } from './schema.js'
import { isHttpRequest, rawFromHttpAttributes } from './semconv.js'

const SERVER = new Set<number | string>([2, 'SPAN_KIND_SERVER'])

export function tracesToCandidates(req: ExportTraceRequest, trusted = false): { candidates: Candidate[]; rejections: Rejection[]; total: number } {
  const candidates: Candidate[] = []
  const rejections: Rejection[] = []
  let index = 0
  for (const rs of req.resourceSpans ?? []) {
    const resource = attributesToObject(rs.resource?.attributes)
    for (const ss of rs.scopeSpans ?? []) {
      for (const item of ss.spans ?? []) {
        const i = index++
        const parsed = parseLeaf(Span, item, trusted)
        if (!parsed.success) {
          const p = parsed
          rejections.push({
            index: i,
            field: `spans[${i}]${p.field ? `.${p.field}` : ''}`,
            reason: p.reason,
            payload: payloadText(item),
            source: 'otlp_traces',
          })
          continue
        }
        const span = parsed.data
        const attrs = attributesToObject(span.attributes)
        if (!SERVER.has(span.kind ?? 0) || !isHttpRequest(attrs)) continue
        if (!span.startTimeUnixNano || !span.endTimeUnixNano) {
          rejections.push({
            index: i,
            field: `spans[${i}].startTimeUnixNano`,
            reason: 'a server span needs its start and end time',
            payload: payloadText(item),
            source: 'otlp_traces',
          })
          continue
        }
        const start = BigInt(span.startTimeUnixNano)
        const end = BigInt(span.endTimeUnixNano)
        const raw = rawFromHttpAttributes(attrs, Number(start / 1_000_000n), resource)
        candidates.push({
          index: i,
          format: 'otlp_traces',
          original: item,
          raw: {
            ...raw,
            latency_ms: raw.latency_ms ?? Number(end - start) / 1e6,
            trace_id: span.traceId || undefined,
            request_id: raw.request_id ?? (span.traceId || undefined),
            route: raw.route,
          },
        })
      }
    }
  }
  return { candidates, rejections, total: index }
}
