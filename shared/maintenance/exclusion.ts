/**
 * What a maintenance window excludes, in one place (README "Maintenance
 * windows"): the minutes of the instansi (or of its API, or of the traffic
 * through its gateway) that overlap the window. Uptime, incidents, SLA and SLO
 * budgets leave those minutes out of both sides of the ratio — neither bad nor
 * counted, as Uptime Kuma and Gatus leave maintenance out of the SLA — and
 * alerts do not see them.
 *
 * The windows of a query are few (bounded per instansi and in length), so
 * they are read first and bound as array parameters; without any the filter
 * is `1` and costs nothing.
 */
import type { MaintenanceSpan } from './schemas.js'

const MINUTE = 60e3

/** Columns of the rows a filter looks at (SQL expressions). */
export interface ScopeColumns {
  instansi: string
  /** The API key (registered id) of the row, or null when the rows have none. */
  api: string | null
  /** The gateway of the row, or null when the rows have none. */
  gateway: string | null
  /** The row's minute bucket (DateTime). */
  bucket: string
}

/** [first minute, end) of a window in epoch seconds: every minute it overlaps. */
export function minuteBounds(w: Pick<MaintenanceSpan, 'starts_at' | 'ends_at'>): [number, number] {
  const from = Math.floor(Date.parse(w.starts_at) / MINUTE) * 60
  const to = Math.ceil(Date.parse(w.ends_at) / 1000)
  return [from, to]
}

/**
 * SQL that is true when a row is inside one of `windows` (bound under
 * `prefix`): same instansi; the window's API (or every API); the window's
 * gateway (or every gateway); its minute overlaps the window. Rows without an
 * API or gateway column are inside windows of the whole instansi only.
 */
export function inMaintenanceSql(windows: readonly MaintenanceSpan[], cols: ScopeColumns, params: Record<string, unknown>, prefix = 'mw'): string {
  if (windows.length === 0) return '0'
  const bounds = windows.map(minuteBounds)
  params[`${prefix}_i`] = windows.map((w) => w.instansi)
  params[`${prefix}_a`] = windows.map((w) => w.api_id)
  params[`${prefix}_g`] = windows.map((w) => w.gateway_id)
  params[`${prefix}_f`] = bounds.map((b) => b[0])
  params[`${prefix}_t`] = bounds.map((b) => b[1])
  const api = cols.api === null ? `x_a = ''` : `(x_a = '' OR x_a = ${cols.api})`
  const gateway = cols.gateway === null ? `x_g = ''` : `(x_g = '' OR x_g = ${cols.gateway})`
  return `arrayExists((x_i, x_a, x_g, x_f, x_t) -> x_i = ${cols.instansi} AND ${api} AND ${gateway}
      AND toUInt32(${cols.bucket}) >= x_f AND toUInt32(${cols.bucket}) < x_t,
    {${prefix}_i:Array(String)}, {${prefix}_a:Array(String)}, {${prefix}_g:Array(String)}, {${prefix}_f:Array(UInt32)}, {${prefix}_t:Array(UInt32)})`
}

/** `NOT inMaintenanceSql(…)`, or `1` without windows. */
export function outsideMaintenanceSql(windows: readonly MaintenanceSpan[], cols: ScopeColumns, params: Record<string, unknown>, prefix = 'mw'): string {
  return windows.length === 0 ? '1' : `NOT ${inMaintenanceSql(windows, cols, params, prefix)}`
}

/** Is the scope of an alert (its labels instansi, api_id, gateway_id) under a window at `at`? */
export function coveringWindow(
  windows: readonly MaintenanceSpan[],
  labels: Readonly<Record<string, string | undefined>>,
  at: number,
): MaintenanceSpan | undefined {
  return windows.find(
    (w) =>
      w.instansi === labels.instansi &&
      Date.parse(w.starts_at) <= at &&
      at < Date.parse(w.ends_at) &&
      (w.api_id === '' || w.api_id === labels.api_id) &&
      (w.gateway_id === '' || w.gateway_id === labels.gateway_id),
  )
}
