/**
 * Drain target for the embedded default: spooled rows go straight into their
 * ClickHouse tables, one insert per stream per batch, each carrying the
 * batch's deduplication token. Rows ClickHouse refuses for their data are
 * isolated by bisection and set aside to `dead_letters` (poison.ts), so one
 * gateway's bad rows never stall the drain for everyone else.
 */
import type { Storage } from '../../storage/client.js'
import { STREAM_SPECS } from '../streams.js'
import type { DrainTarget } from './drain.js'
import { insertIsolating, setAside } from './poison.js'
import type { Stream } from './spool-format.js'
import type { SpooledFrame } from './spool.js'

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

  /**
   * The streams' inserts run side by side (events and raw records are the two
   * large ones; the engine ran them one after the other on one core before):
   * each has its own token, so a retry after a partial failure resends both
   * and the one already stored is dropped.
   */
  async write(frames: SpooledFrame[], token: string): Promise<void> {
    const done = await Promise.allSettled(
      [...groupByStream(frames)].map(async ([stream, group]) => {
        const { table, columns } = STREAM_SPECS[stream]
        const streamToken = `${token}:${stream}`
        const insert = (body: Buffer, t: string) => this.storage.insertCompact(table, columns, body, t)
        const body = group.length === 1 ? group[0]!.payload : Buffer.concat(group.map((f) => f.payload))
        const refused = await insertIsolating(insert, body, streamToken)
        await setAside(this.storage, refused, { columns, stream, source: `spool:${stream}`, fallbackGateway: group[0]?.key ?? '', token: streamToken })
      }),
    )
    // every insert has ended before a failure is reported, so a retry never overlaps one still running
    const failed = done.find((d) => d.status === 'rejected')
    if (failed) throw failed.reason
  }
}
