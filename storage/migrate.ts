/**
 * Versioned, idempotent schema migrations. Each `migrations/NNNN_name.sql`
 * runs once, in order; every statement is written to be safe to repeat, so a
 * crash half-way through a migration is mended by running it again.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Storage } from './client.js'
import { u64 } from './columns.js'
import type { StorageConfig } from './config.js'
import { RECENT_EVENT_DAYS, recentEventDays } from './recent-events.js'

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations')

const Applied = z.object({ version: u64 })
const TableEngine = z.object({ name: z.string(), engine_full: z.string() })

export interface Migration {
  version: number
  name: string
  statements: string[]
}

/** Values a migration may reference as `{{name}}`; all are validated numbers. */
function templateValues(cfg: StorageConfig): Record<string, string> {
  return {
    raw_ttl_days: String(cfg.rawTtlDays),
    raw_record_days: String(Math.max(1, cfg.rawRecordDays)),
    recent_event_days: String(recentEventDays(cfg.rawTtlDays)),
    // what the view stores: a day more than any retention it is kept for
    recent_view_days: String(RECENT_EVENT_DAYS + 1),
  }
}

export function loadMigrations(cfg: StorageConfig, dir = MIGRATIONS_DIR): Migration[] {
  const values = templateValues(cfg)
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
        const v = values[k]
        if (v === undefined) throw new Error(`${file}: unknown template value {{${k}}}`)
        return v
      })
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        statements: splitStatements(text),
      }
    })
}

export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0)
}

export async function migrate(storage: Storage, cfg: StorageConfig): Promise<number[]> {
  await storage.command(`CREATE TABLE IF NOT EXISTS schema_migrations
    (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
    ENGINE = ReplacingMergeTree ORDER BY version`)
  const done = new Set((await storage.rows(Applied, 'SELECT version FROM schema_migrations FINAL')).map((r) => r.version))
  const applied: number[] = []
  for (const m of loadMigrations(cfg)) {
    if (done.has(m.version)) continue
    for (const stmt of m.statements) {
      await storage.command(stmt)
      const view = modifiedView(stmt)
      if (view) await reloadView(storage, view)
    }
    await storage.insertRows('schema_migrations', [{ version: m.version, name: m.name }])
    applied.push(m.version)
  }
  await ensureRawTtl(storage, cfg.rawTtlDays)
  await ensureTtl(storage, 'raw_records', 'ts', Math.max(1, cfg.rawRecordDays))
  await ensureTtl(storage, 'recent_events', 'ts', recentEventDays(cfg.rawTtlDays))
  return applied
}

const MODIFY_QUERY = /^ALTER\s+TABLE\s+([A-Za-z_][A-Za-z0-9_]*)\s+MODIFY\s+QUERY\b/i

/** The materialized view whose query `stmt` replaces, if it does. */
function modifiedView(stmt: string): string | undefined {
  return MODIFY_QUERY.exec(stmt)?.[1]
}

/**
 * Load a view again from its stored definition. After `MODIFY QUERY` the
 * engine's in-memory view derives a different deduplication identity for its
 * blocks than the same view loaded from disk (chDB 3.4 / ClickHouse 26.x,
 * measured: a simple source → view → target, no other change): an insert made
 * before a restart and replayed with the same token after it was deduplicated
 * in the source table but stored twice in every rollup. Reattaching right away
 * makes this process see what every later one will. The view is detached for
 * the two statements: a row inserted by another process in that instant skips
 * it, so a migration that changes a view's query belongs in an upgrade, not
 * under load.
 */
async function reloadView(storage: Storage, view: string): Promise<void> {
  await storage.command(`DETACH TABLE ${view}`)
  await storage.command(`ATTACH TABLE ${view}`)
}

/** Follow a changed PANTAU_RAW_TTL_DAYS without a new migration. */
async function ensureRawTtl(storage: Storage, days: number): Promise<void> {
  const tables = [
    'request_events',
    'otel_metrics',
    'request_rollup_1m',
    'request_rollup_1h',
    'request_rollup_1d',
    'instansi_rollup_1h',
    'instansi_rollup_1d',
    'national_rollup_1m',
    'national_rollup_1h',
    'national_rollup_1d',
    'consumer_rollup_1h',
    'security_rollup_1m',
    'security_sources_1h',
    'uptime_1h',
  ]
  const rows = await storage.rows(
    TableEngine,
    `SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN {tables:Array(String)}`,
    { tables },
  )
  for (const row of rows) {
    const column =
      row.name === 'otel_metrics'
        ? 'TimeUnix'
        : row.name === 'uptime_1h'
          ? 'hour'
          : row.name.includes('rollup') || row.name === 'security_sources_1h'
            ? 'bucket'
            : 'ts'
    await modifyTtl(storage, row, column, days)
  }
}

/** Follow a changed retention of one table (PANTAU_RAW_RECORD_DAYS for raw_records). */
async function ensureTtl(storage: Storage, table: string, column: string, days: number): Promise<void> {
  const rows = await storage.rows(TableEngine, `SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name = {table:String}`, {
    table,
  })
  for (const row of rows) await modifyTtl(storage, row, column, days)
}

async function modifyTtl(storage: Storage, row: z.infer<typeof TableEngine>, column: string, days: number): Promise<void> {
  const current = /toIntervalDay\((\d+)\)/.exec(row.engine_full)?.[1]
  if (current === undefined || Number(current) === days) return
  await storage.command(`ALTER TABLE ${row.name} MODIFY TTL toDateTime(${column}) + toIntervalDay(${days}) SETTINGS materialize_ttl_after_modify = 0`)
}
