/**
 * The security page's top sources: client addresses ranked by auth failures,
 * then 404s, then 429s (ties by address), with the distinct 404 paths of the
 * top ones only — merging every source's path sketch cost three times the
 * ranking itself (100M-event bench) — read from the minute rows that have a
 * 404 at all, through their copy ordered by address (projection by_source,
 * migration 0023: the ten addresses' rows are a few granules, not the month).
 *
 * Tried and not kept (100M events, 100,000 addresses a month): ranking whole
 * hours by a 64-bit hash of the address from an hourly per-source table
 * (3.8M rows either way: sources are sparse) saved ~35 ms of grouping and
 * lost it again looking up the addresses of the top hashes and reading the
 * ragged minutes at both ends: 241 ms against 204 ms median.
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { u64 } from '../../storage/columns.js'
import type { Range } from './range.js'
import { minuteSource } from './rollup.js'

/** security_rollup_1m has no gateway or consumer-instansi column. */
export const SECURITY_FILTERS = ['instansi', 'api', 'consumer'] as const

const SourceRow = z.object({ s: z.string(), af: u64, rl: u64, nf: u64 })
const PathsRow = z.object({ s: z.string(), paths: u64 })
type SourceSignals = z.infer<typeof SourceRow> & { paths: number }

export async function topSources(storage: Storage, range: Range, top: number): Promise<SourceSignals[]> {
  const sig = minuteSource(range, 'security_rollup_1m', SECURITY_FILTERS)
  const ranked = await storage.rows(
    SourceRow,
    `SELECT client_address AS s, sum(auth_failures) AS af, sum(rate_limited) AS rl, sum(not_found) AS nf
     FROM ${sig.sql} WHERE client_address != '' GROUP BY s ORDER BY af DESC, nf DESC, rl DESC, s LIMIT {top:UInt32}`,
    { ...sig.params, top },
  )
  if (ranked.length === 0) return []
  const paths = await storage.rows(
    PathsRow,
    `SELECT client_address AS s, uniqMerge(not_found_paths) AS paths FROM ${sig.sql}
     WHERE not_found > 0 AND client_address IN {sources:Array(String)} GROUP BY s`,
    { ...sig.params, sources: ranked.map((r) => r.s) },
  )
  const bySource = new Map(paths.map((p) => [p.s, p.paths]))
  return ranked.map((r) => ({ ...r, paths: bySource.get(r.s) ?? 0 }))
}
