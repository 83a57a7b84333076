/**
 * The maintenance windows card (SLA & Peringatan page): the windows of the
 * scope, newest first, with what they cover and why. Their minutes are left
 * out of uptime, incidents, SLA and SLO budgets; the availability charts shade
 * them (shared/charts/uptime.ts). Roles that may write get a form to schedule
 * a window and a delete button per window (maintenance-form.ts).
 */
import { get, optional } from '../api-client.js'
import { card, fill } from '../components/card.js'
import { badge, type Column, table } from '../components/widgets.js'
import { tr, when } from '../i18n.js'
import type { PageCtx } from '../router.js'
import type { MaintenanceWindow } from '../types.js'
import { canWriteMaintenance, deleteButton, maintenanceForm } from './maintenance-form.js'

const TONE = { active: 'warn', scheduled: 'ok', ended: 'muted' } as const

function scopeText(w: MaintenanceWindow): string {
  if (w.api_id) return tr('maintenance.scope.api', { id: w.api_id })
  if (w.gateway_id) return tr('maintenance.scope.gateway', { id: w.gateway_id })
  return tr('maintenance.scope.instansi')
}

export function maintenanceCard(ctx: PageCtx, parent: HTMLElement, scope: { instansi?: string }): Promise<void> {
  const c = card(parent, {
    title: tr('maintenance.label'),
    id: 'maintenance',
    wide: true,
    note: tr('maintenance.card.note'),
    csv: { path: 'maintenance', params: scope },
  })
  const params = { ...scope, per_page: '1000' }
  // the first load shares the page's requests; after a change the list is asked for again
  let fresh = false
  const load = async () =>
    (
      await optional('maintenance', () => (fresh ? get<MaintenanceWindow[]>('maintenance', params).then((r) => r.data) : ctx.data('maintenance', params)), [])
    ).reverse()
  const writer = canWriteMaintenance()
  const reload = () => {
    fresh = true
    void fill(c, load, render, (rows) => rows.length === 0)
  }
  const columns: Column<MaintenanceWindow>[] = [
    { label: tr('ui.col.status'), value: (r) => badge(tr(`maintenance.status.${r.status}`), TONE[r.status]) },
    { label: 'Instansi', value: (r) => r.instansi },
    { label: tr('maintenance.scope'), value: scopeText },
    { label: tr('maintenance.period'), value: (r) => `${when(r.starts_at)} – ${when(r.ends_at)}` },
    { label: tr('maintenance.reason'), value: (r) => `${r.reason} (${r.created_by})` },
    ...(writer ? [{ label: tr('maintenance.col.actions'), value: (r: MaintenanceWindow) => deleteButton(r, reload) }] : []),
  ]
  const render = (rows: MaintenanceWindow[], body: HTMLElement) => void body.append(table(tr('maintenance.label'), columns, rows, 20))
  if (writer) c.el.append(maintenanceForm(scope, reload))
  return fill(c, load, render, (rows) => rows.length === 0)
}
