/**
 * The maintenance windows card (SLA & Peringatan page): the windows of the
 * scope, newest first, with what they cover and why. Their minutes are left
 * out of uptime, incidents, SLA and SLO budgets; the availability charts shade
 * them (shared/charts/uptime.ts).
 */
import { optional } from '../api-client.js'
import { card, fill } from '../components/card.js'
import { badge, table } from '../components/widgets.js'
import { tr, when } from '../i18n.js'
import type { PageCtx } from '../router.js'
import type { MaintenanceWindow } from '../types.js'

const TONE = { active: 'warn', scheduled: 'ok', ended: 'muted' } as const

function scopeText(w: MaintenanceWindow): string {
  if (w.api_id) return tr('maintenance.scope.api', { id: w.api_id })
  if (w.gateway_id) return tr('maintenance.scope.gateway', { id: w.gateway_id })
  return tr('maintenance.scope.instansi')
}

export function maintenanceCard(ctx: PageCtx, parent: HTMLElement, scope: { instansi?: string }): Promise<void> {
  return fill(
    card(parent, {
      title: tr('maintenance.label'),
      id: 'maintenance',
      wide: true,
      note: tr('maintenance.card.note'),
      csv: { path: 'maintenance', params: scope },
    }),
    async () => (await optional('maintenance', () => ctx.data('maintenance', { ...scope, per_page: '1000' }), [])).reverse(),
    (rows, body) =>
      body.append(
        table(
          tr('maintenance.label'),
          [
            { label: tr('ui.col.status'), value: (r) => badge(tr(`maintenance.status.${r.status}`), TONE[r.status]) },
            { label: 'Instansi', value: (r) => r.instansi },
            { label: tr('maintenance.scope'), value: scopeText },
            { label: tr('maintenance.period'), value: (r) => `${when(r.starts_at)} – ${when(r.ends_at)}` },
            { label: tr('maintenance.reason'), value: (r) => `${r.reason} (${r.created_by})` },
          ],
          rows,
          20,
        ),
      ),
    (rows) => rows.length === 0,
  )
}
