/**
 * Who is calling. Roles (ARCHITECTURE.md "Access"): admin; koordinator reads all
 * instansi; operator reads and manages its own instansi only; asesor reads
 * metrics and reports; sre works with alerts; collector reads the registry
 * snapshot (service accounts of split-out collectors). Which role may call
 * which route is the API's route policy (api/auth/policy.ts).
 */
import { z } from 'zod'

export const Role = z.enum(['admin', 'koordinator', 'operator', 'asesor', 'sre', 'collector'])
export type Role = z.infer<typeof Role>

export interface Principal {
  name: string
  role: Role
  /** Set for operators: the only instansi they may see. */
  instansi?: string
  /** The client address of the request (set by the API edge; trusted proxies honoured): the audit log records it. */
  address?: string
}
