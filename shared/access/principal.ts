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
  /** The person behind the call (OpenID Connect `sub`): a signed-in person, or the owner of a personal token. */
  sub?: string
  /** The person's e-mail address, when the identity provider gave one. */
  email?: string
  /** How the call was authenticated: a bearer token, or a browser session cookie (which needs the CSRF header on writes). */
  via?: 'token' | 'session'
}

/** The roles a person can hold (every role but the collector service account), strongest first. */
export const PERSON_ROLES = ['admin', 'koordinator', 'operator', 'asesor', 'sre'] as const satisfies readonly Role[]
export type PersonRole = (typeof PERSON_ROLES)[number]
