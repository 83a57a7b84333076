/**
 * A replayed insert (the same idempotency token, as after a crash between the
 * insert and the spool cursor) is stored once — in the raw table and in every
 * rollup its materialized views feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compactRows, STREAM_SPECS } from '../../collector/streams.js'
import { openStorage, type Storage } from '../../storage/client.js'
import { StorageConfig } from '../../storage/config.js'
import { migrate } from '../../storage/migrate.js'
import { tempDir } from '../support/stack.js'

let storage: Storage
beforeAll(async () => {
  const cfg = StorageConfig.parse({ dataDir: tempDir('pantau-dedup-'), rawTtlDays: 20000 })
  storage = await openStorage(cfg)
  await migrate(storage, cfg)
})
afterAll(() => storage?.close())

const event = (i: number) => ({
  ts: Date.parse('2026-03-02T03:00:00Z') + i * 1000, event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  instansi: 'kota-x', gateway_id: 'gw', api_id: 'kota-x.api', api_name: 'API', api_version: '1', route: '/v1/a', path: '/v1/a',
  method: 'GET', status: i % 10 === 0 ? 500 : 200, latency_ms: 10 + i, backend_latency_ms: null, gateway_latency_ms: null,
  request_bytes: 1, response_bytes: 2, host: 'h', scheme: 'https', tls_version: 'TLSv1.3', consumer_id: 'app', consumer_instansi: 'kota-y',
  user_hash: '', client_address: '10.0.0.1', auth_outcome: 'success', request_id: `r-${i}`, trace_id: '', user_agent: '', service: '',
  level: '', message: '', upstream: '', log_fields_mask: 1023, source_format: 'pasal13', ingested_at: Date.now(),
})

describe('insert deduplication', () => {
  it('a replayed insert changes neither the raw table nor any rollup', async () => {
    const { table, columns } = STREAM_SPECS.events
    const body = compactRows(columns, Array.from({ length: 200 }, (_, i) => event(i)))
    const sums = async () => {
      const [r] = await storage.query<Record<string, string>>(`SELECT
        (SELECT count() FROM request_events) AS raw,
        (SELECT sum(requests) FROM request_rollup_1m) AS m1, (SELECT sum(requests) FROM request_rollup_1h) AS h1,
        (SELECT sum(requests) FROM request_rollup_1d) AS d1, (SELECT sum(requests) FROM instansi_rollup_1h) AS ih,
        (SELECT sum(requests) FROM instansi_rollup_1d) AS id, (SELECT sum(requests) FROM consumer_rollup_1h) AS ch,
        (SELECT count() FROM security_rollup_1m) AS sec, (SELECT count() FROM api_sources) AS src`)
      return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]))
    }
    await storage.insertCompact(table, columns, body, 'spool:0-200')
    const once = await sums()
    expect(once.raw).toBe(200)
    await storage.insertCompact(table, columns, body, 'spool:0-200')
    expect(await sums()).toEqual(once)
    // the same rows under a new token are a new insert
    await storage.insertCompact(table, columns, body, 'spool:200-400')
    expect((await sums()).m1).toBe(2 * once.m1)
  })

  it('a crash between the raw part and a view part: the replay completes the view and doubles nothing', async () => {
    const { table, columns } = STREAM_SPECS.events
    const body = compactRows(columns, Array.from({ length: 100 }, (_, i) => ({ ...event(1000 + i), ts: Date.parse('2026-04-02T03:00:00Z') + i * 1000 })))
    const minute = async () => Number((await storage.query<{ n: string }>(`SELECT sum(requests) AS n FROM request_rollup_1m WHERE bucket >= '2026-04-01'`))[0].n)
    const hour = async () => Number((await storage.query<{ n: string }>(`SELECT sum(requests) AS n FROM request_rollup_1h WHERE bucket >= '2026-04-01'`))[0].n)
    // the minute view was not reached before the crash: the raw part and the other views are in
    await storage.command('DETACH TABLE request_rollup_1m_mv')
    await storage.insertCompact(table, columns, body, 'spool:crash')
    await storage.command('ATTACH TABLE request_rollup_1m_mv')
    expect([await minute(), await hour()]).toEqual([0, 100])
    await storage.insertCompact(table, columns, body, 'spool:crash')
    expect([await minute(), await hour()]).toEqual([100, 100])
  })
})
