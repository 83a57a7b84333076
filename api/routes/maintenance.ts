/**
 * `/v1/maintenance`: announced maintenance windows (issue 13, point 3) as a
 * registry-style resource. Operators write only their own instansi's windows;
 * admins and koordinators any. Every change is audited, and the hourly uptime
 * rows of the hours it touched are recomputed at once (a crash before that is
 * mended on the next read: the change is recorded first, uptime-hours.ts).
 */
import { audit } from '../../shared/access/audit.js'
import type { Principal } from '../../shared/access/principal.js'
import { MaintenanceInput, MaintenanceWindow } from '../../shared/maintenance/schemas.js'
import { MaintenanceStore, touchedHours } from '../../shared/maintenance/store.js'
import { sec } from '../../shared/metrics/rollup.js'
import { refreshUptimeHours } from '../../shared/metrics/uptime-hours.js'
import { componentLogger } from '../../shared/log/logger.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { registerResource } from './registry-crud.js'

const HOUR = 3600e3

export function registerMaintenance(app: ApiApp, deps: ApiDeps): void {
  const store = new MaintenanceStore(deps.storage)
  const log = componentLogger('maintenance')

  /** Recompute the hourly uptime rows of the past hours a change touched (future hours have none). */
  const recompute = async (instansi: string, spans: Array<{ starts_at: string; ends_at: string }>) => {
    const { fromMs, toMs } = touchedHours(spans)
    const to = Math.min(toMs, Math.ceil(Date.now() / HOUR) * HOUR)
    if (to <= fromMs) return
    await refreshUptimeHours(deps.storage, { fromMs, toMs: to, instansi }, { from: sec(fromMs), to: sec(to) }).catch((error: unknown) =>
      log.warn({ error, instansi }, 'maintenance: recomputing hourly uptime failed (the next read does it)'),
    )
  }

  const changed = async (who: Principal, action: string, row: MaintenanceWindow, spans: Array<{ starts_at: string; ends_at: string }>) => {
    await recompute(row.instansi, spans)
    const { id, instansi, api_id, gateway_id, starts_at, ends_at, reason } = row
    await audit(deps.storage, who, { action, resource: id, instansi, detail: { api_id, gateway_id, starts_at, ends_at, reason } })
    return row
  }

  registerResource(app, {
    path: '/v1/maintenance',
    tag: 'maintenance',
    input: MaintenanceInput,
    output: MaintenanceWindow,
    table: store,
    instansiColumn: 'instansi',
    filters: ['api_id', 'gateway_id'],
    create: async (who, input) => {
      const row = await store.create(who, input)
      return changed(who, 'maintenance.create', row, [row])
    },
    update: async (who, id, input) => {
      const previous = await store.get({ id })
      const row = await store.update(who, id, input)
      return changed(who, 'maintenance.update', row, previous ? [previous, row] : [row])
    },
    remove: async (who, id) => {
      const previous = await store.delete(id)
      if (previous) await changed(who, 'maintenance.delete', { ...previous, status: 'ended' }, [previous])
    },
  })
}
