/**
 * A registry table on ClickHouse: ReplacingMergeTree keyed by its id columns,
 * versioned by `updated_at`, with soft deletes. Reads use FINAL, so a write
 * is visible to the next read.
 *
 * Every row read (and every row a write returns) is parsed with the table's
 * zod row schema — the entity's API shape — after the storage forms are
 * undone: DateTime64 columns become ISO 8601 text, JSON text columns values.
 */
import { z } from 'zod'
import type { QueryParams, Storage } from '../../storage/client.js'
import { chTime, chTimeOrNull, chTimeToIso, count, jsonText, parseRow } from '../../storage/columns.js'

export { chTimeToIso }

export type Row = Record<string, unknown>

const IDENT = /^[a-z_][a-z0-9_]*$/

export interface EntityTableOptions {
  /** Nullable DateTime64 columns besides created_at/updated_at: ISO 8601 text (or null) in rows. */
  times?: readonly string[]
  /** Columns stored as JSON text, with the text an empty value reads as: values in rows. */
  json?: Readonly<Record<string, string>>
}

const Count = z.object({ n: count })
const Hidden = z.object({ v: z.string() })

export class EntityTable<T extends Row> {
  private readonly selectList: string
  private readonly timeColumns: readonly string[]
  private readonly jsonColumns: Readonly<Record<string, string>>
  /** The stored row (ClickHouse text times, JSON text) → the row schema. */
  private readonly stored: z.ZodType<T>

  constructor(
    private readonly storage: Storage,
    readonly table: string,
    private readonly keys: readonly string[],
    private readonly columns: readonly string[],
    schema: z.ZodType<T, Row>,
    options: EntityTableOptions = {},
  ) {
    this.timeColumns = options.times ?? []
    this.jsonColumns = options.json ?? {}
    for (const c of [table, ...keys, ...columns]) if (!IDENT.test(c)) throw new Error(`bad identifier ${c}`)
    this.selectList = [...columns, 'created_at', 'updated_at'].join(', ')
    const storedForms: Record<string, z.ZodType> = { created_at: chTime, updated_at: chTime }
    for (const c of this.timeColumns) storedForms[c] = chTimeOrNull
    for (const [c, empty] of Object.entries(this.jsonColumns)) storedForms[c] = jsonText(z.unknown(), empty)
    this.stored = z.looseObject(storedForms).pipe(schema)
  }

  /** Rows matching equality filters (only the given columns, as bound parameters). */
  async list(filters: Record<string, string | undefined> = {}, opts: { limit?: number; offset?: number; orderBy?: string } = {}): Promise<T[]> {
    const params: QueryParams = { limit: opts.limit ?? 10_000, offset: opts.offset ?? 0 }
    let where = 'deleted = 0'
    for (const [col, v] of Object.entries(filters)) {
      if (v === undefined) continue
      if (!this.columns.includes(col)) throw new Error(`unknown filter column ${col}`)
      params[`w_${col}`] = v
      where += ` AND ${col} = {w_${col}:String}`
    }
    const order = opts.orderBy && this.columns.includes(opts.orderBy) ? opts.orderBy : this.keys.join(', ')
    return this.storage.rows(
      this.stored,
      `SELECT ${this.selectList} FROM ${this.table} FINAL WHERE ${where} ORDER BY ${order} LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      params,
    )
  }

  async count(filters: Record<string, string | undefined> = {}): Promise<number> {
    const params: QueryParams = {}
    let where = 'deleted = 0'
    for (const [col, v] of Object.entries(filters)) {
      if (v === undefined) continue
      params[`w_${col}`] = v
      where += ` AND ${col} = {w_${col}:String}`
    }
    const [r] = await this.storage.rows(Count, `SELECT count() AS n FROM ${this.table} FINAL WHERE ${where}`, params)
    return r?.n ?? 0
  }

  async get(key: Record<string, string>): Promise<T | undefined> {
    const params: QueryParams = {}
    const where = this.keys.map((k) => {
      params[`k_${k}`] = key[k]
      return `${k} = {k_${k}:String}`
    })
    const rows = await this.storage.rows(
      this.stored,
      `SELECT ${this.selectList} FROM ${this.table} FINAL WHERE ${where.join(' AND ')} AND deleted = 0 LIMIT 1`,
      params,
    )
    return rows[0]
  }

  /**
   * Write a new version of a row; `created_at` is kept from the previous
   * version. `hidden` columns (secrets such as token hashes) are written but
   * never selected back.
   */
  async put(row: Row, previous?: Row, hidden: Row = {}): Promise<T> {
    const dbRow = this.dbRow(row, previous, hidden)
    await this.storage.insertRows(this.table, [dbRow])
    const { deleted: _d, ...visible } = dbRow
    for (const k of Object.keys(hidden)) delete visible[k]
    return this.fromDb({ ...visible, created_at: msToCh(Number(dbRow.created_at)), updated_at: msToCh(Number(dbRow.updated_at)), ...this.timesToCh(dbRow) })
  }

  /** `put` of many rows in one insert (bulk imports); nothing is read back. */
  async putMany(items: ReadonlyArray<{ row: Row; previous?: Row; hidden?: Row }>): Promise<void> {
    await this.storage.insertRows(
      this.table,
      items.map((i) => this.dbRow(i.row, i.previous, i.hidden)),
    )
  }

  /** The current rows whose `column` is one of `values` (one query, whatever their number). */
  async getMany(column: string, values: readonly string[]): Promise<T[]> {
    if (!this.columns.includes(column)) throw new Error(`unknown column ${column}`)
    if (values.length === 0) return []
    return this.storage.rows(this.stored, `SELECT ${this.selectList} FROM ${this.table} FINAL WHERE deleted = 0 AND ${column} IN {values:Array(String)}`, {
      values: [...new Set(values)],
    })
  }

  /** A row as stored: a version newer than `previous`, whose `created_at` it keeps. */
  private dbRow(row: Row, previous?: Row, hidden: Row = {}): Row {
    const now = Math.max(Date.now(), previous?.updated_at ? Date.parse(String(previous.updated_at)) + 1 : 0)
    const created = previous?.created_at ? Date.parse(String(previous.created_at)) : now
    const dbRow: Row = { ...hidden, created_at: created, updated_at: now, deleted: 0 }
    for (const c of this.columns) dbRow[c] = this.toDb(c, row[c])
    return dbRow
  }

  /** One hidden (String) column of the current version of a row. */
  async hiddenValue(key: Record<string, string>, column: string): Promise<string | undefined> {
    if (!IDENT.test(column)) throw new Error(`bad identifier ${column}`)
    const params: QueryParams = {}
    const where = this.keys.map((k) => {
      params[`k_${k}`] = key[k]
      return `${k} = {k_${k}:String}`
    })
    const rows = await this.storage.rows(Hidden, `SELECT ${column} AS v FROM ${this.table} FINAL WHERE ${where.join(' AND ')} AND deleted = 0`, params)
    return rows[0]?.v
  }

  async remove(key: Record<string, string>, previous: Row): Promise<void> {
    const updated = Math.max(Date.now(), Date.parse(String(previous.updated_at)) + 1)
    const dbRow: Row = { ...previous, ...key, deleted: 1, created_at: Date.parse(String(previous.created_at)), updated_at: updated }
    for (const c of this.columns) dbRow[c] = this.toDb(c, previous[c])
    await this.storage.insertRows(this.table, [dbRow])
  }

  private timesToCh(row: Row): Row {
    const out: Row = {}
    for (const c of this.timeColumns) out[c] = row[c] === null ? null : msToCh(Number(row[c]))
    return out
  }

  /** A column value as it is stored: epoch ms for times, JSON text for JSON columns. */
  private toDb(column: string, v: unknown): unknown {
    if (this.timeColumns.includes(column)) return isoToMs(v)
    if (column in this.jsonColumns && typeof v !== 'string') return JSON.stringify(v ?? null)
    return v
  }

  /** The row a write returns, parsed like a row read. */
  private fromDb(r: Row): T {
    return parseRow(this.stored, r, `INSERT INTO ${this.table}`)
  }
}

function isoToMs(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null
  const t = typeof v === 'number' ? v : Date.parse(String(v))
  return Number.isNaN(t) ? null : t
}

function msToCh(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '')
}
