/**
 * From an identity provider's claims to a Pantau person: the roles claim
 * (PANTAU_OIDC_ROLES_CLAIM, a dotted path, default `roles`) is looked up in
 * the role map (PANTAU_OIDC_ROLE_MAP, `idp-role=pantau-role`, default:
 * Pantau's own role names). Keycloak's `realm_access.roles` and a `groups`
 * list are read too, but only through an explicit role map: on a shared
 * provider a realm role or group named `admin` that belongs to another
 * application must not make someone a Pantau admin. The strongest mapped role wins
 * (admin, koordinator, operator, asesor, sre). The instansi comes from
 * PANTAU_OIDC_INSTANSI_CLAIM (default `instansi`); an operator without one
 * has no access. Pure code: the API edge fetches the claims.
 */
import { z } from 'zod'
import { PERSON_ROLES, type PersonRole } from './principal.js'

export interface ClaimRules {
  /** Dotted path of the roles claim (`roles`, `realm_access.roles`, `resource_access.pantau.roles`). */
  rolesClaim: string
  /** Dotted path of the instansi claim. */
  instansiClaim: string
  /** Provider role or group name → Pantau role. */
  roleMap: ReadonlyMap<string, PersonRole>
}

export interface Person {
  sub: string
  name: string
  email: string
  role: PersonRole
  /** The operator's instansi ('' for the other roles when the claim is absent). */
  instansi: string
}

export type ClaimsVerdict =
  | { ok: true; person: Person; values: string[] }
  /** no-role: no value maps to a Pantau role; no-instansi: an operator without an instansi claim. */
  | { ok: false; reason: 'no-role' | 'no-instansi'; sub: string; name: string; values: string[] }

/** `pantau-admin=admin,spbe-koordinator=koordinator` → a map; unset: every Pantau role name maps to itself. */
export function parseRoleMap(text: string | undefined): ReadonlyMap<string, PersonRole> {
  if (!text?.trim()) return DEFAULT_ROLE_MAP
  const map = new Map<string, PersonRole>()
  for (const pair of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf('=')
    const from = pair.slice(0, at).trim()
    const to = pair.slice(at + 1).trim()
    if (at <= 0 || !from) throw new Error(`PANTAU_OIDC_ROLE_MAP: '${pair}' is not provider-role=pantau-role`)
    if (!(PERSON_ROLES as readonly string[]).includes(to)) throw new Error(`PANTAU_OIDC_ROLE_MAP: '${to}' is not a Pantau role (${PERSON_ROLES.join(', ')})`)
    map.set(from, to as PersonRole)
  }
  return map
}

/** Pantau's own role names, each mapping to itself: the map when PANTAU_OIDC_ROLE_MAP is unset. */
export const DEFAULT_ROLE_MAP: ReadonlyMap<string, PersonRole> = new Map(PERSON_ROLES.map((r) => [r, r]))

/** The value at a dotted path (`realm_access.roles`); a claim whose own name has dots is found too. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path]
  let v: unknown = claims
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string, unknown>)[part]
  }
  return v
}

const strings = (v: unknown): string[] => {
  if (typeof v === 'string') return v.split(/[\s,]+/).filter(Boolean)
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []
}

const Text = z.string().max(256).catch('')

/**
 * The role-like values the claims carry: the roles claim and, with `extras`, `realm_access.roles`
 * and `groups` (Keycloak group paths also without the leading '/').
 */
export function roleValues(claims: Record<string, unknown>, rolesClaim: string, extras = true): string[] {
  const values = [...strings(claimAt(claims, rolesClaim)), ...(extras ? [...strings(claimAt(claims, 'realm_access.roles')), ...strings(claims.groups)] : [])]
  return [...new Set(values.flatMap((v) => (v.startsWith('/') ? [v, v.slice(1)] : [v])))]
}

/** The person the claims describe, or why they may not use Pantau. `sub` must already be verified. */
export function personFromClaims(claims: Record<string, unknown>, rules: ClaimRules): ClaimsVerdict {
  const sub = String(claims.sub ?? '')
  const email = Text.parse(claims.email)
  const name = Text.parse(claims.name) || Text.parse(claims.preferred_username) || email || sub
  // realm roles and groups only through names an administrator mapped on purpose
  const values = roleValues(claims, rules.rolesClaim, rules.roleMap !== DEFAULT_ROLE_MAP)
  const mapped = new Set(values.flatMap((v) => (rules.roleMap.has(v) ? [rules.roleMap.get(v)!] : [])))
  const role = PERSON_ROLES.find((r) => mapped.has(r))
  if (!role) return { ok: false, reason: 'no-role', sub, name, values }
  const instansi = strings(claimAt(claims, rules.instansiClaim))[0] ?? ''
  if (role === 'operator' && !instansi) return { ok: false, reason: 'no-instansi', sub, name, values }
  return { ok: true, person: { sub, name, email, role, instansi: instansi.slice(0, 64) }, values }
}
