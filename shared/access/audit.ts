/**
 * The audit log (`audit_log`): one row per change and per evidence download —
 * who (actor, role), for which instansi, from where (the client address the
 * API edge put on the principal), what (action) on which object (resource),
 * and the details. This is the only writer of the table; it does nothing
 * else (a registry write also refreshes the collector's view, but that is
 * the registry's business, not the audit's).
 */
import type { Storage } from '../../storage/client.js'
import { TABLES } from '../../storage/tables.js'
import type { Principal } from './principal.js'

export interface AuditEvent {
  /** `<object>.<verb>`: `gateway.create`, `report.download`, `token.revoke`, … */
  action: string
  /** The object's id. */
  resource: string
  /** The instansi of the object; the actor's own when absent or ''. */
  instansi?: string
  /** What was written or read (JSON unless a string); never secrets. */
  detail?: unknown
}

export async function audit(storage: Storage, who: Principal, event: AuditEvent): Promise<void> {
  const detail = event.detail === undefined ? '' : typeof event.detail === 'string' ? event.detail : JSON.stringify(event.detail)
  await storage.insertRows(TABLES.audit, [
    {
      ts: Date.now(),
      actor: who.name,
      role: who.role,
      instansi: event.instansi || who.instansi || '',
      action: event.action,
      resource: event.resource,
      detail,
      address: who.address ?? '',
    },
  ])
}
