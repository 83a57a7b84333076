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

  async write(frames: SpooledFrame[], token: string): Promise<void> {
    for (const [stream, group] of groupByStream(frames)) {
      const { table, columns } = STREAM_SPECS[stream]
      const streamToken = `${token}:${stream}`
      const insert = (body: Buffer, t: string) => this.storage.insertCompact(table, columns, body, t)
      const refused = await insertIsolating(insert, Buffer.concat(group.map((f) => f.payload)), streamToken)
      await setAside(this.storage, refused, { columns, stream, source: `spool:${stream}`, fallbackGateway: group[0]?.key ?? '', token: streamToken })
    }
  }
}
