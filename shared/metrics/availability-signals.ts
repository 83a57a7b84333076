/**
 * The per-minute availability signals of a range and the CTEs every
 * availability query starts from (ARCHITECTURE.md "Availability"): traffic from
 * `request_rollup_1m`, other signals (synthetic probe results) UNION ALL-ed
 * with it, combined minute by minute; whole hours answered by `uptime_1h`.
 */
import type { Storage } from '../../storage/client.js'
import { outsideMaintenanceSql } from '../maintenance/exclusion.js'
import type { MaintenanceSpan } from '../maintenance/schemas.js'
import { listMaintenance } from '../maintenance/store.js'
import { badMinuteSql, BAD_5XX_SHARE } from './bad-minute.js'
import type { Range } from './range.js'
import { minuteSource, rollupSource } from './rollup.js'
import { API_KEY, type HourSpan, hourSpan, hourlyFilters, refreshUptimeHours } from './uptime-hours.js'

/**
 * Rows (instansi, gateway_id, api, api_name, bucket DateTime('UTC') minute,
 * s_requests, s_5xx, s_down UInt8) for the range and its filters; `params`
 * bound in `sql` (prefix new parameter names so signals do not collide).
 */
export interface MinuteSignal {
  sql: string
  params: Record<string, unknown>
}

/** The traffic signal: requests and 5xx per API and minute, filtered like every metric. */
export function trafficSignal(range: Range): MinuteSignal {
  const src = minuteSource(range)
  return {
    sql: `SELECT instansi, gateway_id, ${API_KEY} AS api, api_name, bucket, requests AS s_requests, status_5xx AS s_5xx,
            toUInt8(0) AS s_down FROM ${src.sql}`,
    params: src.params,
  }
}

/**
 * CTEs over the range:
 * - `minutes`: one row per observed (API, minute) with `bad` — every minute,
 *   or with hourly rows, only the minutes those do not answer (uptime), or
 *   also the minutes of whole hours that incidents need, from the rows (incidents);
 * - `cells` (uptime only): what uptime sums — `minutes` (1 minute each) plus, with hourly
 *   rows, one row per API-hour (`mins` observed, `down` bad);
 * - `api_gateways`: the gateways each API was served through in the range.
 *
 * Hourly rows (`uptime_1h`) answer the whole hours of the range for traffic
 * keyed by instansi and API; an API-hour with another signal (probe results)
 * is answered from its minutes, where traffic and probes combine minute by minute.
 *
 * Minutes under a maintenance window (shared/maintenance/) are left out of
 * every signal, and of the hourly rows, so they are neither observed nor bad.
 */
function minutesCte(
  range: Range,
  signals: MinuteSignal[],
  span: HourSpan | null,
  scope: 'uptime' | 'incidents' = 'uptime',
  windows: readonly MaintenanceSpan[] = [],
) {
  // minuteSource binds the minute bounds {m_from} / {m_to} the queries below use too
  const params: Record<string, unknown> = { ...minuteSource(range).params, bad_share: BAD_5XX_SHARE }
  for (const s of signals) Object.assign(params, s.params)
  // minutes under maintenance are no signal at all: neither observed nor bad (hourly rows leave them out too)
  const outside = outsideMaintenanceSql(windows, { instansi: 'instansi', api: 'api', gateway: 'gateway_id', bucket: 'bucket' }, params)
  const union = signals.map((s) => s.sql).join('\n UNION ALL ')
  const ctes = [windows.length === 0 ? `signals AS (${union})` : `signals AS (SELECT * FROM (${union}) WHERE ${outside})`]
  let minuteScope = ''
  let hourMinutes = ''
  let hours = ''
  let gateways = `SELECT instansi, api, arraySort(groupUniqArrayIf(gateway_id, gateway_id != '')) AS gateways FROM signals GROUP BY instansi, api`
  if (span !== null) {
    Object.assign(params, { h_from: span.from, h_to: span.to })
    const inSpan = (col: string) => `${col} >= {h_from:DateTime} AND ${col} < {h_to:DateTime}`
    const cacheWhere = hourlyFilters(range, params)
    // API-hours another signal touches are answered minute by minute
    const others = signals.slice(1)
    ctes.push(
      `extra AS (${others.length === 0 ? `SELECT '' AS instansi, '' AS api, toDateTime(0, 'UTC') AS hour WHERE 0` : `SELECT DISTINCT instansi, api, toStartOfHour(bucket) AS hour FROM (${others.map((s) => s.sql).join(' UNION ALL ')}) WHERE ${inSpan('bucket')}`})`,
    )
    // an API-hour wholly under maintenance has a row with no minutes: it is left out, as on the minute path
    ctes.push(`hours AS (SELECT instansi, api, api_name, hour, minutes, down, requests, errors_5xx, first_minute, detail FROM uptime_1h FINAL
      WHERE ${inSpan('hour')}${cacheWhere} AND minutes > 0 AND (instansi, api, hour) NOT IN (SELECT instansi, api, hour FROM extra))`)
    // traffic alone reads only the edges' minutes: every traffic hour of the span has just been refreshed
    // (a bucket range the engine can prune by; hours new since the refresh wait for the next read)
    minuteScope =
      others.length === 0
        ? ` WHERE NOT (${inSpan('bucket')})`
        : ` WHERE NOT (${inSpan('bucket')}) OR (instansi, api, toStartOfHour(bucket)) NOT IN (SELECT instansi, api, hour FROM hours)`
    // incidents take the minutes of bad hours from the rows (`detail`), and of a good hour only its first observed
    // minute, where an incident of the minute before may end: after a bad hour, after one read minute by minute, at the
    // span's start. A good hour's other minutes can be in no run: no bad minute lies within the merge gap on both sides.
    if (scope === 'incidents')
      hourMinutes = `
      UNION ALL SELECT instansi, api, api_name, hour + toIntervalMinute(d.minute) AS bucket, d.requests, d.errors_5xx, d.bad
      FROM hours ARRAY JOIN detail AS d
      UNION ALL SELECT instansi, api, api_name, hour + toIntervalMinute(first_minute), toUInt64(0), toUInt64(0), toUInt8(0)
      FROM hours WHERE down = 0 AND (hour = {h_from:DateTime}
        OR (instansi, api, hour - 3600) IN (SELECT instansi, api, hour FROM hours WHERE down > 0 UNION ALL SELECT instansi, api, hour FROM extra))`
    hours = `\n UNION ALL SELECT instansi, api, api_name, hour, minutes, down, requests, errors_5xx FROM hours`
    // the span's gateways from its whole WIB days' rows and the hours around them (a month: ~9k rows, not ~220k hour rows)
    const served = rollupSource({ fromMs: span.from * 1000, toMs: span.to * 1000, instansi: range.instansi, api: range.api })
    Object.assign(params, served.params)
    gateways = `SELECT instansi, api, arraySort(groupUniqArrayIf(gateway_id, gateway_id != '')) AS gateways FROM (
        SELECT instansi, gateway_id, ${API_KEY} AS api FROM ${served.sql}
        UNION ALL SELECT instansi, gateway_id, api FROM signals WHERE NOT (${inSpan('bucket')})) GROUP BY instansi, api`
  }
  ctes.push(`minutes AS (
    SELECT instansi, api, any(api_name) AS api_name, bucket, sum(s_requests) AS requests, sum(s_5xx) AS errors_5xx,
           toUInt8(${badMinuteSql('requests', 'errors_5xx')} OR max(s_down) = 1) AS bad
    FROM signals${minuteScope} GROUP BY instansi, api, bucket${hourMinutes})`)
  // with the minutes of whole hours in `minutes`, incidents have no cells: the hours would count twice
  if (scope === 'uptime')
    ctes.push(
      `cells AS (SELECT instansi, api, api_name, bucket, toUInt64(1) AS c_mins, toUInt64(bad) AS c_down, requests AS c_n, errors_5xx AS c_e5 FROM minutes${hours})`,
    )
  ctes.push(`api_gateways AS (${gateways})`)
  return { sql: ctes.join(',\n  '), params, hourly: span !== null, windows }
}

/** The CTEs of a query, refreshing the hourly rows they read first (if that fails, minutes answer alone). */
export async function availabilityCtes(
  storage: Storage,
  range: Range,
  signals: MinuteSignal[] | undefined,
  minBucketMs: number,
  scope?: 'uptime' | 'incidents',
) {
  const windows = await listMaintenance(storage, { instansi: range.instansi, api: range.api, gateway: range.gateway, fromMs: range.fromMs, toMs: range.toMs })
  let span = hourSpan(range, minBucketMs)
  if (span !== null)
    span = await refreshUptimeHours(storage, range, span).then(
      () => span,
      () => null,
    )
  return minutesCte(range, signals ?? [trafficSignal(range)], span, scope, windows)
}
