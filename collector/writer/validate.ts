/**
 * The writer's trust boundary: anything may have been put on a topic. A
 * message is accepted only if every row is a JSON array of its stream's
 * columns that passes the stream's zod schema; otherwise it is poison, and
 * goes to the dead-letter topic with the reason.
 */
import type { IHeaders } from 'kafkajs'
import { DeadLetter, OtelMetricRow, RequestEvent } from '../event.js'
import { HEADER_SCHEMA, SCHEMA_VERSION } from '../kafka/client.js'
import type { Stream } from '../sinks/spool-format.js'
import { STREAM_SPECS } from '../streams.js'
import { zodProblem } from '../transforms/types.js'

const SCHEMAS = { events: RequestEvent, metrics: OtelMetricRow, dlq: DeadLetter }

export type Verdict = { ok: true; rows: number } | { ok: false; reason: string; field: string }

export function validateMessage(stream: Stream, value: Buffer | null, headers: IHeaders | undefined): Verdict {
  const version = headers?.[HEADER_SCHEMA]?.toString()
  if (version !== SCHEMA_VERSION) return { ok: false, field: HEADER_SCHEMA, reason: `unsupported schema version '${version ?? ''}'` }
  if (!value || value.length === 0) return { ok: false, field: 'value', reason: 'empty message' }
  const { columns } = STREAM_SPECS[stream]
  const schema = SCHEMAS[stream]
  const text = value.toString('utf8')
  if (!text.endsWith('\n')) return { ok: false, field: 'value', reason: 'rows must end with a newline' }
  let rows = 0
  let start = 0
  while (start < text.length) {
    const end = text.indexOf('\n', start)
    const line = text.slice(start, end)
    start = end + 1
    rows++
    let arr: unknown
    try {
      arr = JSON.parse(line)
    } catch (e) {
      return { ok: false, field: `row ${rows}`, reason: `not JSON: ${(e as Error).message}` }
    }
    if (!Array.isArray(arr) || arr.length !== columns.length)
      return { ok: false, field: `row ${rows}`, reason: `expected a JSON array of ${columns.length} columns` }
    const obj: Record<string, unknown> = {}
    for (let i = 0; i < columns.length; i++) obj[columns[i]] = arr[i]
    const parsed = schema.safeParse(obj)
    if (!parsed.success) {
      const p = zodProblem(parsed.error)
      return { ok: false, field: `row ${rows}.${p.field}`, reason: p.reason }
    }
  }
  return { ok: true, rows }
}
