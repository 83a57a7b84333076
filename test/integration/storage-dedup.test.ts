/**
 * A replayed insert (the same idempotency token, as after a crash between the
 * insert and the spool cursor) is stored once — in the raw table and in every
 * rollup its materialized views feed, and in recent_events (migration 0026).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compactRows, STREAM_SPECS } from '../../collector/streams.js'
import { openStorage, type Storage } from '../../storage/client.js'
import { StorageConfig } from '../../storage/config.js'
import { migrate } from '../../storage/migrate.js'
import { eventRow } from '../support/event-row.js'
import { tempDir } from '../support/stack.js'

let storage: Storage
const cfg = StorageConfig.parse({ dataDir: tempDir('pantau-dedup-'), rawTtlDays: 20000 })
beforeAll(async () => {
  // a fresh data directory: every migration runs in this process, the ones that change a view's query included
  storage = await openStorage(cfg)
  await migrate(storage, cfg)
})
afterAll(() => storage?.close())

// yesterday, from a whole hour: recent enough for recent_events (migration 0026)
const START = Math.floor(Date.now() / 3600e3) * 3600e3 - 86400e3
const event = (i: number, instansi = 'kota-x') =>
  eventRow({
    ts: START + i * 1000,
    event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    instansi,
    gateway_id: 'gw',
    api_id: 'kota-x.api',
    api_name: 'API',
    api_version: '1',
    route: '/v1/a',
    path: '/v1/a',
    status: [500, 401, 404][i % 10] ?? 200,
    latency_ms: 10 + i,
    request_bytes: 1,
    response_bytes: 2,
    host: 'h',
    tls_version: 'TLSv1.3',
    consumer_id: 'app',
    consumer_instansi: 'kota-y',
    client_address: '10.0.0.1',
    auth_outcome: 'success',
    request_id: `r-${i}`,
    log_fields_mask: 1023,
  })

/** Requests in the national rollups (every instansi: the tests compare before and after). */
const national = async () => {
  const [r] = await storage.query<{ nm: string; nh: string; nd: string }>(
    `SELECT (SELECT sum(requests) FROM national_rollup_1m) AS nm, (SELECT sum(requests) FROM national_rollup_1h) AS nh,
            (SELECT sum(requests) FROM national_rollup_1d) AS nd`,
  )
  return { nm: Number(r.nm), nh: Number(r.nh), nd: Number(r.nd) }
}

/** Requests (signals for security) of one instansi in the raw table and every rollup: each test has its own instansi. */
const sums = async (instansi: string) => {
  const [r] = await storage.query<Record<string, string>>(
    `SELECT
    (SELECT count() FROM request_events WHERE instansi = {i:String}) AS raw,
    (SELECT sum(requests) FROM request_rollup_1m WHERE instansi = {i:String}) AS m1, (SELECT sum(requests) FROM request_rollup_1h WHERE instansi = {i:String}) AS h1,
    (SELECT sum(requests) FROM request_rollup_1d WHERE instansi = {i:String}) AS d1, (SELECT sum(requests) FROM instansi_rollup_1h WHERE instansi = {i:String}) AS ih,
    (SELECT sum(requests) FROM instansi_rollup_1d WHERE instansi = {i:String}) AS id, (SELECT sum(requests) FROM consumer_rollup_1h WHERE instansi = {i:String}) AS ch,
    (SELECT sum(auth_failures) + sum(not_found) FROM security_rollup_1m WHERE instansi = {i:String}) AS sec,
    (SELECT sum(requests) FROM api_sources WHERE instansi = {i:String}) AS src,
    (SELECT count() FROM recent_events WHERE instansi = {i:String}) AS recent`,
    { i: instansi },
  )
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]))
}

describe('insert deduplication', () => {
  it('a replayed insert changes neither the raw table nor any rollup', async () => {
    const { table, columns } = STREAM_SPECS.events
    const body = compactRows(
      columns,
      Array.from({ length: 200 }, (_, i) => event(i)),
    )
    const before = await national()
    await storage.insertCompact(table, columns, body, 'spool:0-200')
    const once = await sums('kota-x')
    expect(once).toEqual({ raw: 200, m1: 200, h1: 200, d1: 200, ih: 200, id: 200, ch: 200, sec: 40, src: 200, recent: 200 })
    expect(await national()).toEqual({ nm: before.nm + 200, nh: before.nh + 200, nd: before.nd + 200 })
    await storage.insertCompact(table, columns, body, 'spool:0-200')
    expect(await sums('kota-x')).toEqual(once)
    expect(await national()).toEqual({ nm: before.nm + 200, nh: before.nh + 200, nd: before.nd + 200 })
    // the same rows under a new token are a new insert
    await storage.insertCompact(table, columns, body, 'spool:200-400')
    expect((await sums('kota-x')).m1).toBe(2 * once.m1)
  })

  it('an insert made by the process that ran the migrations, replayed after a restart, is stored once', async () => {
    const { table, columns } = STREAM_SPECS.events
    const body = compactRows(
      columns,
      Array.from({ length: 100 }, (_, i) => event(3000 + i, 'kota-r')),
    )
    const before = await national()
    await storage.insertCompact(table, columns, body, 'spool:before-restart')
    const once = await sums('kota-r')
    expect(once).toEqual({ raw: 100, m1: 100, h1: 100, d1: 100, ih: 100, id: 100, ch: 100, sec: 20, src: 100, recent: 100 })
    // the process dies before its cursor moves; the next one loads the views from disk and replays the batch
    await storage.close()
    storage = await openStorage(cfg)
    await migrate(storage, cfg)
    await storage.insertCompact(table, columns, body, 'spool:before-restart')
    expect(await sums('kota-r')).toEqual(once)
    expect(await national()).toEqual({ nm: before.nm + 100, nh: before.nh + 100, nd: before.nd + 100 })
  })

  it('a crash between the raw part and a view part: the replay completes the view and doubles nothing', async () => {
    const { table, columns } = STREAM_SPECS.events
    const body = compactRows(
      columns,
      Array.from({ length: 100 }, (_, i) => event(1000 + i, 'kota-z')),
    )
    const minute = async () => Number((await storage.query<{ n: string }>(`SELECT sum(requests) AS n FROM request_rollup_1m WHERE instansi = 'kota-z'`))[0].n)
    const hour = async () => Number((await storage.query<{ n: string }>(`SELECT sum(requests) AS n FROM request_rollup_1h WHERE instansi = 'kota-z'`))[0].n)
    // the minute view was not reached before the crash: the raw part and the other views are in
    await storage.command('DETACH TABLE request_rollup_1m_mv')
    await storage.insertCompact(table, columns, body, 'spool:crash')
    await storage.command('ATTACH TABLE request_rollup_1m_mv')
    expect([await minute(), await hour()]).toEqual([0, 100])
    await storage.insertCompact(table, columns, body, 'spool:crash')
    expect([await minute(), await hour()]).toEqual([100, 100])
  })

  it('a crash before the recent events view: the replay completes recent_events and doubles nothing', async () => {
    const { table, columns } = STREAM_SPECS.events
    const body = compactRows(
      columns,
      Array.from({ length: 100 }, (_, i) => event(4000 + i, 'kota-t')),
    )
    await storage.command('DETACH TABLE recent_events_mv')
    await storage.insertCompact(table, columns, body, 'spool:crash-recent')
    await storage.command('ATTACH TABLE recent_events_mv')
    expect(await sums('kota-t')).toMatchObject({ raw: 100, m1: 100, recent: 0 })
    await storage.insertCompact(table, columns, body, 'spool:crash-recent')
    await storage.insertCompact(table, columns, body, 'spool:crash-recent')
    expect(await sums('kota-t')).toMatchObject({ raw: 100, m1: 100, recent: 100 })
  })

  it('a crash between an instansi row and its national row (a chained view): the replay adds the national row once', async () => {
    const { table, columns } = STREAM_SPECS.events
    const body = compactRows(
      columns,
      Array.from({ length: 50 }, (_, i) => event(2000 + i, 'kota-n')),
    )
    const instansi = async () =>
      Number((await storage.query<{ n: string }>(`SELECT sum(requests) AS n FROM instansi_rollup_1h WHERE instansi = 'kota-n'`))[0].n)
    const before = await national()
    await storage.command('DETACH TABLE national_rollup_1h_mv')
    await storage.insertCompact(table, columns, body, 'spool:crash-national')
    await storage.command('ATTACH TABLE national_rollup_1h_mv')
    expect([await instansi(), await national()]).toEqual([50, { nm: before.nm + 50, nh: before.nh, nd: before.nd + 50 }])
    await storage.insertCompact(table, columns, body, 'spool:crash-national')
    expect([await instansi(), await national()]).toEqual([50, { nm: before.nm + 50, nh: before.nh + 50, nd: before.nd + 50 }])
    await storage.insertCompact(table, columns, body, 'spool:crash-national')
    expect([await instansi(), await national()]).toEqual([50, { nm: before.nm + 50, nh: before.nh + 50, nd: before.nd + 50 }])
  })
})
