/**
 * Migration 0021 rebuilds the per-API hour and day rollups with 32-row
 * granules (CREATE OR REPLACE … AS SELECT). Running it over tables that hold
 * rows must keep every row and histogram, and the views must keep writing
 * into the rebuilt tables by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compactRows, STREAM_SPECS } from '../../collector/streams.js'
import { openStorage, type Storage } from '../../storage/client.js'
import { StorageConfig } from '../../storage/config.js'
import { loadMigrations, migrate } from '../../storage/migrate.js'
import { eventRow } from '../support/event-row.js'
import { tempDir } from '../support/stack.js'

let storage: Storage
const cfg = StorageConfig.parse({ dataDir: tempDir('pantau-rebuild-'), rawTtlDays: 20000 })
beforeAll(async () => {
  storage = await openStorage(cfg)
  await migrate(storage, cfg)
})
afterAll(() => storage?.close())

const insert = (from: number, n: number, token: string) => {
  const { table, columns } = STREAM_SPECS.events
  const rows = Array.from({ length: n }, (_, k) => {
    const i = from + k
    return eventRow({
      ts: Date.parse('2026-03-02T03:00:00Z') + i * 97_000, // ~4 days of minutes
      event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      instansi: `kota-${i % 3}`,
      api_id: `api-${i % 7}`,
      status: i % 11 === 0 ? 503 : 200,
      latency_ms: 1 + ((i * 7919) % 2000),
    })
  })
  return storage.insertCompact(table, columns, compactRows(columns, rows), token)
}

/** Every row of both tables with its finalized numbers, in key order. */
const snapshot = async (table: string) =>
  storage.query<Record<string, unknown>>(
    `SELECT bucket, instansi, api_id, sum(requests) AS n, sum(status_5xx) AS e5, min(latency_min) AS lo, max(latency_max) AS hi,
            quantilesBFloat16Merge(0.5, 0.9, 0.95, 0.99)(latency) AS q
     FROM ${table} GROUP BY bucket, instansi, api_id ORDER BY bucket, instansi, api_id`,
  )

describe('rollup rebuild (migration 0021)', () => {
  it('keeps every row and histogram of the hour and day rollups, and the views keep writing into them', async () => {
    await insert(0, 4000, 'rebuild:0')
    const tables = ['request_rollup_1h', 'request_rollup_1d']
    const before = await Promise.all(tables.map(snapshot))
    expect(before[0].length).toBeGreaterThan(90)
    const rebuild = loadMigrations(cfg).find((m) => m.version === 21)!
    for (const stmt of rebuild.statements) await storage.command(stmt)
    expect(await Promise.all(tables.map(snapshot))).toEqual(before)
    const [settings] = await storage.query<{ e: string }>(
      `SELECT engine_full AS e FROM system.tables WHERE name = 'request_rollup_1h' AND database = currentDatabase()`,
    )
    expect(settings.e).toContain('index_granularity = 32')
    // the view on request_events still feeds the rebuilt tables
    await insert(4000, 1000, 'rebuild:1')
    for (const table of tables) {
      const [r] = await storage.query<{ n: string }>(`SELECT sum(requests) AS n FROM ${table}`)
      expect(Number(r.n)).toBe(5000)
    }
  })
})
