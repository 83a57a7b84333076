/**
 * Migrations 0022, 0023 and 0025 give rollups a second order: the per-API
 * minute and hour rollups by time (`by_time`), the per-source security
 * minutes by address (`by_source`), and per-consumer sums over every API
 * (`consumer_totals`, an aggregate projection). Read through a projection, the rows a
 * metric query wants must give exactly the numbers the table's own order
 * gives — after merges (a projection is rebuilt from merged rows), after a
 * replayed insert, and for parts written before the projection existed.
 * The rows are enough (several granules) for the engine to pick each
 * projection on its own; a read that does not is an error
 * (force_optimize_projection_name).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compactRows, STREAM_SPECS } from '../../collector/streams.js'
import { quantiles } from '../../shared/metrics/rollup.js'
import { openStorage, type Storage } from '../../storage/client.js'
import { StorageConfig } from '../../storage/config.js'
import { loadMigrations, migrate } from '../../storage/migrate.js'
import { eventRow } from '../support/event-row.js'
import { tempDir } from '../support/stack.js'

let storage: Storage
const cfg = StorageConfig.parse({ dataDir: tempDir('pantau-projections-'), rawTtlDays: 20000 })
beforeAll(async () => {
  storage = await openStorage(cfg)
  await migrate(storage, cfg)
})
afterAll(() => storage?.close())

const START = Date.parse('2026-03-02T03:00:00Z')
const insert = (from: number, n: number, token: string) => {
  const { table, columns } = STREAM_SPECS.events
  const rows = Array.from({ length: n }, (_, k) => {
    const i = from + k
    return eventRow({
      ts: START + i * 6_000, // 60,000 events: ~4.2 days, ~60,000 minute rows (8 granules)
      event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      instansi: `kota-${i % 3}`,
      api_id: `api-${i % 7}`,
      status: i % 11 === 0 ? 503 : i % 3 !== 2 ? 404 : i % 7 === 1 ? 401 : 200,
      path: `/v1/x/${i % 23}`,
      client_address: `10.0.${(i * 7) % 50}.${i % 4}`,
      consumer_id: `app-${i % 5}`,
      consumer_instansi: `kota-${i % 2}`,
      latency_ms: 1 + ((i * 7919) % 2000),
      backend_latency_ms: i % 5 === 0 ? null : 1 + ((i * 31) % 900),
    })
  })
  return storage.insertCompact(table, columns, compactRows(columns, rows), token)
}

const sec = (ms: number) => Math.floor(ms / 1000)
// a few buckets of every API at both ends of a span, as the metric queries read them
const EDGES = { a: sec(START + 5.5 * 3600e3), b: sec(START + 9 * 3600e3), c: sec(START + 3.1 * 86400e3), d: sec(START + 3.6 * 86400e3) }
const perApi = (table: string) => `SELECT api_id, instansi, sum(requests) AS n, sum(status_5xx) AS e5, min(latency_min) AS lo,
       max(latency_max) AS hi, ${quantiles('latency')} AS q, ${quantiles('backend')} AS qb
  FROM ${table} WHERE (bucket >= {a:DateTime} AND bucket < {b:DateTime}) OR (bucket >= {c:DateTime} AND bucket < {d:DateTime})
  GROUP BY api_id, instansi ORDER BY api_id, instansi`

/** Each projection, its table and the query shape it serves (security.ts: the 404 paths of the top sources). */
const CASES = [
  { migration: 22, table: 'request_rollup_1m', projection: 'by_time', sql: perApi('request_rollup_1m'), rows: 21 },
  { migration: 22, table: 'request_rollup_1h', projection: 'by_time', sql: perApi('request_rollup_1h'), rows: 21 },
  {
    migration: 23,
    table: 'security_rollup_1m',
    projection: 'by_source',
    sql: `SELECT client_address AS s, sum(not_found) AS nf, sum(auth_failures) AS af, uniqMerge(not_found_paths) AS paths
          FROM security_rollup_1m WHERE bucket >= {a:DateTime} AND bucket < {d:DateTime} AND not_found > 0
            AND client_address IN ('10.0.7.1', '10.0.7.3') GROUP BY s ORDER BY s`,
    rows: 2,
  },
  {
    migration: 25,
    table: 'consumer_rollup_1h',
    projection: 'consumer_totals',
    sql: `SELECT consumer_id AS cid, consumer_instansi AS ci, sum(requests) AS n, sum(auth_failures) AS af, sum(rate_limited) AS rl
          FROM consumer_rollup_1h WHERE bucket >= {a:DateTime} AND bucket < {d:DateTime} GROUP BY cid, ci ORDER BY cid, ci`,
    rows: 10,
  },
] as const
type Case = (typeof CASES)[number]

const read = (c: Case, settings: string) => storage.query<Record<string, unknown>>(`${c.sql} SETTINGS ${settings}`, EDGES)
const throughProjection = (c: Case) => read(c, `force_optimize_projection_name = '${c.projection}'`)
const byTable = (c: Case) => read(c, 'optimize_use_projections = 0')

describe('rollup projections (migrations 0022, 0023, 0025)', () => {
  it('answers through each projection with the numbers of the table order', async () => {
    await insert(0, 30_000, 'projections:0')
    await insert(30_000, 30_000, 'projections:1')
    for (const c of CASES) {
      const expected = await byTable(c)
      expect(expected, c.table).toHaveLength(c.rows)
      expect(await throughProjection(c), c.table).toEqual(expected)
    }
  })

  it('keeps the projections through merges and a replayed insert', async () => {
    const before = await Promise.all(CASES.map(byTable))
    await insert(30_000, 30_000, 'projections:1') // a replay: deduplicated
    for (const c of CASES) await storage.command(`OPTIMIZE TABLE ${c.table} FINAL`)
    const [n] = await storage.query<{ n: string }>(`SELECT sum(requests) AS n FROM request_rollup_1m`)
    expect(Number(n.n)).toBe(60_000)
    expect(await Promise.all(CASES.map(throughProjection))).toEqual(before)
    expect(await Promise.all(CASES.map(byTable))).toEqual(before)
  })

  it('materializes the projections for parts written before they existed', async () => {
    for (const c of CASES) await storage.command(`ALTER TABLE ${c.table} DROP PROJECTION ${c.projection}`)
    await insert(60_000, 7_500, 'projections:2')
    for (const c of CASES) await expect(throughProjection(c)).rejects.toThrow(c.projection)
    const expected = await Promise.all(CASES.map(byTable))
    for (const version of new Set(CASES.map((c) => c.migration)))
      for (const stmt of loadMigrations(cfg).find((m) => m.version === version)!.statements) await storage.command(stmt)
    for (const c of CASES) {
      const [p] = await storage.query<{ parts: string; with: string }>(
        `SELECT count() AS parts, countIf(name IN (SELECT parent_name FROM system.projection_parts
                   WHERE database = currentDatabase() AND table = {table:String} AND name = {projection:String} AND active)) AS with
         FROM system.parts WHERE database = currentDatabase() AND table = {table:String} AND active`,
        { table: c.table, projection: c.projection },
      )
      expect(Number(p.parts), c.table).toBeGreaterThan(0)
      expect(p.with, c.table).toBe(p.parts)
    }
    expect(await Promise.all(CASES.map(throughProjection))).toEqual(expected)
  })
})
