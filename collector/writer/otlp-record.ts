/**
 * One OpenTelemetry Collector Kafka record → a decoded OTLP Export request,
 * with the OTLP/HTTP source's own decoders (sources/otlp/export.ts), so a
 * record is read exactly as the same data posted to /v1/logs would be.
 *
 * The kafka exporter writes one record per export batch for `otlp_proto`
 * (default) and `otlp_json`, and one record per log line for `raw` (the body
 * itself; a string body JSON-quoted, a map body as a JSON object). No header
 * names the encoding, so the first byte does: `{"resource…` (or any JSON
 * object of traces or metrics) is OTLP/JSON, a JSON string or another JSON
 * object of logs is a raw log line, anything else is protobuf. The signal comes from the `otelcol.signal` header
 * (`signal_header: true`), else from the topic (config.ts).
 */
import type { IHeaders } from 'kafkajs'
import type { OtlpSignal } from '../kafka/config.js'
import { type DecodedExport, decodeOtlp } from '../sources/otlp/export.js'
import type { ExportLogsRequest } from '../sources/otlp/schema.js'
import { payloadText } from '../transforms/types.js'
import { headerValues } from './otlp-attribution.js'

/** The header the exporter sets with `signal_header: true`. */
export const SIGNAL_HEADER = 'otelcol.signal'

export type RecordEncoding = 'otlp_proto' | 'otlp_json' | 'raw'

export type DecodedRecord = { ok: true; signal: OtlpSignal; encoding: RecordEncoding; decoded: DecodedExport } | { ok: false; field: string; reason: string }

const SIGNALS: readonly string[] = ['logs', 'traces', 'metrics']
const OTLP_JSON = /^\s*\{\s*"resource(Logs|Spans|Metrics)"/

/** The record's signal: its header, else its topic's; a reason when neither tells. */
export function signalOf(headers: IHeaders | undefined, topicSignal: OtlpSignal | undefined): OtlpSignal | { field: string; reason: string } {
  const values = headerValues(headers, SIGNAL_HEADER)
  if (values !== undefined) {
    const v = values[0]?.trim().toLowerCase() ?? ''
    if (SIGNALS.includes(v)) return v as OtlpSignal
    return { field: `header ${SIGNAL_HEADER}`, reason: `signal '${v.slice(0, 40)}' is not logs, traces or metrics` }
  }
  if (topicSignal) return topicSignal
  return {
    field: `header ${SIGNAL_HEADER}`,
    reason:
      'cannot tell the signal: no otelcol.signal header (exporter signal_header: true) and the topic is not named for one (PANTAU_OTLP_KAFKA_TOPICS topic:logs)',
  }
}

/**
 * Decode one record's value. `timestampMs` (the record's own time) becomes the
 * observed time of a raw line, which has no time of its own.
 */
export function decodeRecord(signal: OtlpSignal, value: Buffer | null, timestampMs: number, maxBytes: number): DecodedRecord {
  if (!value || value.length === 0) return { ok: false, field: 'value', reason: 'empty record' }
  if (value.length > maxBytes) return { ok: false, field: 'value', reason: `record exceeds ${maxBytes} bytes (PANTAU_MAX_BODY_BYTES)` }
  let at = 0
  while (at < value.length && (value[at] === 0x20 || value[at] === 0x0a || value[at] === 0x0d || value[at] === 0x09)) at++
  const first = value[at]
  const head = value.toString('utf8', at, Math.min(value.length, at + 64))
  try {
    if (first === 0x7b /* { */ && (OTLP_JSON.test(head) || signal !== 'logs'))
      return { ok: true, signal, encoding: 'otlp_json', decoded: decodeOtlp(signal, value, true) }
    if (first === 0x7b || first === 0x22 /* " */) {
      if (signal !== 'logs')
        return { ok: false, field: 'value', reason: `a raw record (exporter encoding raw) is a log line, but the record's signal is ${signal}` }
      const line = rawLine(value)
      if (line === undefined) return { ok: false, field: 'value', reason: 'not an OTLP Export request, nor a raw log line (a JSON string or object)' }
      return { ok: true, signal, encoding: 'raw', decoded: { request: rawRequest(line, timestampMs), trusted: false } }
    }
    return { ok: true, signal, encoding: 'otlp_proto', decoded: decodeOtlp(signal, value, false) }
  } catch (e) {
    // decodeOtlp throws a 400 problem naming the field ('body' there is the record's value here)
    const extra = (e as { extra?: { field?: string; errors?: Array<{ reason?: string }> } }).extra
    const field = !extra?.field || extra.field === 'body' ? 'value' : extra.field
    return { ok: false, field, reason: extra?.errors?.[0]?.reason ?? (e as Error).message }
  }
}

/** The line a raw record holds: a JSON-quoted string's text, or a JSON object's own text. */
function rawLine(value: Buffer): string | undefined {
  const text = value.toString('utf8')
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'string') return parsed
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return text.trim()
  } catch {
    /* neither */
  }
  return undefined
}

/** A raw line as the log record the exporter was given: a string body (the sources read gateway lines from bodies). */
function rawRequest(line: string, timestampMs: number): ExportLogsRequest {
  const observed = timestampMs > 0 ? String(BigInt(Math.trunc(timestampMs)) * 1_000_000n) : undefined
  return { resourceLogs: [{ scopeLogs: [{ logRecords: [{ observedTimeUnixNano: observed, body: { stringValue: line } }] }] }] }
}

/** A refused record for dead_letters: text redacted and truncated; binary described, not copied. */
export function recordPayload(value: Buffer | null): string {
  if (!value || value.length === 0) return ''
  const sample = value.subarray(0, 16 * 1024)
  const text = sample.toString('utf8')
  // protobuf (or anything else binary) cannot be redacted: only its size and first bytes
  if (text.includes('\uFFFD') || sample.some((b) => b < 0x09 || (b > 0x0d && b < 0x20)))
    return `(${value.length} bytes, binary; first 32: ${value.subarray(0, 32).toString('hex')})`
  return payloadText(value.length > sample.length ? text : value.toString('utf8'))
}
