/**
 * A registry table on ClickHouse: ReplacingMergeTree keyed by its id columns,
 * versioned by `updated_at`, with soft deletes. Reads use FINAL, so a write
 * is visible to the next read.
 */
import type { QueryParams, Storage } from '../../storage/client.js'

export type Row = Record<string, unknown>

const IDENT = /^[a-z_][a-z0-9_]*$/

/** ClickHouse DateTime64 text ('2026-01-01 00:00:00.000') → ISO 8601 UTC. */
export function chTimeToIso(v: unknown): string {
  if (typeof v !== 'string' || v === '') return ''
  return `${v.replace(' ', 'T')}Z`
}

export class EntityTable<T extends Row> {
  private readonly selectList: string

  constructor(
    private readonly storage: Storage,
    readonly table: string,
    private readonly keys: readonly string[],
    private readonly columns: readonly string[],
    private readonly timeColumns: readonly string[] = [],
  ) {
    for (const c of [table, ...keys, ...columns]) if (!IDENT.test(c)) throw new Error(`bad identifier ${c}`)
    this.selectList = [...columns, 'created_at', 'updated_at'].join(', ')
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
    const rows = await this.storage.query<Row>(
      `SELECT ${this.selectList} FROM ${this.table} FINAL WHERE ${where} ORDER BY ${order} LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      params,
    )
    return rows.map((r) => this.fromDb(r))
  }

  async count(filters: Record<string, string | undefined> = {}): Promise<number> {
    const params: QueryParams = {}
    let where = 'deleted = 0'
    for (const [col, v] of Object.entries(filters)) {
      if (v === undefined) continue
      params[`w_${col}`] = v
      where += ` AND ${col} = {w_${col}:String}`
    }
    const [r] = await this.storage.query<{ n: string }>(`SELECT count() AS n FROM ${this.table} FINAL WHERE ${where}`, params)
    return Number(r?.n ?? 0)
  }

  async get(key: Record<string, string>): Promise<T | undefined> {
    const params: QueryParams = {}
    const where = this.keys.map((k) => {
      params[`k_${k}`] = key[k]
      return `${k} = {k_${k}:String}`
    })
    const rows = await this.storage.query<Row>(
      `SELECT ${this.selectList} FROM ${this.table} FINAL WHERE ${where.join(' AND ')} AND deleted = 0 LIMIT 1`,
      params,
    )
    return rows[0] ? this.fromDb(rows[0]) : undefined
  }

  /**
   * Write a new version of a row; `created_at` is kept from the previous
   * version. `hidden` columns (secrets such as token hashes) are written but
   * never selected back.
   */
  async put(row: Row, previous?: Row, hidden: Row = {}): Promise<T> {
    const now = Math.max(Date.now(), previous?.updated_at ? Date.parse(String(previous.updated_at)) + 1 : 0)
    const created = previous?.created_at ? Date.parse(String(previous.created_at)) : now
    const dbRow: Row = { ...hidden, created_at: created, updated_at: now, deleted: 0 }
    for (const c of this.columns) dbRow[c] = this.timeColumns.includes(c) ? isoToMs(row[c]) : row[c]
    await this.storage.insertRows(this.table, [dbRow])
    const { deleted: _d, ...visible } = dbRow
    for (const k of Object.keys(hidden)) delete visible[k]
    return this.fromDb({ ...visible, created_at: msToCh(created), updated_at: msToCh(now), ...this.timesToCh(dbRow) })
  }

  /** One hidden column of the current version of a row. */
  async hiddenValue(key: Record<string, string>, column: string): Promise<unknown> {
    if (!IDENT.test(column)) throw new Error(`bad identifier ${column}`)
    const params: QueryParams = {}
    const where = this.keys.map((k) => {
      params[`k_${k}`] = key[k]
      return `${k} = {k_${k}:String}`
    })
    const rows = await this.storage.query<Row>(`SELECT ${column} FROM ${this.table} FINAL WHERE ${where.join(' AND ')} AND deleted = 0`, params)
    return rows[0]?.[column]
  }

  async remove(key: Record<string, string>, previous: Row): Promise<void> {
    const updated = Math.max(Date.now(), Date.parse(String(previous.updated_at)) + 1)
    const dbRow: Row = { ...previous, ...key, deleted: 1, created_at: Date.parse(String(previous.created_at)), updated_at: updated }
    for (const c of this.timeColumns) dbRow[c] = isoToMs(previous[c])
    await this.storage.insertRows(this.table, [dbRow])
  }

  private timesToCh(row: Row): Row {
    const out: Row = {}
    for (const c of this.timeColumns) out[c] = row[c] === null ? null : msToCh(Number(row[c]))
    return out
  }

  private fromDb(r: Row): T {
    const { deleted: _deleted, ...rest } = r
    const out: Row = { ...rest, created_at: chTimeToIso(r.created_at), updated_at: chTimeToIso(r.updated_at) }
    for (const c of this.timeColumns) out[c] = r[c] === null || r[c] === undefined ? null : chTimeToIso(r[c])
    return out as T
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
