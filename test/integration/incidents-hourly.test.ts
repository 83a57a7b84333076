/**
 * Incidents over whole hours read the hourly rows' minute detail (bad hours)
 * and first minutes (the hours after them); with a gateway filter they read
 * every minute of the minute rollup. On random traffic — bad runs across hour
 * boundaries, idle hours, ranges starting and ending mid-hour — both answers
 * must be the same, incident for incident, as must uptime.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compactRows, STREAM_SPECS } from '../../collector/streams.js'
import { incidents, uptime } from '../../shared/metrics/availability.js'
import type { Range } from '../../shared/metrics/range.js'
import { openStorage, type Storage } from '../../storage/client.js'
import { StorageConfig } from '../../storage/config.js'
import { migrate } from '../../storage/migrate.js'
import { eventRow } from '../support/event-row.js'
import { tempDir } from '../support/stack.js'

const T0 = Date.parse('2026-06-01T00:00:00Z')
const MIN = 60e3
const HOURS = 6
const SCENARIOS = 40
const APIS = 3

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Minute {
  instansi: string
  api: number
  minute: number
  requests: number
  errors: number
}

/**
 * One scenario's traffic: per API, minutes that are idle, good or bad, with
 * bad runs placed more often near hour boundaries (where the hourly path
 * changes from rows to minutes) and whole idle hours.
 */
function scenario(s: number): Minute[] {
  const rnd = random(1000 + s)
  const out: Minute[] = []
  for (let api = 0; api < APIS; api++) {
    const idleHour = rnd() < 0.3 ? Math.floor(rnd() * HOURS) : -1
    const density = 0.2 + rnd() * 0.8
    const bad = new Set<number>()
    for (let runs = Math.floor(rnd() * 5); runs > 0; runs--) {
      const nearEdge = rnd() < 0.6
      const start = nearEdge ? Math.max(0, 60 * (1 + Math.floor(rnd() * (HOURS - 1))) - Math.floor(rnd() * 5)) : Math.floor(rnd() * HOURS * 60)
      const len = 1 + Math.floor(rnd() * 6)
      for (let m = start; m < start + len; m++) bad.add(m)
    }
    for (let m = 0; m < HOURS * 60; m++) {
      if (Math.floor(m / 60) === idleHour) continue
      if (!bad.has(m) && rnd() > density) continue
      const requests = 1 + Math.floor(rnd() * 4)
      const errors = bad.has(m)
        ? Math.ceil(requests / 2) + Math.floor(rnd() * (requests - Math.ceil(requests / 2) + 1))
        : rnd() < 0.1
          ? Math.floor(requests / 3)
          : 0
      out.push({ instansi: `inc-${s}`, api, minute: m, requests, errors })
    }
  }
  return out
}

function events(minutes: Minute[]) {
  let n = 0
  return minutes.flatMap((m) =>
    Array.from({ length: m.requests }, (_, i) => {
      n += 1
      return eventRow({
        ts: T0 + m.minute * MIN + i * 1000,
        event_id: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
        instansi: m.instansi,
        gateway_id: 'gw',
        api_id: `${m.instansi}.api-${m.api}`,
        api_name: `API ${m.api}`,
        status: i < m.errors ? 503 : 200,
      })
    }),
  )
}

let storage: Storage
beforeAll(async () => {
  const cfg = StorageConfig.parse({ dataDir: tempDir('pantau-incidents-'), rawTtlDays: 20000 })
  storage = await openStorage(cfg)
  await migrate(storage, cfg)
  const { table, columns } = STREAM_SPECS.events
  const rows = events(Array.from({ length: SCENARIOS }, (_, s) => scenario(s)).flat())
  await storage.insertCompact(table, columns, compactRows(columns, rows), 'incidents-hourly')
}, 120_000)
afterAll(() => storage?.close())

describe('incidents from hourly rows', () => {
  it('equal the minute path on random traffic, for whole-hour and mid-hour ranges', async () => {
    let compared = 0
    let found = 0
    let crossing = 0
    for (let s = 0; s < SCENARIOS; s++) {
      const rnd = random(5000 + s)
      // every other scenario starts and ends mid-hour: partial edges read from minutes
      const from = T0 + (s % 2 ? Math.floor(rnd() * 50) * MIN : 0)
      const to = T0 + HOURS * 60 * MIN - (s % 2 ? Math.floor(rnd() * 50) * MIN : 0)
      const range = { fromMs: from, toMs: to, instansi: `inc-${s}` } as Range
      const viaHours = await incidents(storage, range)
      const viaMinutes = await incidents(storage, { ...range, gateway: 'gw' })
      expect(viaHours, `scenario ${s}`).toEqual(viaMinutes)
      const upHours = await uptime(storage, range, '1h')
      const upMinutes = await uptime(storage, { ...range, gateway: 'gw' }, '1h')
      expect(upHours.totals, `scenario ${s}`).toEqual(upMinutes.totals)
      compared += 1
      found += viaHours.incidents.length
      // an incident that ends in a later hour than it starts, not on the hour
      crossing += viaHours.incidents.filter((i) => i.end && i.end.slice(11, 13) !== i.start.slice(11, 13) && i.end.slice(14, 16) !== '00').length
    }
    expect(compared).toBe(SCENARIOS)
    // the scenarios are not vacuous: they hold many incidents, some across an hour boundary
    expect(found).toBeGreaterThan(SCENARIOS)
    expect(crossing).toBeGreaterThan(5)
  }, 120_000)
})
