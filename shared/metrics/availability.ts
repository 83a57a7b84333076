/**
 * Availability (Permenkomdigi 3/2025 Pasal 12; ARCHITECTURE.md "Availability"):
 * uptime and downtime incidents (monthly SLA compliance: sla.ts), computed in
 * ClickHouse from `request_rollup_1m` (kept as long as the raw events) —
 * for the whole hours of a range from the hourly rows `uptime_1h` derived
 * from it (uptime-hours.ts), with the same answers.
 *
 * Definitions
 * - An API is a registered API id; unregistered traffic is keyed
 *   `instansi/api_name` (as in the overview).
 * - A minute of an API is *observed* when it had traffic, and *bad* (down)
 *   when its 5xx share is ≥ BAD_5XX_SHARE. Idle minutes count neither way.
 * - uptime % = 100 × (1 − bad minutes / observed minutes), computed per API
 *   and aggregated over API-minutes (each API weighted by its observed minutes).
 * - success % = 100 × (1 − 5xx / requests), weighted by requests.
 * - An incident is a maximal run of bad minutes of one API; runs separated by
 *   ≤ MERGE_GAP_MIN good or idle minutes are one incident. `end` is the start
 *   of the first good minute after it (idle minutes inside the merge gap count
 *   as still down), or the minute after its last bad minute when traffic only
 *   resumes later. An incident that may still be running at `to` has
 *   `end: null, ongoing: true`. Incidents are clipped to the range.
 * - An outage groups the overlapping incidents of the APIs of one instansi.
 *
 * - Minutes under a maintenance window of the API (its instansi, its gateway)
 *   are left out: neither observed nor bad, so no incident falls inside one
 *   and uptime and SLA are over the other minutes (shared/maintenance/).
 *
 * Extension point: every query reads per-(API, minute) *signals*
 * (`MinuteSignal`, UNION ALL-ed). Traffic is one; synthetic probe results
 * (probes.ts) another, with `s_down = 1` for a failed check (availability-signals.ts).
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { chText, count, flag, u64 } from '../../storage/columns.js'
import { bucketSql, intervalMs, type IntervalName, TZ, wibIso } from './interval.js'
import type { Range } from './range.js'
import { MaintenanceSpan } from '../maintenance/schemas.js'
import { availabilityCtes, type MinuteSignal } from './availability-signals.js'
import { BAD_5XX_SHARE, MERGE_GAP_MIN } from './bad-minute.js'

const MINUTE = 60e3
const HOUR = 3600e3

const pctOf = (good: number, total: number) => (total > 0 ? (100 * good) / total : null)

/* ───────────────────────────── uptime ───────────────────────────── */

export const UptimeStats = z.object({
  active_minutes: z.number().int().describe('API-minutes with traffic'),
  down_minutes: z
    .number()
    .int()
    .describe(`API-minutes with ≥ ${BAD_5XX_SHARE * 100} % 5xx`),
  uptime_pct: z.number().nullable().describe('100 × (1 − down / active); null without traffic'),
  requests: z.number().int(),
  errors_5xx: z.number().int(),
  success_pct: z.number().nullable().describe('100 × (1 − 5xx / requests); null without traffic'),
})

export const Availability = z
  .object({
    interval: z.string(),
    bad_5xx_share: z.number(),
    series: z.array(UptimeStats.extend({ t: z.string().describe('bucket start, ISO 8601 in WIB (+07:00)') })),
    totals: UptimeStats.extend({ apis: z.number().int() }),
    apis: z.array(UptimeStats.extend({ api: z.string(), api_name: z.string(), instansi: z.string(), gateways: z.array(z.string()) })),
    maintenance: z.array(MaintenanceSpan).describe('maintenance windows of the range and scope: their minutes are left out of every number here'),
  })
  .openapi('Availability')
export type Availability = z.infer<typeof Availability>

export const StatsRow = z.object({ mins: count, down: count, n: count, e5: count })
type StatsRow = z.infer<typeof StatsRow>
/** Uptime sums over the `cells` CTE (availability-signals.ts). */
export const STATS = `sum(c_mins) AS mins, sum(c_down) AS down, sum(c_n) AS n, sum(c_e5) AS e5`

/** A row of the series (`b` set) or of one API (`api` set): the grouping sets of one pass over the cells. */
const CellsRow = StatsRow.extend({ b: chText.nullable(), instansi: z.string().nullable(), api: z.string().nullable(), api_name: z.string() })
const ApiStatsRow = StatsRow.extend({ api: z.string() })
const GatewaysRow = z.object({ instansi: z.string(), api: z.string(), gateways: z.array(z.string()) })

export function stats(r: StatsRow | undefined): z.infer<typeof UptimeStats> {
  const [minutes, down, n, e5] = [r?.mins ?? 0, r?.down ?? 0, r?.n ?? 0, r?.e5 ?? 0]
  return {
    active_minutes: minutes,
    down_minutes: down,
    uptime_pct: pctOf(minutes - down, minutes),
    requests: n,
    errors_5xx: e5,
    success_pct: pctOf(n - e5, n),
  }
}

/**
 * The series buckets and the per-API rows from one pass over the cells
 * (GROUPING SETS; the cells are a CTE, computed again by every query that
 * reads them): the series in time order, the APIs with the most down minutes first.
 */
async function cellTotals(storage: Storage, cte: Awaited<ReturnType<typeof availabilityCtes>>, interval: IntervalName) {
  const rows = await storage.rows(
    CellsRow,
    `WITH ${cte.sql}
     SELECT ${bucketSql(interval)} AS b, instansi, api, any(api_name) AS api_name, ${STATS} FROM cells
     GROUP BY GROUPING SETS ((b), (instansi, api)) ORDER BY b, down DESC, instansi, api SETTINGS group_by_use_nulls = 1`,
    cte.params,
  )
  // series rows have a bucket (in order), API rows none (after them, most down minutes first)
  const series = rows.filter((r) => r.b !== null)
  const apis = rows.flatMap((r) => (r.api === null || r.instansi === null ? [] : [{ ...r, api: r.api, instansi: r.instansi }]))
  return { series, apis }
}

const apiKey = (instansi: string, api: string) => `${instansi}\u0000${api}`

export async function uptime(storage: Storage, range: Range, interval: IntervalName, signals?: MinuteSignal[]): Promise<Availability> {
  const cte = await availabilityCtes(storage, range, signals, intervalMs(interval))
  const [{ series, apis }, served] = await Promise.all([
    cellTotals(storage, cte, interval),
    storage.rows(GatewaysRow, `WITH ${cte.sql} SELECT instansi, api, gateways FROM api_gateways`, cte.params),
  ])
  const gateways = new Map(served.map((g) => [apiKey(g.instansi, g.api), g.gateways]))
  // every column is additive over APIs: the totals are the sums of the per-API rows
  const sum = (k: keyof StatsRow) => apis.reduce((a, r) => a + r[k], 0)
  return {
    interval,
    bad_5xx_share: BAD_5XX_SHARE,
    series: series.map((r) => ({ t: wibIso(r.b!), ...stats(r) })),
    totals: { ...stats({ mins: sum('mins'), down: sum('down'), n: sum('n'), e5: sum('e5') }), apis: apis.length },
    apis: apis.map((r) => ({ api: r.api, api_name: r.api_name, instansi: r.instansi, gateways: gateways.get(apiKey(r.instansi, r.api)) ?? [], ...stats(r) })),
    maintenance: [...cte.windows],
  }
}

/**
 * Uptime % per API over the range (null without active minutes), the same
 * numbers as `uptime(…).apis` without its series: the cells are a CTE, and
 * every query over them computes them again.
 */
export async function uptimeByApi(storage: Storage, range: Range): Promise<Map<string, number | null>> {
  const cte = await availabilityCtes(storage, range, undefined, intervalMs('1d'))
  const rows = await storage.rows(ApiStatsRow, `WITH ${cte.sql} SELECT api, ${STATS} FROM cells GROUP BY instansi, api`, cte.params)
  return new Map(rows.map((r) => [r.api, stats(r).uptime_pct]))
}

/* ──────────────────────────── incidents ─────────────────────────── */

const Span = z.object({
  start: z.string().describe('ISO 8601 in WIB'),
  end: z.string().nullable().describe('start of the first good minute after; null while ongoing'),
  ongoing: z.boolean(),
  duration_min: z.number().int().describe('minutes, up to `to` while ongoing'),
  requests: z.number().int(),
  errors_5xx: z.number().int(),
})

export const Incident = Span.extend({
  id: z.string(),
  outage: z.string().describe('id of the outage this incident belongs to'),
  api: z.string(),
  api_name: z.string(),
  instansi: z.string(),
  gateways: z.array(z.string()).describe('gateways the API was served through in the range'),
  down_minutes: z.number().int(),
}).openapi('DowntimeIncident')

export const Outage = Span.extend({
  id: z.string(),
  instansi: z.string(),
  apis: z.array(z.object({ api: z.string(), api_name: z.string() })),
  incidents: z.number().int(),
}).openapi('DowntimeOutage')

export const Incidents = z
  .object({ bad_5xx_share: z.number(), merge_gap_min: z.number().int(), incidents: z.array(Incident), outages: z.array(Outage) })
  .openapi('DowntimeIncidents')
export type Incidents = z.infer<typeof Incidents>

/** Window over one API's observed minutes, in time order. */
const PER_API = `PARTITION BY instansi, api ORDER BY bucket`
const TO = `toDateTime({m_to:DateTime}, 'UTC')`

/**
 * With hourly rows, `minutes` holds the edges' minutes, the minutes of bad
 * hours a run can hold or end in and the first minute of the hours after
 * them (availability-signals.ts, uptime-hours.ts): the windows run over all
 * of them. Reading every minute of the range, they run
 * over the bad minutes and the gap + 1 minutes after each only (the other
 * minutes can neither be part of an incident nor end one).
 */
function incidentsSql(cte: string, hourly: boolean): string {
  return `WITH ${cte},
  marked AS (
    SELECT *,
      max(if(bad, bucket, NULL)) OVER (${PER_API} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_bad,
      min(if(bad, bucket, NULL)) OVER (${PER_API} ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_bad,
      leadInFrame(toNullable(bucket)) OVER (${PER_API} ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS next_seen
    FROM minutes
    ${
      hourly
        ? ''
        : `WHERE (instansi, api, bucket) IN (
      SELECT instansi, api, arrayJoin(arrayMap(d -> bucket + toIntervalMinute(d), range({gap:UInt32} + 2))) FROM minutes WHERE bad)`
    }),
  runs AS (
    SELECT *, sum(toUInt32(bad AND (prev_bad IS NULL OR dateDiff('minute', prev_bad, bucket) > {gap:UInt32} + 1)))
              OVER (${PER_API} ROWS UNBOUNDED PRECEDING) AS run
    FROM marked
    WHERE bad OR dateDiff('minute', prev_bad, next_bad) <= {gap:UInt32} + 1),
  grouped AS (
    SELECT instansi, api, run, any(api_name) AS api_name,
           min(bucket) AS start, max(bucket) AS last_bad, argMax(tuple(next_seen), bucket).1 AS after,
           countIf(bad) AS down, sum(requests) AS n, sum(errors_5xx) AS e5
    FROM runs GROUP BY instansi, api, run),
  closed AS (
    SELECT *, after IS NULL AND dateDiff('minute', last_bad, ${TO}) <= {gap:UInt32} + 1 AS ongoing,
           if(ongoing, NULL, if(dateDiff('minute', last_bad, after) <= {gap:UInt32} + 1, after, last_bad + 60)) AS stop
    FROM grouped)
  SELECT instansi, api, api_name, down, n, e5, ongoing,
         toString(toDateTime(start, '${TZ}')) AS s, if(ongoing, NULL, toString(toDateTime(assumeNotNull(stop), '${TZ}'))) AS e,
         dateDiff('minute', start, ifNull(stop, ${TO})) AS dur,
         sum(toUInt32(prev_stop IS NULL OR start >= prev_stop)) OVER (PARTITION BY instansi ORDER BY start, api ROWS UNBOUNDED PRECEDING) AS outage
  FROM (
    SELECT *, max(ifNull(stop, ${TO})) OVER
              (PARTITION BY instansi ORDER BY start, api ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_stop
    FROM closed)
  ORDER BY instansi, start, api`
}

const IncidentRow = z.object({
  instansi: z.string(),
  api: z.string(),
  api_name: z.string(),
  down: count,
  n: count,
  e5: count,
  ongoing: flag,
  s: chText,
  e: chText.nullable(),
  dur: u64,
  outage: count,
})

type IncidentT = z.infer<typeof Incident>

/** One outage from its incidents (ordered by start). */
function outageOf(list: IncidentT[], toMinuteMs: number): z.infer<typeof Outage> {
  const ongoing = list.some((i) => i.ongoing)
  const end = ongoing
    ? null
    : list
        .map((i) => i.end!)
        .sort()
        .at(-1)!
  const start = list[0].start
  const apis = new Map(list.map((i) => [i.api, { api: i.api, api_name: i.api_name }]))
  return {
    id: list[0].outage,
    instansi: list[0].instansi,
    apis: [...apis.values()],
    incidents: list.length,
    start,
    end,
    ongoing,
    duration_min: Math.round(((end === null ? toMinuteMs : Date.parse(end)) - Date.parse(start)) / MINUTE),
    requests: list.reduce((a, i) => a + i.requests, 0),
    errors_5xx: list.reduce((a, i) => a + i.errors_5xx, 0),
  }
}

export async function incidents(storage: Storage, range: Range, signals?: MinuteSignal[]): Promise<Incidents> {
  const cte = await availabilityCtes(storage, range, signals, HOUR, 'incidents')
  // the APIs' gateways are read beside the incidents (a month of hour rollup rows), not joined into them
  const [rows, gateways] = await Promise.all([
    storage.rows(IncidentRow, incidentsSql(cte.sql, cte.hourly), { ...cte.params, gap: MERGE_GAP_MIN }),
    storage.rows(GatewaysRow, `WITH ${cte.sql} SELECT instansi, api, gateways FROM api_gateways`, cte.params),
  ])
  const gatewaysOf = new Map(gateways.map((g) => [`${g.instansi}\u0000${g.api}`, g.gateways]))
  const groups = new Map<string, IncidentT[]>()
  const list = rows.map((r) => {
    const key = `${r.instansi}#${r.outage}`
    const group = groups.get(key) ?? groups.set(key, []).get(key)!
    const start = wibIso(r.s)
    const incident: IncidentT = {
      id: `${r.api}@${start}`,
      // rows are ordered by start within an instansi: the first incident names the outage
      outage: group[0]?.outage ?? `${r.instansi}@${start}`,
      api: r.api,
      api_name: r.api_name,
      instansi: r.instansi,
      gateways: gatewaysOf.get(`${r.instansi}\u0000${r.api}`) ?? [],
      start,
      end: r.e === null ? null : wibIso(r.e),
      ongoing: r.ongoing,
      duration_min: r.dur,
      down_minutes: r.down,
      requests: r.n,
      errors_5xx: r.e5,
    }
    group.push(incident)
    return incident
  })
  const toMinuteMs = Math.ceil(range.toMs / MINUTE) * MINUTE
  return {
    bad_5xx_share: BAD_5XX_SHARE,
    merge_gap_min: MERGE_GAP_MIN,
    incidents: list,
    outages: [...groups.values()].map((g) => outageOf(g, toMinuteMs)).sort((a, b) => a.start.localeCompare(b.start)),
  }
}
