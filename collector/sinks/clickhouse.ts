/**
 * Drain target for the embedded default: spooled NDJSON rows go straight into
 * their ClickHouse tables, one insert per stream per batch, each carrying the
 * batch's deduplication token.
 */
import type { Storage } from '../../storage/client.js'
import { STREAM_SPECS } from '../streams.js'
import type { DrainTarget } from './drain.js'
import type { Stream } from './spool-format.js'
import type { SpooledFrame } from './spool.js'

/** ClickHouse errors that mean "these rows will never fit", not "try again". */
const DATA_ERRORS = new Set([
  'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
  'CANNOT_PARSE_TEXT',
  'INCORRECT_DATA',
  'TYPE_MISMATCH',
  'CANNOT_PARSE_DATETIME',
  'CANNOT_PARSE_NUMBER',
  'CANNOT_READ_ALL_DATA',
  'INCORRECT_NUMBER_OF_COLUMNS',
  'UNKNOWN_FIELD',
])

export function isDataError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && DATA_ERRORS.has(String((e as { type?: unknown }).type))
}

export function groupByStream(frames: SpooledFrame[]): Map<Stream, SpooledFrame[]> {
  const groups = new Map<Stream, SpooledFrame[]>()
  for (const f of frames) {
    const g = groups.get(f.stream)
    if (g) g.push(f)
    else groups.set(f.stream, [f])
  }
  return groups
}

export class ClickHouseTarget implements DrainTarget {
  readonly name = 'clickhouse'
  constructor(private readonly storage: Storage) {}

  async write(frames: SpooledFrame[], token: string): Promise<void> {
    for (const [stream, group] of groupByStream(frames)) {
      const { table, columns } = STREAM_SPECS[stream]
      try {
        await this.storage.insertCompact(table, columns, Buffer.concat(group.map((f) => f.payload)), `${token}:${stream}`)
      } catch (e) {
        if (!isDataError(e)) throw e
        await this.isolate(table, columns, stream, group, token, e as Error)
      }
    }
  }

  /** One frame at a time, so a frame ClickHouse refuses lands in dead letters alone. */
  private async isolate(table: string, columns: readonly string[], stream: Stream, group: SpooledFrame[], token: string, first: Error): Promise<void> {
    for (const f of group) {
      const frameToken = `${token}:${stream}:${f.pos.seg}.${f.pos.off}`
      try {
        await this.storage.insertCompact(table, columns, f.payload, frameToken)
      } catch (e) {
        if (!isDataError(e)) throw e
        await this.storage.insertRows(
          'dead_letters',
          [
            {
              ts: Date.now(),
              instansi: '',
              gateway_id: f.key,
              source: `spool:${stream}`,
              reason: `ClickHouse refused the rows: ${(e as Error).message.slice(0, 500) || first.message}`,
              field: '',
              payload: f.payload.toString('utf8', 0, Math.min(f.payload.length, 64 * 1024)),
            },
          ],
          `${frameToken}:dlq`,
        )
      }
    }
  }
}
