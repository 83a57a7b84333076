/**
 * Maintenance windows in an evidence PDF (issue 13, point 3): listed under the
 * SLA section (their minutes are left out of uptime and SLA) and named in the
 * methodology, so an asesor sees what was excluded and why.
 */
import { fmtDateTime, t } from '../../shared/i18n/index.js'
import type { MaintenanceSpan } from '../../shared/maintenance/schemas.js'
import type { ReportDocument } from './document.js'
import { table } from './table.js'

const scope = (w: MaintenanceSpan) =>
  w.api_id
    ? t('maintenance.scope.api', { id: w.api_id })
    : w.gateway_id
      ? t('maintenance.scope.gateway', { id: w.gateway_id })
      : t('maintenance.scope.instansi')
const period = (w: MaintenanceSpan) => `${fmtDateTime(w.starts_at)} – ${fmtDateTime(w.ends_at)}`

/** The windows of the period as a table under the SLA section; nothing without any. */
export function maintenanceTable(rd: ReportDocument, windows: readonly MaintenanceSpan[]): void {
  if (windows.length === 0) return
  rd.paragraph(t('maintenance.report.sla', { n: windows.length }))
  table(
    rd,
    [
      { header: t('maintenance.period'), width: 0.36, value: period },
      { header: t('maintenance.scope'), width: 0.24, value: scope },
      { header: t('maintenance.reason'), width: 0.4, value: (w) => w.reason },
    ],
    windows,
  )
}

/** The methodology paragraph: how maintenance is excluded, and the windows of the period. */
export function maintenanceMethod(windows: readonly MaintenanceSpan[]): string {
  const list = windows.length === 0 ? t('maintenance.report.method_none') : windows.map((w) => `${period(w)} (${scope(w)}: ${w.reason})`).join('; ')
  return t('maintenance.report.method', { list })
}
