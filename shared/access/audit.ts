/**
 * The audit log (`audit_log`): one row per change, per evidence download and
 * per sign-in or sign-out — who (actor: the person's name or the token's;
 * subject: the person's OpenID Connect `sub`, '' for a token without an
 * owner; role), for which instansi, from where (the client address the API
 * edge put on the principal), what (action) on which object (resource), and
 * the details. This is the only writer of the table; it does nothing else
 * (a registry write also refreshes the collector's view, but that is the
 * registry's business, not the audit's).
 */
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { chTime } from '../../storage/columns.js'
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
      subject: who.sub ?? '',
      role: who.role,
      instansi: event.instansi || who.instansi || '',
      action: event.action,
      resource: event.resource,
      detail,
      address: who.address ?? '',
    },
  ])
}

/** One audit row as listed (`ts`: ISO 8601). */
export const AuditEntry = z.object({
  ts: z.string(),
  actor: z.string(),
  subject: z.string(),
  role: z.string(),
  instansi: z.string(),
  action: z.string(),
  resource: z.string(),
  detail: z.string(),
  address: z.string(),
})
export type AuditEntry = z.infer<typeof AuditEntry>
const StoredAudit = AuditEntry.extend({ ts: chTime })

export interface AuditQuery {
  /** A person's `sub` or an actor's name (exact). */
  actor?: string
  /** Epoch ms, half-open [from, to). */
  from?: number
  to?: number
  action?: string
  instansi?: string
  limit: number
}

/** Audit rows, newest first. */
export function listAudit(storage: Storage, q: AuditQuery): Promise<AuditEntry[]> {
  const where = ['1']
  const params: Record<string, unknown> = { limit: q.limit }
  if (q.actor !== undefined) where.push('(subject = {actor:String} OR actor = {actor:String})'), (params.actor = q.actor)
  if (q.from !== undefined) where.push('ts >= fromUnixTimestamp64Milli({from:Int64})'), (params.from = q.from)
  if (q.to !== undefined) where.push('ts < fromUnixTimestamp64Milli({to:Int64})'), (params.to = q.to)
  if (q.action !== undefined) where.push('action = {action:String}'), (params.action = q.action)
  if (q.instansi !== undefined) where.push('instansi = {instansi:String}'), (params.instansi = q.instansi)
  return storage.rows(
    StoredAudit,
    `SELECT ts, actor, subject, role, instansi, action, resource, detail, address FROM ${TABLES.audit}
     WHERE ${where.join(' AND ')} ORDER BY ts DESC LIMIT {limit:UInt32}`,
    params,
  )
}
