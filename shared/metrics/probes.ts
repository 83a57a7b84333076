/**
 * Synthetic probe results as metrics: the per-minute availability signal
 * that `uptime()` combines with traffic (a minute with a failed check is
 * down; a minute with only passing checks counts as observed and up), and
 * the latest results of a probe. A probe of a registered API counts for the
 * API's registered gateway (apis.gateway_id), so a maintenance window of that
 * gateway covers its minutes too.
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { flag, float, u64 } from '../../storage/columns.js'
import { jakartaIso } from '../http/envelope.js'
import type { MinuteSignal } from './availability-signals.js'
import type { Range } from './range.js'
import { sec } from './rollup.js'

const MINUTE = 60e3

export function probeSignal(range: Range): MinuteSignal {
  const params: Record<string, unknown> = {
    m_from: sec(Math.floor(range.fromMs / MINUTE) * MINUTE),
    m_to: sec(Math.ceil(range.toMs / MINUTE) * MINUTE),
  }
  let where = range.gateway !== undefined || range.consumer !== undefined ? ' AND 0' : ''
  if (range.instansi !== undefined) (params.p_instansi = range.instansi), (where += ' AND r.instansi = {p_instansi:String}')
  if (range.api !== undefined) (params.p_api = range.api), (where += ' AND r.api_id = {p_api:String}')
  return {
    // a probe of a registered API is attributed to the API's gateway, so a window of that gateway covers it (maintenance)
    sql: `SELECT r.instansi AS instansi, a.gateway_id AS gateway_id,
            if(r.api_id != '', r.api_id, concat(r.instansi, '/probe:', r.probe_id)) AS api,
            if(a.name != '', a.name, r.name) AS api_name,
            toStartOfMinute(toDateTime(r.ts, 'UTC')) AS bucket, toUInt64(0) AS s_requests, toUInt64(0) AS s_5xx, toUInt8(r.ok = 0) AS s_down
          FROM probe_results AS r LEFT JOIN (SELECT id, name, gateway_id FROM apis FINAL WHERE deleted = 0) AS a ON a.id = r.api_id
          WHERE r.ts >= toDateTime64({m_from:DateTime}, 3) AND r.ts < toDateTime64({m_to:DateTime}, 3)${where}`,
    params,
  }
}

const ResultRow = z.object({
  t: u64,
  probe_id: z.string(),
  instansi: z.string(),
  api_id: z.string(),
  url: z.string(),
  ok: flag,
  status: z.number().int(),
  latency_ms: float,
  error: z.string(),
  tls_version: z.string(),
  na: u64.nullable(),
})

export async function probeResults(storage: Storage, probeId: string, limit: number, now = Date.now()) {
  const rows = await storage.rows(
    ResultRow,
    `SELECT toUnixTimestamp64Milli(ts) AS t, probe_id, instansi, api_id, url, ok, status, latency_ms, error, tls_version,
            toUnixTimestamp(cert_not_after) AS na
     FROM probe_results WHERE probe_id = {id:String} ORDER BY ts DESC LIMIT {limit:UInt32}`,
    { id: probeId, limit },
  )
  return rows.map((r) => {
    const notAfter = r.na === null ? null : r.na * 1000
    return {
      ts: jakartaIso(new Date(r.t)),
      probe_id: r.probe_id,
      instansi: r.instansi,
      api_id: r.api_id,
      url: r.url,
      ok: r.ok,
      status: r.status,
      latency_ms: r.latency_ms ?? 0,
      error: r.error,
      tls_version: r.tls_version,
      cert_not_after: notAfter === null ? null : jakartaIso(new Date(notAfter)),
      cert_days_left: notAfter === null ? null : Math.round(((notAfter - now) / 86400e3) * 100) / 100,
    }
  })
}
