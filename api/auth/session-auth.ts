/**
 * Browser sessions at the API edge: the HttpOnly, SameSite=Lax cookie
 * (Secure, and `__Host-` named, when PANTAU_PUBLIC_URL is https), the CSRF
 * check of writes, and what a session cookie stands for at each request —
 *
 * - an SSO session: the person as of their sign-in or last refresh, valid
 *   while their latest record (`people`) still grants that role and
 *   instansi; every PANTAU_SESSION_REFRESH_S the provider is asked again
 *   (refresh token grant) and a role removed there ends the session;
 * - a token session (a pasted bearer token exchanged for the cookie): the
 *   token, resolved again at every use, so revoking it ends the session, and
 *   only the admin token once token sign-in is turned off.
 */
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { audit } from '../../shared/access/audit.js'
import { type ClaimRules, personFromClaims } from '../../shared/access/claims.js'
import type { PeopleStore } from '../../shared/access/people.js'
import { type Principal, Role } from '../../shared/access/principal.js'
import { csrfOf, sameText } from '../../shared/access/sealed.js'
import type { PendingSignIns, SessionRow, SessionStore } from '../../shared/access/sessions.js'
import type { TokenStore } from '../../shared/access/tokens.js'
import type { Logger } from '../../shared/log/logger.js'
import type { Storage } from '../../storage/client.js'
import type { AuthConfig } from './config.js'
import { OidcFailure, type OidcClient } from './oidc.js'

/** What the server hands the API for sign-in (api/auth/setup.ts builds it). */
export interface AuthDeps {
  config: AuthConfig
  sessions: SessionStore
  pending: PendingSignIns
  people: PeopleStore
  /** Present when PANTAU_OIDC_ISSUER is set. */
  oidc?: OidcClient
  /** PANTAU_PUBLIC_URL: redirect URIs, and Secure cookies when https. */
  publicUrl?: string
  log: Logger
}

export interface ResolvedSession {
  id: string
  row: SessionRow
  principal: Principal
}

/** Methods that change nothing: no CSRF header needed. */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

export class SessionAuth {
  readonly secure: boolean
  readonly cookie: string
  readonly signinCookie: string
  readonly rules: ClaimRules | undefined
  private refreshing = new Map<string, Promise<SessionRow | undefined>>()

  constructor(
    readonly deps: AuthDeps,
    readonly tokens: TokenStore,
    private readonly storage: Storage,
  ) {
    this.secure = deps.publicUrl?.startsWith('https:') === true
    this.cookie = this.secure ? '__Host-pantau_session' : 'pantau_session'
    this.signinCookie = this.secure ? '__Secure-pantau_signin' : 'pantau_signin'
    const o = deps.config.oidc
    this.rules = o && { rolesClaim: o.rolesClaim, instansiClaim: o.instansiClaim, roleMap: o.roleMap }
  }

  hasCookie(c: Context): boolean {
    return getCookie(c, this.cookie) !== undefined
  }

  setCookie(c: Context, id: string): void {
    setCookie(c, this.cookie, id, { path: '/', httpOnly: true, sameSite: 'Lax', secure: this.secure })
  }

  clearCookie(c: Context): void {
    deleteCookie(c, this.cookie, { path: '/', secure: this.secure, httpOnly: true, sameSite: 'Lax' })
  }

  /** Is the write request carrying the session's CSRF token (X-CSRF-Token, or a form's csrf_token)? Reads are always fine. */
  csrfOk(c: Context, id: string, formValue?: string): boolean {
    if (SAFE.has(c.req.method)) return true
    const given = c.req.header('x-csrf-token') ?? formValue ?? ''
    return sameText(given, csrfOf(id))
  }

  /** The session the request's cookie stands for, if it is live and still grants access. */
  async resolve(c: Context): Promise<ResolvedSession | undefined> {
    const id = getCookie(c, this.cookie)
    if (!id) return undefined
    let row = await this.deps.sessions.find(id)
    if (!row) return undefined
    if (row.method === 'token') {
      const p = await this.tokens.resolveHash(row.token_hash)
      const allowed = p && p.role !== 'collector' && (this.deps.config.tokenSignin || this.tokens.isAdminHash(row.token_hash))
      if (!allowed) return void (await this.deps.sessions.end(row))
      return { id, row, principal: { ...p, via: 'session' } }
    }
    if (Date.now() - row.refreshed_at >= this.deps.config.sessionRefreshS * 1000) {
      row = await this.refresh(id, row)
      if (!row) return undefined
    }
    const role = Role.safeParse(row.role)
    if (!role.success || !(await this.deps.people.holds(row.sub, row.role, row.instansi))) {
      await this.endSession(row, 'role-changed')
      return undefined
    }
    const principal: Principal = { name: row.name, role: role.data, sub: row.sub, email: row.email, via: 'session' }
    if (row.instansi) principal.instansi = row.instansi
    return { id, row, principal }
  }

  /** Re-read the person at the provider (one refresh per session at a time in this process). */
  private refresh(id: string, row: SessionRow): Promise<SessionRow | undefined> {
    let p = this.refreshing.get(row.id_hash)
    if (!p) {
      p = this.doRefresh(id, row).finally(() => this.refreshing.delete(row.id_hash))
      this.refreshing.set(row.id_hash, p)
    }
    return p
  }

  private async doRefresh(id: string, row: SessionRow): Promise<SessionRow | undefined> {
    const { oidc, sessions, people, log } = this.deps
    const secrets = sessions.secretsOf(id, row)
    // Nothing to refresh with: the roles are re-read at the next sign-in.
    if (!oidc || !this.rules || !secrets.refresh_token) {
      sessions.postpone(row, Date.now())
      return row
    }
    let grant: Awaited<ReturnType<OidcClient['refresh']>>
    try {
      grant = await oidc.refresh(secrets.refresh_token, secrets.id_token)
    } catch (e) {
      if (e instanceof OidcFailure && e.reason === 'unavailable') {
        log.warn({ sub: row.sub, error: e.message }, 'oidc: session refresh postponed: provider unreachable')
        sessions.postpone(row, Date.now())
        return row
      }
      log.info({ sub: row.sub, error: (e as Error).message }, 'oidc: the provider refused the session refresh; session ended')
      await this.endSession(row, 'refresh-refused')
      return undefined
    }
    const verdict = personFromClaims(grant.claims, this.rules)
    if (String(grant.claims.sub) !== row.sub) {
      await this.endSession(row, 'subject-changed')
      return undefined
    }
    if (!verdict.ok) {
      await people.record({ sub: row.sub, name: verdict.name, email: row.email, role: '', instansi: '' })
      log.info({ sub: row.sub, reason: verdict.reason }, 'oidc: the provider no longer grants a Pantau role; session ended')
      await this.endSession(row, verdict.reason)
      return undefined
    }
    await people.record(verdict.person)
    const { name, email, role, instansi } = verdict.person
    return sessions.refreshed(id, row, { name, email, role, instansi }, grant.secrets)
  }

  /** End a session (sign-out, lost role, refused refresh), audited as the person. */
  async endSession(row: SessionRow, reason: string, address = ''): Promise<void> {
    await this.deps.sessions.end(row)
    // sessions are only ever made for a valid role; 'asesor' (read-only) only names an impossible row
    const role = Role.catch('asesor').parse(row.role)
    await audit(
      this.storage,
      { name: row.name, role, sub: row.sub, instansi: row.instansi || undefined, address },
      { action: 'session.end', resource: row.sub || row.name, detail: { reason, method: row.method } },
    )
  }
}
