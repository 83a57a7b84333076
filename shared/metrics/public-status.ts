/**
 * The public status of an instansi (issue 13, point 5): what a citizen or
 * another instansi may see without signing in, for an instansi that opted in
 * (`public_status` on the instansi). Only its published APIs (lifecycle
 * `published` or `deprecated`: the ones in service), each with its current
 * state, a 90-day bar of daily uptime and its incidents, and the maintenance
 * windows of those days and of the next 90 (shared/maintenance/). Nothing else: no consumers, no paths, no request counts,
 * no client addresses, no gateways.
 *
 * The numbers are the availability metric's (availability.ts): the same CTEs
 * (`availabilityCtes`, traffic signal, whole hours from `uptime_1h`), grouped
 * per API and WIB day, so a day's uptime equals `/v1/metrics/availability`
 * over the same range with `interval=1d`.
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { count } from '../../storage/columns.js'
import { listMaintenance } from '../maintenance/store.js'
import type { MaintenanceSpan } from '../maintenance/schemas.js'
import { Registry, type ApiRow } from '../registry/registry.js'
import { availabilityCtes } from './availability-signals.js'
import { incidents } from './availability.js'
import { bucketSql } from './interval.js'
import type { Range } from './range.js'

/** Days of uptime bars. */
export const WINDOW_DAYS = 90
/** The current state looks at this much recent traffic. */
export const RECENT_MS = 3600e3
/** At most this many incidents are listed, newest first. */
export const MAX_INCIDENTS = 30
/** Maintenance announced up to this far ahead is listed. */
export const AHEAD_MS = 90 * 86400e3

const DAY = 86400e3
const HOUR = 3600e3
const WIB_MS = 7 * HOUR

export const PublicState = z
  .enum(['operational', 'degraded', 'down', 'no_data'])
  .describe('down: an incident is ongoing; degraded: a bad minute in the last hour; no_data: no traffic in the last hour')
export type PublicState = z.infer<typeof PublicState>

const Pct = z.number().nullable().describe('100 × (1 − down minutes / minutes with traffic); null without traffic')

export const PublicApiStatus = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  state: PublicState,
  uptime_pct: Pct.describe('over the whole window'),
  days: z.array(z.object({ date: z.string().describe('YYYY-MM-DD (WIB)'), uptime_pct: Pct })).describe('oldest first, one per WIB day'),
})

export const PublicIncident = z.object({
  api: z.string(),
  api_name: z.string(),
  start: z.string().describe('ISO 8601 in WIB'),
  end: z.string().nullable(),
  ongoing: z.boolean(),
  duration_min: z.number().int(),
})

export const PublicMaintenance = z.object({
  api_name: z.string().nullable().describe('null: every API of the instansi'),
  starts_at: z.string().describe('ISO 8601 (UTC)'),
  ends_at: z.string().describe('ISO 8601 (UTC)'),
  status: z.enum(['scheduled', 'active', 'ended']),
  reason: z.string(),
})

export const PublicStatus = z
  .object({
    instansi: z.object({ code: z.string(), name: z.string() }),
    state: PublicState.describe('down when every API with traffic is down; degraded when any is down or degraded'),
    generated_at: z.string(),
    from: z.string().describe('window start (ISO 8601), 00:00 WIB 89 days before today'),
    to: z.string().describe('window end (ISO 8601): generation time'),
    window_days: z.number().int(),
    apis: z.array(PublicApiStatus),
    incidents: z.array(PublicIncident),
    maintenance: z.array(PublicMaintenance),
  })
  .openapi('PublicStatus')
export type PublicStatus = z.infer<typeof PublicStatus>

const DayRow = z.object({ api: z.string(), day: z.string(), mins: count, down: count })
const RecentRow = z.object({ api: z.string(), mins: count, down: count })

const pct = (mins: number, down: number) => (mins > 0 ? (100 * (mins - down)) / mins : null)

/** WIB calendar date (YYYY-MM-DD) of an instant. */
const wibDate = (ms: number) => new Date(ms + WIB_MS).toISOString().slice(0, 10)

/** 00:00 WIB of the day `days` before the WIB day of `ms`. */
function wibDayStart(ms: number, daysBack: number): number {
  return Math.floor((ms + WIB_MS) / DAY) * DAY - WIB_MS - daysBack * DAY
}

/**
 * The windows as the public sees them: a window of the whole instansi, or one
 * line per published API it covers (an API's own, or its gateway's: gateways
 * are not named); windows touching nothing published are left out.
 */
function publicMaintenance(windows: MaintenanceSpan[], apis: ApiRow[], nowMs: number): z.infer<typeof PublicMaintenance>[] {
  const rank = { active: 0, scheduled: 1, ended: 2 } as const
  // what is on now first, then what is coming (soonest first), then what is over (latest first)
  const order = (x: z.infer<typeof PublicMaintenance>, y: z.infer<typeof PublicMaintenance>) =>
    rank[x.status] - rank[y.status] || (x.status === 'ended' ? y.starts_at.localeCompare(x.starts_at) : x.starts_at.localeCompare(y.starts_at))
  return windows
    .flatMap((w) => {
      const status = Date.parse(w.ends_at) <= nowMs ? 'ended' : Date.parse(w.starts_at) > nowMs ? 'scheduled' : 'active'
      const covered = w.api_id ? apis.filter((a) => a.id === w.api_id) : w.gateway_id ? apis.filter((a) => a.gateway_id === w.gateway_id) : [null]
      return covered.map((a) => ({ api_name: a?.name ?? null, starts_at: w.starts_at, ends_at: w.ends_at, status, reason: w.reason }) as const)
    })
    .sort(order)
}

/** Codes of the instansi that opted in to a public status page. */
export async function optedInInstansi(storage: Storage): Promise<string[]> {
  const rows = await storage.rows(z.object({ code: z.string() }), 'SELECT code FROM instansi FINAL WHERE deleted = 0 AND public_status ORDER BY code')
  return rows.map((r) => r.code)
}

/** Per API and WIB day: minutes with traffic and bad minutes, from the availability CTEs. */
async function dailyStats(storage: Storage, range: Range, ids: string[]) {
  const cte = await availabilityCtes(storage, range, undefined, HOUR)
  return storage.rows(
    DayRow,
    `WITH ${cte.sql}
     SELECT api, formatDateTime(${bucketSql('1d')}, '%Y-%m-%d') AS day, sum(c_mins) AS mins, sum(c_down) AS down
     FROM cells WHERE has({p_ids:Array(String)}, api) GROUP BY api, day`,
    { ...cte.params, p_ids: ids },
  )
}

async function recentStats(storage: Storage, range: Range, ids: string[]) {
  const cte = await availabilityCtes(storage, range, undefined, HOUR)
  return storage.rows(
    RecentRow,
    `WITH ${cte.sql} SELECT api, sum(c_mins) AS mins, sum(c_down) AS down FROM cells WHERE has({p_ids:Array(String)}, api) GROUP BY api`,
    { ...cte.params, p_ids: ids },
  )
}

function overall(states: PublicState[]): PublicState {
  const observed = states.filter((s) => s !== 'no_data')
  if (observed.length === 0) return 'no_data'
  if (observed.every((s) => s === 'down')) return 'down'
  return observed.some((s) => s !== 'operational') ? 'degraded' : 'operational'
}

/**
 * The public status of `code` at `nowMs`, or null when the instansi does not
 * exist or has not opted in (the caller answers both the same way).
 */
export async function publicStatus(storage: Storage, code: string, nowMs = Date.now()): Promise<PublicStatus | null> {
  const registry = new Registry(storage)
  const instansi = await registry.instansi.get({ code })
  if (!instansi?.public_status) return null
  const apis = (await registry.apis.list({ instansi: code }, { orderBy: 'name' })).filter((a) => a.lifecycle === 'published' || a.lifecycle === 'deprecated')
  const ids = apis.map((a) => a.id)
  const fromMs = wibDayStart(nowMs, WINDOW_DAYS - 1)
  const window: Range = { fromMs, toMs: nowMs, instansi: code }
  // one after another: each refreshes the hourly rows it reads, and a public page should not hold the engine
  const daily = ids.length ? await dailyStats(storage, window, ids) : []
  const recent = ids.length ? await recentStats(storage, { fromMs: nowMs - RECENT_MS, toMs: nowMs, instansi: code }, ids) : []
  const found = ids.length ? await incidents(storage, window) : { incidents: [] }
  const names = new Map(apis.map((a) => [a.id, a.name]))
  const published = new Set(ids)
  const own = found.incidents.filter((i) => published.has(i.api))

  const dates = Array.from({ length: WINDOW_DAYS }, (_, i) => wibDate(fromMs + i * DAY + 12 * HOUR))
  const byApiDay = new Map(daily.map((r) => [`${r.api}#${r.day}`, r]))
  const recentByApi = new Map(recent.map((r) => [r.api, r]))
  const ongoing = new Set(own.filter((i) => i.ongoing).map((i) => i.api))
  const list = apis.map((a) => {
    let mins = 0
    let down = 0
    const days = dates.map((date) => {
      const r = byApiDay.get(`${a.id}#${date}`)
      mins += r?.mins ?? 0
      down += r?.down ?? 0
      return { date, uptime_pct: r ? pct(r.mins, r.down) : null }
    })
    const last = recentByApi.get(a.id)
    const state: PublicState = ongoing.has(a.id) ? 'down' : !last || last.mins === 0 ? 'no_data' : last.down > 0 ? 'degraded' : 'operational'
    return { id: a.id, name: a.name, version: a.version, state, uptime_pct: pct(mins, down), days }
  })
  return {
    instansi: { code: instansi.code, name: instansi.name },
    state: overall(list.map((a) => a.state)),
    generated_at: new Date(nowMs).toISOString(),
    from: new Date(fromMs).toISOString(),
    to: new Date(nowMs).toISOString(),
    window_days: WINDOW_DAYS,
    apis: list,
    incidents: own
      .sort((x, y) => y.start.localeCompare(x.start))
      .slice(0, MAX_INCIDENTS)
      .map(({ api, start, end, ongoing: o, duration_min }) => ({ api, api_name: names.get(api) ?? api, start, end, ongoing: o, duration_min })),
    maintenance: publicMaintenance(await listMaintenance(storage, { instansi: code, fromMs, toMs: nowMs + AHEAD_MS }), apis, nowMs),
  }
}
