/**
 * Log shippers wrap each line they tail in an envelope of their own: the line
 * under one key, their read time and some metadata beside it. These are the
 * envelopes of the shippers that POST to `/ingest/{format}`, so a gateway's
 * access log reaches Pantau through whatever forwarder the instansi already runs
 * (wire formats and sources: /tmp/research-issue12.md → README "Pointing a gateway"):
 *
 * | shipper (output)                     | line          | time                          | host / file                   |
 * | ------------------------------------ | ------------- | ----------------------------- | ----------------------------- |
 * | Fluent Bit `http` (json, json_lines) | `log`         | `date` (json_date_key)        | — / `Path_Key`                |
 * | Vector `http` (json array, NDJSON)   | `message`     | `timestamp`                   | `host` / `file`               |
 * | Logstash `http`, Filebeat via it     | `message`     | `@timestamp`                  | `host.name` / `log.file.path` |
 * | syslog-ng `format-json`              | `MESSAGE`     | `ISODATE`, else BSD `DATE`    | `HOST` / `FILE_NAME`          |
 * | rsyslog `omhttp` StdJSONFmt          | `msg`/`message` | `timereported`              | `fromhost` / —                |
 *
 * Telling an envelope from a gateway record: a Pasal 13 record has a `message` of
 * its own and an nginx JSON line may have `@timestamp`, so the caller first tries
 * the record as the gateway format and unwraps only when it is not one. Even then
 * a key counts as the wrapped line only when it holds a JSON object (as text or as
 * an object) or a line of a known text format (WSO2 apim_metrics.log); a plain
 * sentence under `message` is not a wrapped line.
 *
 * The envelope's time is what the shipper read or stamped: the fallback when the
 * wrapped line has no time of its own. Host and file are parsed but not stored:
 * a RequestEvent has no attribute map, its `host` is the HTTP Host the client
 * asked for (not the machine that logged), and the ClickHouse schema stays as it is.
 */
import { toEpochMs } from './formats/adapter.js'
import { deeperThan, MAX_RECORD_DEPTH, tooDeep } from './json-depth.js'
import { isWso2Line } from './wso2-log-line.js'

export type Shipper = 'fluent-bit' | 'vector' | 'elastic' | 'syslog-ng' | 'rsyslog'

/** How a rejection names the shipper. */
export const SHIPPER_LABEL: Record<Shipper, string> = {
  'fluent-bit': 'Fluent Bit',
  vector: 'Vector',
  elastic: 'Logstash/Filebeat',
  'syslog-ng': 'syslog-ng',
  rsyslog: 'rsyslog',
}

/** What a recognised envelope wraps: a JSON record, or a text line (WSO2 apim_metrics.log). */
export type Wrapped = { kind: 'record'; record: Record<string, unknown> } | { kind: 'line'; text: string }

export interface Envelope {
  shipper: Shipper
  /** The key the line was under (the prefix of a rejected field's name). */
  key: string
  wrapped: Wrapped
  /** The shipper's time in epoch ms, when it has one. */
  ts?: number
  host?: string
  file?: string
}

/** An envelope-shaped record whose line is not a record Pantau reads. */
export interface UnreadableEnvelope {
  shipper: Shipper
  key: string
  reason: string
}

interface ShipperShape {
  shipper: Shipper
  /** Keys that may hold the line, in order. */
  line: readonly string[]
  /** Keys of the shipper's time, in order (dotted = nested). */
  time: readonly string[]
  host: readonly string[]
  file: readonly string[]
  /** Keys only this shipper writes beside the line; one is needed unless the line key is the shipper's own (`log`, `MESSAGE`). */
  marks: readonly string[]
}

/** Most specific first: `message` is shared by Logstash, Vector and rsyslog, so their marks decide. */
const SHAPES: readonly ShipperShape[] = [
  { shipper: 'syslog-ng', line: ['MESSAGE'], time: ['ISODATE', 'DATE'], host: ['HOST', 'HOST_FROM'], file: ['FILE_NAME'], marks: [] },
  {
    shipper: 'elastic',
    line: ['message'],
    time: ['@timestamp'],
    host: ['host.name', 'host.hostname', 'host'],
    file: ['log.file.path', 'path'],
    marks: ['@timestamp', '@version', 'ecs', 'agent', 'tags', 'input'],
  },
  { shipper: 'vector', line: ['message'], time: ['timestamp'], host: ['host'], file: ['file'], marks: ['source_type'] },
  {
    shipper: 'rsyslog',
    line: ['msg', 'message'],
    time: ['timereported', 'timegenerated'],
    host: ['fromhost', 'hostname'],
    file: [],
    marks: ['timereported', 'timegenerated', 'fromhost'],
  },
  { shipper: 'fluent-bit', line: ['log'], time: ['date', '@timestamp', 'timestamp', 'time'], host: ['hostname', 'host'], file: ['file', 'path'], marks: [] },
  // Vector without source_type (a remap dropped it), or any shipper that writes message + timestamp
  { shipper: 'vector', line: ['message'], time: ['timestamp'], host: ['host'], file: ['file'], marks: ['timestamp', 'file', 'host'] },
]

/**
 * The envelope a record is, with what it wraps; `{ unreadable }` when the
 * record is shaped like an envelope but its line is nothing Pantau reads;
 * undefined when it is no envelope. `isGatewayRecord` says whether an object
 * under a line key is the wrapped record (the named format's or `auto`'s detection).
 */
export function unwrapEnvelope(
  record: Record<string, unknown>,
  isGatewayRecord: (value: Record<string, unknown>) => boolean,
): Envelope | { unreadable: UnreadableEnvelope } | undefined {
  let unreadable: UnreadableEnvelope | undefined
  for (const shape of SHAPES) {
    if (shape.marks.length > 0 && !shape.marks.some((k) => lookup(record, k) !== undefined)) continue
    for (const key of shape.line) {
      const value = record[key]
      if (value === undefined) continue
      const wrapped = wrappedValue(value, isGatewayRecord)
      if (wrapped === undefined) continue
      if ('reason' in wrapped) {
        unreadable ??= { shipper: shape.shipper, key, reason: wrapped.reason }
        continue
      }
      return {
        shipper: shape.shipper,
        key,
        wrapped,
        ts: first(shape.time, (k) => timeOf(lookup(record, k))),
        host: first(shape.host, (k) => text(lookup(record, k))),
        file: first(shape.file, (k) => text(lookup(record, k))),
      }
    }
  }
  return unreadable ? { unreadable } : undefined
}

/**
 * The line under an envelope key. An object there is the line only when it is a
 * gateway record (Filebeat's `log` is its own {offset, file} object, not a line);
 * text is the line when it is a JSON object or a known line format.
 */
function wrappedValue(value: unknown, isGatewayRecord: (value: Record<string, unknown>) => boolean): Wrapped | { reason: string } | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>
    return isGatewayRecord(record) ? { kind: 'record', record } : undefined
  }
  if (typeof value !== 'string') return { reason: 'holds neither text nor a JSON object' }
  const t = value.trim()
  if (t.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(t)
    } catch (e) {
      // only the position: the parser's message quotes the text around the error
      const at = /position (\d+)/.exec((e as Error).message)?.[1]
      return { reason: `starts like a JSON object but is not JSON${at === undefined ? '' : ` (at character ${at})`}` }
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { reason: 'is not a JSON object' }
    if (deeperThan(parsed, MAX_RECORD_DEPTH)) return { reason: `is ${tooDeep(MAX_RECORD_DEPTH)}` }
    return { kind: 'record', record: parsed as Record<string, unknown> }
  }
  if (isWso2Line(t)) return { kind: 'line', text: t }
  return { reason: 'is text that is neither a JSON object nor a WSO2 apim_metrics line' }
}

/** A value by key, or by dotted path through nested objects (`log.file.path`) when no key has the dots. */
function lookup(record: Record<string, unknown>, key: string): unknown {
  if (key in record) return record[key]
  if (!key.includes('.')) return undefined
  let v: unknown = record
  for (const part of key.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined
    v = (v as Record<string, unknown>)[part]
  }
  return v
}

function first<T>(keys: readonly string[], read: (key: string) => T | undefined): T | undefined {
  for (const k of keys) {
    const v = read(k)
    if (v !== undefined) return v
  }
  return undefined
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)

/** A shipper time: epoch number (Fluent Bit `date` is seconds as a double), ISO 8601, or syslog's BSD `Dec  4 03:55:15`. */
function timeOf(v: unknown): number | undefined {
  if (typeof v === 'number' || typeof v === 'string') return toEpochMs(v) ?? (typeof v === 'string' ? bsdTime(v) : undefined)
  return undefined
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * syslog-ng's `$DATE` ("Dec  4 03:55:15"): no year and no zone. Read as UTC (a
 * server's usual clock) in the year that puts it no more than a day ahead of
 * now. Only a fallback: syslog-ng's `ISODATE` is preferred when both are sent.
 */
export function bsdTime(s: string, now = Date.now()): number | undefined {
  const m = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s.trim())
  if (!m) return undefined
  const month = MONTHS.indexOf(m[1] ?? '')
  if (month < 0) return undefined
  const year = new Date(now).getUTCFullYear()
  const at = (y: number) => Date.UTC(y, month, +m[2]!, +m[3]!, +m[4]!, +m[5]!)
  return at(year) > now + 86_400_000 ? at(year - 1) : at(year)
}
