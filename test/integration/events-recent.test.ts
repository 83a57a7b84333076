/**
 * recent_events (migration 0026) answers the explorer's views of every
 * instansi that start within its days: every page (walked to the end through
 * the cursors), count and export it gives is the one request_events gives,
 * filter by filter. Events older than the view stores, and views narrowed
 * to one instansi or API, are request_events' alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compactRows, STREAM_SPECS } from '../../collector/streams.js'
import { type EventRange, type EventRow, countEvents, eventsPage, eventsTable } from '../../shared/metrics/events.js'
import { exportChunks, planExport } from '../../shared/metrics/events-export.js'
import { openStorage, type Storage } from '../../storage/client.js'
import { StorageConfig } from '../../storage/config.js'
import { migrate } from '../../storage/migrate.js'
import { RECENT_EVENT_DAYS } from '../../storage/recent-events.js'
import { eventRow } from '../support/event-row.js'
import { tempDir } from '../support/stack.js'

const HOUR = 3600e3
const DAY = 24 * HOUR
const NOW = Math.floor(Date.now() / 1000) * 1000

let storage: Storage
const cfg = StorageConfig.parse({ dataDir: tempDir('pantau-recent-'), rawTtlDays: 400 })

/** Event i: 36 hours back from now every ~10.8 s (pairs share a millisecond: the id breaks the tie), or 20 days back when `old`. */
const event = (i: number, old = false) =>
  eventRow({
    ts: (old ? NOW - 20 * DAY : NOW) - Math.floor(i / 2) * 21_600 - 3,
    event_id: `00000000-0000-4000-8000-${String(i + (old ? 500_000 : 0)).padStart(12, '0')}`,
    instansi: `kota-${i % 4}`,
    gateway_id: `gw-${i % 3}`,
    api_id: `api-${i % 6}`,
    method: i % 5 === 0 ? 'POST' : 'GET',
    path: i % 3 === 0 ? `/v1/a/${i % 17}` : `/v1/b/${i % 11}`,
    status: i % 13 === 0 ? 503 : i % 7 === 0 ? 404 : 200,
    latency_ms: (i * 7919) % 900,
    consumer_id: `app-${i % 5}`,
    client_address: `10.0.0.${i % 9}`,
    source_format: i % 2 ? 'kong' : 'apisix',
  })

beforeAll(async () => {
  storage = await openStorage(cfg)
  await migrate(storage, cfg)
  const { table, columns } = STREAM_SPECS.events
  for (let b = 0; b < 3; b++) {
    const rows = Array.from({ length: 4000 }, (_, k) => event(b * 4000 + k))
    await storage.insertCompact(table, columns, compactRows(columns, rows), `recent:${b}`)
  }
  const old = Array.from({ length: 500 }, (_, k) => event(k, true))
  await storage.insertCompact(table, columns, compactRows(columns, old), 'recent:old')
})
afterAll(() => storage?.close())

const range = (fromMs: number, filters: Partial<EventRange> = {}): EventRange => ({ fromMs, toMs: NOW + 1, ...filters })

/** Every page of a view from one table, in order. */
async function walk(f: EventRange, table: 'recent_events' | 'request_events'): Promise<EventRow[]> {
  const rows: EventRow[] = []
  let cursor: string | undefined
  do {
    const page = await eventsPage(storage, f, 250, cursor, table)
    rows.push(...page.rows)
    cursor = page.next_cursor
  } while (cursor)
  return rows
}

const FILTERS: Array<Partial<EventRange>> = [
  {},
  { status_class: '5xx' },
  { status: 404 },
  { method: 'POST', min_latency_ms: 300 },
  { path_prefix: '/v1/a/1' },
  { consumer: 'app-3' },
  { gateway: 'gw-2', source_format: 'kong' },
  { client_address: '10.0.0.4' },
]

describe('recent events (migration 0026)', () => {
  it('holds the events of the days it keeps, and not older ones', async () => {
    const [r] = await storage.query<{ n: string; old: string }>(
      `SELECT count() AS n, countIf(ts < now64(3) - toIntervalDay(${RECENT_EVENT_DAYS + 1})) AS old FROM recent_events`,
    )
    expect([Number(r!.n), Number(r!.old)]).toEqual([12_000, 0])
  })

  it('gives every page and count of a view of every instansi that request_events gives', async () => {
    for (const fromMs of [NOW - DAY, NOW - 7 * DAY, NOW - 2 * 60e3]) {
      for (const filters of FILTERS) {
        const f = range(fromMs, filters)
        expect(eventsTable(f, NOW), JSON.stringify(filters)).toBe('recent_events')
        const expected = await walk(f, 'request_events')
        expect(await walk(f, 'recent_events'), JSON.stringify(filters)).toEqual(expected)
        expect(await countEvents(storage, f, 'recent_events')).toEqual({ total: expected.length, approximate: false })
      }
    }
  })

  it('exports a view of every instansi in the order and with the rows of request_events', async () => {
    const f = range(NOW - DAY, { status_class: '4xx' })
    const expected = await walk(f, 'request_events')
    expect(expected.length).toBeGreaterThan(500)
    const slices = await planExport(storage, f, 100_000, 300) // several slices
    expect(slices.length).toBeGreaterThan(1)
    let text = ''
    for await (const chunk of exportChunks(storage, slices, f, 'ndjson')) text += Buffer.from(chunk).toString('utf8')
    const rows = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EventRow)
    expect(rows).toEqual(expected)
  })

  it('is kept no longer than the events themselves (PANTAU_RAW_TTL_DAYS), following a change of it', async () => {
    const ttl = async () =>
      /toIntervalDay\((\d+)\)/.exec(
        (await storage.query<{ e: string }>(`SELECT engine_full AS e FROM system.tables WHERE database = currentDatabase() AND name = 'recent_events'`))[0]!.e,
      )?.[1]
    expect(await ttl()).toBe(String(RECENT_EVENT_DAYS))
    await migrate(storage, { ...cfg, rawTtlDays: 3 })
    expect(await ttl()).toBe('3')
    await migrate(storage, cfg)
    expect(await ttl()).toBe(String(RECENT_EVENT_DAYS))
  })

  it('leaves one instansi, one API and views starting before its days to request_events', () => {
    expect(eventsTable(range(NOW - DAY, { instansi: 'kota-1' }), NOW)).toBe('request_events')
    expect(eventsTable(range(NOW - DAY, { api: 'api-1' }), NOW)).toBe('request_events')
    expect(eventsTable(range(NOW - RECENT_EVENT_DAYS * DAY), NOW)).toBe('request_events')
    expect(eventsTable(range(NOW - (RECENT_EVENT_DAYS - 1) * DAY), NOW)).toBe('recent_events')
  })
})
