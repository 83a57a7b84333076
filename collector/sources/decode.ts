/**
 * One record of any native source to a RawRequest: a gateway record in a named
 * format (or `auto`), the same record inside a log shipper's envelope
 * (envelopes.ts), or a text line of a known format (WSO2 apim_metrics.log,
 * wso2-log-line.ts). Shared by the native endpoints (native.ts) and OTLP log
 * bodies (otlp/logs.ts), so a line reads the same whichever way it was shipped.
 *
 * Order, so that a gateway record is never mistaken for an envelope: the record
 * as the format first; the envelope only when that fails; and when both fail,
 * the answer names the record's own problem if the format claims the record
 * (its detector matches), else the wrapped line's problem (its field prefixed
 * with the envelope key, e.g. `log.status`).
 */
import type { RawRequest, SourceFormat } from '../event.js'
import { zodProblem } from '../transforms/types.js'
import { type Envelope, SHIPPER_LABEL, unwrapEnvelope, type Wrapped } from './envelopes.js'
import { type FormatAdapter, withFallbackTime } from './formats/adapter.js'
import { detectFormat, formats } from './formats/index.js'
import { parseWso2Line } from './wso2-log-line.js'

export type NativeFormatName = keyof typeof formats | 'auto'

export type Decoded = { ok: true; format: SourceFormat; raw: RawRequest } | { ok: false; field: string; reason: string }

const noFormat = (): Decoded => ({ ok: false, field: '', reason: `record matches none of the formats: ${Object.keys(formats).join(', ')}` })

const adapterFor = (format: NativeFormatName, record: Record<string, unknown>): FormatAdapter | undefined =>
  format === 'auto' ? detectFormat(record) : formats[format]

/**
 * Decode one gateway record with the named adapter (or the detected one).
 * `fallbackTs` (epoch ms) is used only when the record has no time of its own.
 */
export function decodeWith(format: NativeFormatName, record: Record<string, unknown>, fallbackTs?: number): Decoded {
  const adapter = adapterFor(format, record)
  if (!adapter) return noFormat()
  const input = withFallbackTime(adapter, record, fallbackTs)
  // the adapter's fast path for the records it certainly accepts; zod for every other record (and its messages)
  let data: unknown = adapter.fast?.(input)
  if (data === undefined) {
    const parsed = adapter.schema.safeParse(input)
    if (!parsed.success) return { ok: false, ...zodProblem(parsed.error) }
    data = parsed.data
  }
  try {
    return { ok: true, format: adapter.name, raw: adapter.toRaw(data as never) }
  } catch (e) {
    return { ok: false, field: '', reason: (e as Error).message }
  }
}

/**
 * A JSON record: the gateway record itself, or the one a shipper envelope wraps
 * (with the envelope's time as the fallback time). `fallbackTs` is the time of
 * the transport around the record (an OTLP log record's time), if any.
 */
export function decodeRecord(format: NativeFormatName, record: Record<string, unknown>, fallbackTs?: number): Decoded {
  const direct = decodeWith(format, record, fallbackTs)
  if (direct.ok) return direct
  const claimed = adapterFor(format, record)?.detect(record) ?? false
  const envelope = unwrapEnvelope(record, (inner) => !!adapterFor(format, inner)?.detect(inner))
  if (!envelope) return direct
  if ('unreadable' in envelope) {
    if (claimed) return direct
    const u = envelope.unreadable
    return { ok: false, field: u.key, reason: `${SHIPPER_LABEL[u.shipper]} envelope: its '${u.key}' ${u.reason}` }
  }
  const inner = decodeWrapped(format, envelope, fallbackTs)
  if (inner.ok || !claimed) return inner
  return direct
}

function decodeWrapped(format: NativeFormatName, envelope: Envelope, fallbackTs: number | undefined): Decoded {
  const d = decodeValue(format, envelope.wrapped, envelope.ts ?? fallbackTs)
  return d.ok ? d : { ok: false, field: d.field ? `${envelope.key}.${d.field}` : envelope.key, reason: d.reason }
}

function decodeValue(format: NativeFormatName, wrapped: Wrapped, fallbackTs: number | undefined): Decoded {
  if (wrapped.kind === 'record') return decodeWith(format, wrapped.record, fallbackTs)
  return decodeLine(format, wrapped.text, fallbackTs) ?? { ok: false, field: '', reason: 'not a line of a known format (WSO2 apim_metrics.log)' }
}

/**
 * A text line of a known format (a WSO2 apim_metrics.log line), or undefined
 * when the text is no such line. A WSO2 line sent to another format's endpoint
 * is refused by name.
 */
export function decodeLine(format: NativeFormatName, text: string, fallbackTs?: number): Decoded | undefined {
  const line = parseWso2Line(text)
  if (!line) return undefined
  if (!line.ok) return { ok: false, field: '', reason: line.reason }
  if (format !== 'wso2' && format !== 'auto')
    return { ok: false, field: '', reason: `a WSO2 apim_metrics line, not ${format}: send it to /ingest/wso2 or /ingest/auto` }
  const d = decodeWith('wso2', line.record, fallbackTs)
  return d.ok ? d : { ok: false, field: d.field ? `properties.${d.field}` : 'properties', reason: d.reason }
}
