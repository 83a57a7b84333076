/**
 * Dashboard query benchmark (issue: metrics API): a large synthetic dataset
 * (seeded once into a persistent directory and reused), then every dashboard
 * endpoint over a 30-day range through the HTTP API — p50/p95 latency — next
 * to the same question asked of the raw table, as a ratio; then the events
 * explorer (events.ts): pages, histograms and the streaming export.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { createApi } from '../../api/app.js'
import { createReportsPort } from '../../reports/port.js'
import { TokenStore } from '../../shared/access/tokens.js'
import { closeHttp, listen } from '../../collector/collector.js'
import { openStorage, type Storage } from '../../storage/client.js'
import { count } from '../../storage/columns.js'
import { StorageConfig } from '../../storage/config.js'
import { migrate } from '../../storage/migrate.js'
import { hourSpan, refreshUptimeHours } from '../../shared/metrics/uptime-hours.js'
import type { BenchContext } from './report.js'
import { benchEvents } from './events.js'
import { eventCount, seedEvents, seedRegistry } from './seed-sql.js'
import { pct, timed } from './timing.js'

const DIR = fileURLToPath(new URL('../../.cache/bench-api', import.meta.url))
const ADMIN = 'bench-api-admin-token-0123456789'
/** The raw-table answers are only timed, not read. */
const RawAnswer = z.record(z.string(), z.unknown())

const ENDPOINTS = [
  '/v1/metrics/overview',
  '/v1/metrics/performance',
  '/v1/metrics/availability',
  '/v1/metrics/incidents',
  '/v1/metrics/sla',
  '/v1/metrics/security',
  '/v1/metrics/security/findings',
  '/v1/metrics/adoption',
  '/v1/metrics/integrations',
  '/v1/metrics/compliance',
]

/**
 * Dashboard pages also asked over the last 24 hours (a period of the
 * dashboards): the ragged minutes at both ends and the 15-minute series come
 * from the minute rollups (per API, and national: migration 0024).
 */
const DAY_ENDPOINTS = ['/v1/metrics/overview', '/v1/metrics/performance', '/v1/metrics/availability', '/v1/metrics/security']

/** Endpoints whose target is 1 s p95 (issue 14); the others' is 300 ms. */
const SLOW_TARGET = new Set(['/v1/metrics/incidents', '/v1/metrics/security/findings'])

/** The same questions asked of the raw events (what the rollups save). */
const RAW: Record<string, string> = {
  '/v1/metrics/overview': `SELECT count(), countIf(status >= 500), countIf(status BETWEEN 400 AND 499), avg(latency_ms),
      quantiles(0.5, 0.9, 0.95, 0.99)(latency_ms), uniqExact(instansi), uniqExact(api_id), uniqExact(consumer_id)
    FROM request_events WHERE ts >= {from:DateTime64(3)} AND ts < {to:DateTime64(3)}`,
  '/v1/metrics/performance': `SELECT toStartOfInterval(toDateTime(ts, 'Asia/Jakarta'), INTERVAL 6 HOUR) AS b, count(), countIf(status >= 500),
      quantiles(0.5, 0.9, 0.95, 0.99)(latency_ms), quantiles(0.5, 0.9, 0.95, 0.99)(backend_latency_ms)
    FROM request_events WHERE ts >= {from:DateTime64(3)} AND ts < {to:DateTime64(3)} GROUP BY b ORDER BY b`,
  '/v1/metrics/availability': `SELECT api_id, countIf(bad) AS down, count() AS mins FROM (
      SELECT api_id, toStartOfMinute(ts) AS m, countIf(status >= 500) >= 0.5 * count() AS bad
      FROM request_events WHERE ts >= {from:DateTime64(3)} AND ts < {to:DateTime64(3)} GROUP BY api_id, m) GROUP BY api_id`,
}

/** One authorized GET, read to the end; anything but 2xx fails the bench. */
async function get(url: string): Promise<void> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${ADMIN}` } })
  if (!res.ok) throw new Error(`${new URL(url).pathname}: HTTP ${res.status} ${await res.text()}`)
  await res.arrayBuffer()
}

async function prepare(ctx: BenchContext, storage: Storage, target: number): Promise<number> {
  const marker = join(DIR, 'bench-window.json')
  const window = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { toMs: number }) : { toMs: Date.now() }
  if (!existsSync(marker)) {
    await seedRegistry(storage)
    writeFileSync(marker, JSON.stringify(window))
  }
  const have = await eventCount(storage)
  const settled = join(DIR, 'merged.json')
  // the events present when the last seeding ended; anything else is a seeding cut short (see rollupsAgree)
  const seeded = join(DIR, 'seeded.json')
  const recorded = existsSync(seeded) ? (JSON.parse(readFileSync(seeded, 'utf8')) as { events: number }).events : have
  if (recorded !== have) throw new Error(`${DIR}: ${have} events, ${recorded} when seeding last ended: a seeding was cut short; remove the directory`)
  if (have < target) {
    ctx.log(`api: seeding ${(target - have).toLocaleString('en-US')} events into ${DIR} (kept for later runs)`)
    const rate = await seedEvents(storage, target - have, window.toMs, ctx.log)
    ctx.figure('api.seed rate (synthetic INSERT … SELECT, all views)', rate, 'rows/s')
    writeFileSync(seeded, JSON.stringify({ events: await eventCount(storage) }))
    rmSync(settled, { force: true })
  }
  if (!existsSync(settled)) {
    // A server merges parts in the background within minutes; the seeded month is
    // measured as it would be then, not with the hundreds of parts a bulk seed leaves.
    const t = performance.now()
    for (const table of ROLLUPS) await storage.command(`OPTIMIZE TABLE ${table} FINAL`)
    ctx.figure('api.rollup merge after seeding (OPTIMIZE … FINAL, once)', (performance.now() - t) / 1000, 's')
    writeFileSync(settled, '{}')
  }
  return window.toMs
}

/** The rollups that count every request: each must sum to the events seeded. */
const REQUEST_TOTALS = [
  'request_rollup_1m',
  'request_rollup_1h',
  'request_rollup_1d',
  'instansi_rollup_1h',
  'instansi_rollup_1d',
  'national_rollup_1m',
  'national_rollup_1h',
  'national_rollup_1d',
  'consumer_rollup_1h',
]
const Total = z.object({ n: count })

/**
 * Whether the dataset is whole: a seeding statement cut short (a killed bench)
 * can leave some views' parts without the events' part or the other way round,
 * and the seeder resumes from the events present, not by replaying the
 * statement. Such a dataset still times the queries, but its answers disagree;
 * remove .cache/bench-api to seed again.
 */
async function rollupsAgree(ctx: BenchContext, storage: Storage, events: number): Promise<void> {
  const off: string[] = []
  for (const table of REQUEST_TOTALS) {
    const [t] = await storage.rows(Total, `SELECT sum(requests) AS n FROM ${table}`)
    if (t?.n !== events) off.push(`${table} ${t?.n.toLocaleString('en-US')}`)
  }
  ctx.check(
    'api.dataset rollups disagreeing with request_events',
    off.length,
    'tables',
    0,
    true,
    off.length ? off.join(', ') : `all ${REQUEST_TOTALS.length} sum to the events`,
  )
}

const ROLLUPS = [...REQUEST_TOTALS, 'security_rollup_1m', 'api_sources']

export async function benchApi(ctx: BenchContext): Promise<void> {
  const target = Number(process.env.PANTAU_BENCH_EVENTS ?? ctx.scale(20_000_000))
  const cfg = StorageConfig.parse({ dataDir: DIR })
  const storage = await openStorage(cfg)
  await migrate(storage, cfg)
  const toMs = await prepare(ctx, storage, target)
  const events = await eventCount(storage)
  ctx.figure('api.dataset events (30 days, 300 APIs, 200 consumers)', events, 'events')
  await rollupsAgree(ctx, storage, events)
  // hourly uptime rows: computed once for the month (later queries refresh only changed hours)
  const range = { fromMs: toMs - 30 * 86400e3, toMs }
  const t = performance.now()
  const hours = await refreshUptimeHours(storage, range, hourSpan(range)!)
  ctx.figure(`api.uptime_1h first fill (${hours.toLocaleString('en-US')} API-hours)`, performance.now() - t, 'ms')
  const server = await listen(
    createApi({ storage, tokens: new TokenStore(storage, ADMIN), reports: createReportsPort(storage), readiness: { check: async () => [] } }).fetch,
    '127.0.0.1',
    0,
  )
  try {
    const query = `from=${new Date(toMs - 30 * 86400e3).toISOString()}&to=${new Date(toMs).toISOString()}`
    for (const path of ENDPOINTS) {
      const url = `http://127.0.0.1:${server.port}${path}?${query}`
      const times = await timed(() => get(url))
      ctx.figure(`api.${path} 30d p50`, pct(times, 0.5), 'ms')
      // issue 14: every dashboard query ≤ 300 ms p95 at 100M events, incidents and findings ≤ 1 s
      const target = SLOW_TARGET.has(path) ? 1000 : 300
      ctx.check(`api.${path} 30d p95`, pct(times, 0.95), 'ms', target, true, `${events.toLocaleString('en-US')} events`)
      const raw = RAW[path]
      if (raw) {
        const params = { from: (toMs - 30 * 86400e3) / 1000, to: toMs / 1000 }
        const rawTimes = await timed(() => storage.rows(RawAnswer, raw, params))
        ctx.figure(`api.${path} same question on raw events p50`, pct(rawTimes, 0.5), 'ms')
        ctx.ratio(`api.${path} raw / rollup (p50)`, pct(rawTimes, 0.5) / pct(times, 0.5))
      }
      if (path === '/v1/metrics/overview') ctx.ratio('api.overview 30d p95 / target 250 ms', pct(times, 0.95) / 250, 1, true)
    }
    const lastDay = `from=${new Date(toMs - 86400e3).toISOString()}&to=${new Date(toMs).toISOString()}`
    for (const path of DAY_ENDPOINTS) {
      const url = `http://127.0.0.1:${server.port}${path}?${lastDay}`
      const times = await timed(() => get(url))
      ctx.figure(`api.${path} 24h p50`, pct(times, 0.5), 'ms')
      ctx.check(`api.${path} 24h p95`, pct(times, 0.95), 'ms', 300, true, `${events.toLocaleString('en-US')} events`)
    }
    await benchEvents(ctx, `http://127.0.0.1:${server.port}`, ADMIN, toMs, events)
  } finally {
    await closeHttp(server.server)
    await storage.close()
  }
}
