/**
 * Browser sessions, server-side, in ClickHouse (`sessions`): they survive a
 * restart of the API and are shared by every API process. The cookie holds a
 * random id; the table holds only its hash (ReplacingMergeTree(version,
 * deleted) keyed by the hash, read FINAL), the person (sub, name, e-mail,
 * role, instansi), how they signed in (`oidc`, or `token`: a pasted bearer
 * token exchanged for the cookie, whose hash is kept so that revoking the
 * token ends the session), the provider's tokens sealed under the id
 * (sealed.ts), and the times. A session ends when it has been idle longer
 * than the idle timeout, is older than the absolute timeout (both as
 * configured now, not when it began) or is signed out: signing out writes
 * the deleted row with the highest version, so no later touch or refresh
 * in any process can bring it back. Last use is written at most every
 * minute (a quarter of the idle timeout when shorter).
 *
 * Pending OpenID Connect sign-ins (state, nonce, PKCE verifier, where to go
 * after) are kept the same way in `sign_in_requests`, for ten minutes and one
 * use, so the callback may reach another API process than the one that
 * started the sign-in.
 */
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { chMs } from '../../storage/columns.js'
import { newSessionId, SESSION_ID, seal, sessionHash, unseal } from './sealed.js'

export interface SessionSettings {
  /** Ends after this long without a request. */
  idleMs: number
  /** Ends this long after sign-in, however busy. */
  absoluteMs: number
}

export const SessionRow = z.object({
  id_hash: z.string(),
  sub: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  instansi: z.string(),
  method: z.enum(['oidc', 'token']),
  token_hash: z.string(),
  secrets: z.string(),
  address: z.string(),
  created_at: chMs,
  last_seen: chMs,
  refreshed_at: chMs,
  expires_at: chMs,
})
export type SessionRow = z.infer<typeof SessionRow>

export interface NewSession {
  sub: string
  name: string
  email: string
  role: string
  instansi: string
  method: SessionRow['method']
  /** Token sessions: the hash of the bearer token the cookie stands for. */
  tokenHash?: string
  /** Provider tokens (refresh_token, id_token) to seal under the session id. */
  secrets?: Record<string, string>
  address: string
}

/** The version of a deleted row: above every live version (ms × 1000) for centuries, and exact in a JS number. */
const ENDED = Number.MAX_SAFE_INTEGER
const COLUMNS = 'id_hash, sub, name, email, role, instansi, method, token_hash, secrets, address, created_at, last_seen, refreshed_at, expires_at'
const SECRETS = 'session-secrets'
const Secrets = z.record(z.string(), z.string())

let seq = 0
/** Live versions: milliseconds × 1000 plus a counter, so two writes of one process in one millisecond stay ordered. */
const versionAt = (ms: number): number => ms * 1000 + (seq = (seq + 1) % 1000)

export class SessionStore {
  private cache = new Map<string, { session: SessionRow; at: number }>()

  constructor(
    private readonly storage: Storage,
    readonly settings: SessionSettings,
    private readonly now: () => number = Date.now,
    private readonly cacheMs = 2_000,
  ) {}

  /** Start a session; returns the id for the cookie (shown nowhere else) and the stored row. */
  async create(input: NewSession): Promise<{ id: string; session: SessionRow }> {
    const id = newSessionId()
    const at = this.now()
    const session: SessionRow = {
      id_hash: sessionHash(id),
      sub: input.sub,
      name: input.name,
      email: input.email,
      role: input.role,
      instansi: input.instansi,
      method: input.method,
      token_hash: input.tokenHash ?? '',
      secrets: input.secrets ? seal(id, SECRETS, JSON.stringify(input.secrets)) : '',
      address: input.address,
      created_at: at,
      last_seen: at,
      refreshed_at: at,
      expires_at: at + this.settings.absoluteMs,
    }
    await this.write(session, at)
    return { id, session }
  }

  /** The live session of a cookie value, or undefined (unknown, malformed, expired or ended). Refreshes its last use. */
  async find(id: string): Promise<SessionRow | undefined> {
    if (!SESSION_ID.test(id)) return undefined
    const h = sessionHash(id)
    const at = this.now()
    const hit = this.cache.get(h)
    let session = hit && at - hit.at < this.cacheMs ? hit.session : undefined
    if (!session) {
      const rows = await this.storage.rows(SessionRow, `SELECT ${COLUMNS} FROM sessions FINAL WHERE id_hash = {h:String} AND deleted = 0`, { h })
      session = rows[0]
      if (!session) return void this.cache.delete(h)
      if (this.cache.size > 10_000) this.cache.clear()
      this.cache.set(h, { session, at })
    }
    if (this.expired(session, at)) return void this.cache.delete(h)
    if (at - session.last_seen >= Math.min(60_000, this.settings.idleMs / 4)) {
      session = { ...session, last_seen: at }
      await this.write(session, at)
    }
    return session
  }

  /** Has the session passed its idle or absolute timeout (as configured now)? */
  expired(s: SessionRow, at = this.now()): boolean {
    return at - s.last_seen > this.settings.idleMs || at - s.created_at > this.settings.absoluteMs
  }

  /** Rewrite a session after a refresh at the provider: the person as now described, new provider tokens. */
  async refreshed(
    id: string,
    s: SessionRow,
    person: Pick<SessionRow, 'name' | 'email' | 'role' | 'instansi'>,
    secrets?: Record<string, string>,
  ): Promise<SessionRow> {
    const at = this.now()
    const next: SessionRow = { ...s, ...person, refreshed_at: at, secrets: secrets ? seal(id, SECRETS, JSON.stringify(secrets)) : s.secrets }
    await this.write(next, at)
    return next
  }

  /** Postpone the next refresh (the provider could not be asked): only this process's copy, nothing is written. */
  postpone(s: SessionRow, untilMs: number): void {
    this.cache.set(s.id_hash, { session: { ...s, refreshed_at: untilMs }, at: this.now() })
  }

  /** The provider tokens sealed in a session (empty when none, or when `id` is not the session's). */
  secretsOf(id: string, s: SessionRow): Record<string, string> {
    if (!s.secrets) return {}
    const plain = unseal(id, SECRETS, s.secrets)
    const parsed = plain === undefined ? undefined : Secrets.safeParse(JSON.parse(plain))
    return parsed?.success ? parsed.data : {}
  }

  /** Sign out: no process accepts the session again. */
  async end(s: SessionRow): Promise<void> {
    this.cache.delete(s.id_hash)
    await this.storage.insertRows('sessions', [{ ...s, version: ENDED, deleted: 1 }])
  }

  private async write(s: SessionRow, at: number): Promise<void> {
    await this.storage.insertRows('sessions', [{ ...s, version: versionAt(at), deleted: 0 }])
    this.cache.set(s.id_hash, { session: s, at })
  }
}

/** A sign-in in progress (OpenID Connect authorization code flow with PKCE). */
export const PendingSignIn = z.object({ state: z.string(), nonce: z.string(), verifier: z.string(), next: z.string() })
export type PendingSignIn = z.infer<typeof PendingSignIn>

const PENDING = 'sign-in-request'
const PendingRow = z.object({ secrets: z.string(), expires_at: chMs })

export class PendingSignIns {
  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = 600_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keep a pending sign-in; returns the id for its short-lived cookie. */
  async create(pending: PendingSignIn): Promise<string> {
    const id = newSessionId()
    const at = this.now()
    await this.storage.insertRows('sign_in_requests', [
      { id_hash: sessionHash(id), secrets: seal(id, PENDING, JSON.stringify(pending)), expires_at: at + this.ttlMs, version: versionAt(at), deleted: 0 },
    ])
    return id
  }

  /** Take (and consume) a pending sign-in: undefined when unknown, used, expired or not this id's. */
  async take(id: string): Promise<PendingSignIn | undefined> {
    if (!SESSION_ID.test(id)) return undefined
    const h = sessionHash(id)
    const rows = await this.storage.rows(PendingRow, 'SELECT secrets, expires_at FROM sign_in_requests FINAL WHERE id_hash = {h:String} AND deleted = 0', { h })
    const row = rows[0]
    if (!row) return undefined
    await this.storage.insertRows('sign_in_requests', [{ id_hash: h, secrets: '', expires_at: row.expires_at, version: ENDED, deleted: 1 }])
    if (row.expires_at < this.now()) return undefined
    const plain = unseal(id, PENDING, row.secrets)
    const parsed = plain === undefined ? undefined : PendingSignIn.safeParse(JSON.parse(plain))
    return parsed?.success ? parsed.data : undefined
  }
}
