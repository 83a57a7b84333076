/**
 * One ClickHouse client for the whole process: the embedded chDB engine
 * (in-process, persistent directory) by default, or a ClickHouse server when
 * CLICKHOUSE_URL is set. Both speak the same SQL through @clickhouse/client.
 *
 * Long results (exports) stream: a server's HTTP response is read as it
 * arrives; the embedded connection of @clickhouse/client would materialize the
 * whole result first (chdb/connection buffers every answer), so the embedded
 * engine streams through chDB's own chunked `queryStreamBind` on a session of
 * its own (one stream per session; same-path sessions share the engine).
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { createClient, type ClickHouseClient } from '@clickhouse/client'
import type { z } from 'zod'
import { parseRow } from './columns.js'
import { type StagedInsert, stagedInsert } from './staged-insert.js'
import type { StorageConfig } from './config.js'

export type QueryParams = Record<string, unknown>

export interface Storage {
  readonly mode: 'embedded' | 'server'
  readonly database: string
  readonly client: ClickHouseClient
  /**
   * Rows of a SELECT, `{name:Type}` placeholders bound from `params`, each
   * parsed with `schema` (storage/columns.ts has the column helpers). A row
   * that does not match throws an Error naming the statement and the field.
   */
  rows<S extends z.ZodType>(schema: S, sql: string, params?: QueryParams): Promise<z.output<S>[]>
  /**
   * The unparsed form of `rows`: JSONEachRow rows cast to T, unchecked.
   * Deprecated, to be removed once its last callers (api/, collector/) use `rows`.
   */
  query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]>
  /**
   * The result of a SELECT as text in `format` (CSVWithNames, JSONEachRow, …),
   * chunk by chunk as the engine produces it, never whole in memory; placeholders
   * bound from `params`. Leaving the loop early (or `signal`) cancels the query.
   */
  stream(sql: string, params: QueryParams, format: string, signal?: AbortSignal): AsyncIterable<Uint8Array>
  /** A statement without a result (DDL, ALTER, …). */
  command(sql: string, params?: QueryParams): Promise<void>
  /**
   * Insert newline-delimited JSON rows. `dedupToken` makes a repeated insert
   * of the same rows a no-op (tables carry a deduplication window).
   */
  insertJsonLines(table: string, body: string | Buffer, dedupToken?: string): Promise<void>
  /** Insert JSONCompactEachRow lines (arrays in `columns` order): the fast path of the pipeline. */
  insertCompact(table: string, columns: readonly string[], body: Buffer, dedupToken?: string): Promise<void>
  insertRows(table: string, rows: readonly object[], dedupToken?: string): Promise<void>
  close(): Promise<void>
}

/**
 * Every insert: synchronous (the caller's acknowledgement depends on it), and
 * without merging rows on insert — the rollup views' AggregatingMergeTree
 * targets would otherwise aggregate each block on the way in, which costs
 * several times the insert itself; background merges and queries aggregate.
 * The views run in parallel. The body is parsed by one thread: the pipeline
 * already runs its two large inserts (events, raw records) side by side, and
 * splitting each body among parsing threads cost ~8 % more engine CPU per
 * row and ~60–120 MB more memory per batch on the 2-core machine (issue 14).
 * The insert's threads run at nice 10 where the engine may renice them
 * (CAP_SYS_NICE; without it the setting does nothing): the batch is already
 * safe in the spool, so the event loop (acknowledgements, the API) and
 * dashboard queries go first when the cores are busy — on the 2-core machine
 * the ingest thread waited for a core 12–17 % of the time instead of 16–19 %,
 * and Kong requests were acknowledged ~8 % faster (8 runs each, issue 14).
 */
const INSERT_SETTING_VALUES = {
  async_insert: 0,
  optimize_on_insert: 0,
  parallel_view_processing: 1,
  input_format_parallel_parsing: 0,
  os_thread_priority: 10,
} as const

/** Settings as a SETTINGS list; string values are quoted as they are (callers pass checked ones: token()). */
const settingsSql = (settings: Record<string, string | number>) =>
  Object.entries(settings)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? `'${v}'` : v}`)
    .join(', ')
export const INSERT_SETTINGS = settingsSql(INSERT_SETTING_VALUES)

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/
const TOKEN = /^[A-Za-z0-9:._-]{1,200}$/

export async function openStorage(cfg: StorageConfig): Promise<Storage> {
  if (cfg.clickhouseUrl) {
    const client = await openServer(cfg)
    return wrap(client, 'server', cfg.database, (sql, params, format, signal) => serverStream(client, sql, params, format, signal))
  }
  const path = embeddedPath(cfg)
  const { client, staged } = await openEmbedded(cfg)
  return wrap(client, 'embedded', cfg.database, (sql, params, format, signal) => embeddedStream(path, cfg.database, sql, params, format, signal), staged)
}

const embeddedPath = (cfg: StorageConfig) => resolve(join(cfg.dataDir, 'chdb'))

type Streamer = Storage['stream']

/** A session of its own on the process's data path, closed when the loop ends. */
async function* embeddedStream(path: string, database: string, sql: string, params: QueryParams, format: string, signal?: AbortSignal) {
  const { Session } = await import('chdb')
  const session = new Session(path)
  try {
    await session.queryAsync(`USE ${ident(database)}`)
    for await (const chunk of session.queryStreamBind(sql, params, { format, signal })) yield chunk.raw()
  } finally {
    session.close()
  }
}

/** The HTTP response of a server, read as it arrives. */
async function* serverStream(client: ClickHouseClient, sql: string, params: QueryParams, format: string, signal?: AbortSignal) {
  const result = await client.exec({ query: `${sql}\nFORMAT ${ident(format)}`, query_params: params, abort_signal: signal })
  for await (const chunk of result.stream as AsyncIterable<Uint8Array>) yield chunk
}

async function openEmbedded(cfg: StorageConfig): Promise<{ client: ClickHouseClient; staged: StagedInsert }> {
  const path = embeddedPath(cfg)
  mkdirSync(path, { recursive: true })
  // chdb is CommonJS; loaded lazily so server deployments need not load the engine.
  const { createChdbConnection } = await import('chdb/connection')
  const connection = createChdbConnection({ path })
  const client = createClient({ connection: connection as never })
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${ident(cfg.database)}` })
  // The embedded engine is one session: USE sets the default database for it.
  await client.command({ query: `USE ${ident(cfg.database)}` })
  // Inserts go through a file (storage/staged-insert.ts), not the client's connection.
  return { client, staged: stagedInsert(connection.chdb, join(cfg.dataDir, 'insert-staging')) }
}

async function openServer(cfg: StorageConfig): Promise<ClickHouseClient> {
  const common = {
    url: cfg.clickhouseUrl,
    username: cfg.clickhouseUser,
    password: cfg.clickhousePassword,
    request_timeout: 120_000,
    compression: { request: true, response: true },
  }
  const bootstrap = createClient(common)
  await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${ident(cfg.database)}` })
  await bootstrap.close()
  return createClient({ ...common, database: cfg.database })
}

function wrap(client: ClickHouseClient, mode: Storage['mode'], database: string, stream: Streamer, staged?: StagedInsert): Storage {
  const insert = async (table: string, columns: readonly string[] | undefined, format: string, body: string | Buffer, dedupToken?: string) => {
    if (body.length === 0) return
    const bytes = typeof body === 'string' ? Buffer.from(body) : body
    // Settings go into the statement, not the session: the embedded engine
    // applies client settings with SET, which would leak into later inserts.
    // A replayed insert (same token) is skipped by the source table and, block
    // by block, by the views' targets (a crash may have left some of them
    // written): the default of current engines, explicit for older servers.
    // Only with a token — without one, two equal aggregated blocks of
    // different inserts are both real.
    const settings: Record<string, string | number> = { ...INSERT_SETTING_VALUES }
    if (dedupToken !== undefined) {
      settings.insert_deduplication_token = token(dedupToken)
      settings.deduplicate_blocks_in_dependent_materialized_views = 1
    }
    const target = columns ? `${ident(table)} (${columns.map(ident).join(', ')})` : ident(table)
    const settingsText = settingsSql(settings)
    if (staged) return staged(target, settingsText, format, bytes)
    const result = await client.exec({
      query: `INSERT INTO ${target} SETTINGS ${settingsText} FORMAT ${format}`,
      values: Readable.from([bytes], { objectMode: false }),
    })
    result.stream.resume()
  }
  const insertJsonLines = (table: string, body: string | Buffer, dedupToken?: string) => insert(table, undefined, 'JSONEachRow', body, dedupToken)
  const select = async (sql: string, params?: QueryParams): Promise<unknown[]> => {
    const rs = await client.query({ query: sql, query_params: params, format: 'JSONEachRow' })
    return rs.json()
  }
  return {
    mode,
    database,
    client,
    async rows(schema, sql, params) {
      return (await select(sql, params)).map((row, i) => parseRow(schema, row, sql, i))
    },
    async query<T>(sql: string, params?: QueryParams): Promise<T[]> {
      return (await select(sql, params)) as T[]
    },
    stream,
    async command(sql: string, params?: QueryParams) {
      await client.command({ query: sql, query_params: params })
    },
    insertJsonLines,
    insertCompact: (table, columns, body, dedupToken) => insert(table, columns, 'JSONCompactEachRow', body, dedupToken),
    async insertRows(table, rows, dedupToken) {
      if (rows.length === 0) return
      let body = ''
      for (const r of rows) body += JSON.stringify(r) + '\n'
      await insertJsonLines(table, body, dedupToken)
    },
    close: () => client.close(),
  }
}

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a plain identifier: ${JSON.stringify(name)}`)
  return name
}

function token(t: string): string {
  if (!TOKEN.test(t)) throw new Error(`invalid deduplication token: ${JSON.stringify(t)}`)
  return t
}
