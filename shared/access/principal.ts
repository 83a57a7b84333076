/**
 * Who is calling. Roles (DESIGN.md "Access"): admin; koordinator reads all
 * instansi; operator reads and manages its own instansi only; asesor reads
 * metrics and reports; sre works with alerts; collector reads the registry
 * snapshot (service accounts of split-out collectors).
 */
import { z } from 'zod'

export const Role = z.enum(['admin', 'koordinator', 'operator', 'asesor', 'sre', 'collector'])
export type Role = z.infer<typeof Role>

export interface Principal {
  name: string
  role: Role
  /** Set for operators: the only instansi they may see. */
  instansi?: string
}

/** Roles allowed to read metrics and the registry. */
export const READERS: readonly Role[] = ['admin', 'koordinator', 'operator', 'asesor', 'sre']
