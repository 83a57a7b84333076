/**
 * The writer's trust boundary: anything may have been put on a topic. A
 * message must carry the schema version and be newline-terminated rows, else
 * it is poison as a whole (to the dead-letter topic). Each row must then be a
 * JSON array of its stream's columns that passes the stream's zod schema and,
 * for events and metric points, a time inside the accepted window
 * (bounds.ts); a row that is not is refused on its own and its neighbours go
 * on, so one bad row does not cost a batch.
 */
import type { IHeaders } from 'kafkajs'
import { checkTime, type TimeWindow } from '../bounds.js'
import { DeadLetter, OtelMetricRow, RawRecordRow, RequestEvent } from '../event.js'
import { HEADER_SCHEMA, SCHEMA_VERSION } from '../kafka/client.js'
import type { Stream } from '../sinks/spool-format.js'
import { STREAM_SPECS } from '../streams.js'
import { zodProblem } from '../transforms/types.js'

const SCHEMAS = { events: RequestEvent, metrics: OtelMetricRow, dlq: DeadLetter, raw: RawRecordRow }

/** A row refused on its own: its text and why. */
export interface RefusedRowVerdict {
  row: Buffer
  field: string
  reason: string
}

export type Verdict = { ok: true; good: Buffer; rows: number; refused: RefusedRowVerdict[] } | { ok: false; reason: string; field: string }

/** The time of a row, epoch ms, that the window applies to (dead letters carry Pantau's own clock). */
const rowTime: Record<Stream, ((row: Record<string, unknown>) => number) | undefined> = {
  events: (r) => Number(r.ts),
  metrics: (r) => Number(BigInt(String(r.TimeUnix)) / 1_000_000n),
  dlq: undefined,
  raw: (r) => Number(r.ts),
}

export function validateMessage(stream: Stream, value: Buffer | null, headers: IHeaders | undefined, window: TimeWindow, now = Date.now()): Verdict {
  const version = headers?.[HEADER_SCHEMA]?.toString()
  if (version !== SCHEMA_VERSION) return { ok: false, field: HEADER_SCHEMA, reason: `unsupported schema version '${version ?? ''}'` }
  if (!value || value.length === 0) return { ok: false, field: 'value', reason: 'empty message' }
  if (value[value.length - 1] !== 10) return { ok: false, field: 'value', reason: 'rows must end with a newline' }
  const { columns } = STREAM_SPECS[stream]
  const schema = SCHEMAS[stream]
  const timeOf = rowTime[stream]
  const good: Buffer[] = []
  const refused: RefusedRowVerdict[] = []
  let rows = 0
  for (let start = 0; start < value.length; ) {
    const end = value.indexOf(10, start)
    const row = value.subarray(start, end + 1)
    start = end + 1
    rows++
    const refuse = (field: string, reason: string) => refused.push({ row, field: `row ${rows}${field ? `.${field}` : ''}`, reason })
    let arr: unknown
    try {
      arr = JSON.parse(row.toString('utf8'))
    } catch (e) {
      refuse('', `not JSON: ${(e as Error).message.slice(0, 200)}`)
      continue
    }
    if (!Array.isArray(arr) || arr.length !== columns.length) {
      refuse('', `expected a JSON array of ${columns.length} columns`)
      continue
    }
    const obj: Record<string, unknown> = {}
    for (let i = 0; i < columns.length; i++) obj[columns[i]!] = arr[i]
    const parsed = schema.safeParse(obj)
    if (!parsed.success) {
      const p = zodProblem(parsed.error)
      refuse(p.field, p.reason)
      continue
    }
    const late = timeOf && checkTime(stream === 'metrics' ? 'TimeUnix' : 'ts', timeOf(obj), now, window)
    if (late) {
      refuse(late.field, late.reason)
      continue
    }
    good.push(row)
  }
  return { ok: true, good: Buffer.concat(good), rows, refused }
}
