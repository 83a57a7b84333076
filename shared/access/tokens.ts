/**
 * Bearer tokens. The admin token comes from PANTAU_ADMIN_TOKEN or is
 * generated once into the data directory; other tokens live hashed in the
 * `api_tokens` table. Lookups are cached briefly.
 *
 * Personal tokens belong to a person (owner_sub) who made them while signed
 * in: they carry that person's role and instansi, expire, and work only while
 * the person's latest sign-in or session refresh (`people`) still grants that
 * role and instansi.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { hashToken } from '../registry/cache.js'
import type { Storage } from '../../storage/client.js'
import { chMs, chTimeOrNull } from '../../storage/columns.js'
import { PeopleStore } from './people.js'
import { type Principal, Role } from './principal.js'

export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`
}

/** Tokens remembered (known and unknown); the oldest is forgotten first. */
const MAX_CACHED = 10_000

/** A token as listed: never its secret, only the prefix that identifies it. */
export const TokenInfo = z.object({
  prefix: z.string(),
  name: z.string(),
  role: z.string(),
  instansi: z.string(),
  created_at: z.string(),
  owner: z.string().describe("the person (OpenID Connect sub) of a personal token; '' for tokens issued by an admin"),
  expires_at: z.string().nullable().describe('ISO 8601; null: never'),
})
export type TokenInfo = z.infer<typeof TokenInfo>

const TokenRow = z.object({ name: z.string(), role: z.string(), instansi: z.string(), owner_sub: z.string(), expires_ms: z.number().nullable() })
/** A stored version of a token, rewritten as deleted on revocation. */
const StoredToken = z.object({
  token_hash: z.string(),
  token_prefix: z.string(),
  name: z.string(),
  role: z.string(),
  instansi: z.string(),
  owner_sub: z.string(),
  expires_at: chMs.nullable(),
  created_at: chMs,
})
const INFO = `token_prefix AS prefix, name, role, instansi, toString(created_at) AS created_at, owner_sub AS owner, expires_at`
const InfoRow = TokenInfo.extend({ expires_at: chTimeOrNull })

export class TokenStore {
  private cache = new Map<string, { row: z.infer<typeof TokenRow> | undefined; until: number }>()
  private readonly adminHash: string
  readonly people: PeopleStore

  constructor(
    private readonly storage: Storage,
    adminToken: string,
    private readonly ttlMs = 5_000,
    people?: PeopleStore,
  ) {
    this.adminHash = hashToken(adminToken)
    this.people = people ?? new PeopleStore(storage)
  }

  resolve(token: string): Promise<Principal | undefined> {
    return this.resolveHash(hashToken(token))
  }

  /** Is this the hash of the admin token (break-glass sign-in when token sign-in is off)? */
  isAdminHash(h: string): boolean {
    return h === this.adminHash
  }

  /** The principal of a token by its hash (token sessions keep only the hash). */
  async resolveHash(h: string): Promise<Principal | undefined> {
    if (h === this.adminHash) return { name: 'admin', role: 'admin' }
    const hit = this.cache.get(h)
    // the token's row is remembered; its expiry and its owner's role are checked at every use
    if (hit && Date.now() < hit.until) return this.principalOf(hit.row)
    const rows = await this.storage.rows(
      TokenRow,
      `SELECT name, role, instansi, owner_sub, if(isNull(expires_at), NULL, toUnixTimestamp64Milli(assumeNotNull(expires_at))) AS expires_ms
       FROM api_tokens FINAL WHERE token_hash = {h:String} AND deleted = 0`,
      { h },
    )
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string)
    this.cache.set(h, { row: rows[0], until: Date.now() + this.ttlMs })
    return this.principalOf(rows[0])
  }

  private async principalOf(row: z.infer<typeof TokenRow> | undefined): Promise<Principal | undefined> {
    const role = row ? Role.safeParse(row.role) : undefined
    if (!row || !role?.success) return undefined
    if (row.expires_ms !== null && row.expires_ms <= Date.now()) return undefined
    if (row.owner_sub && !(await this.people.holds(row.owner_sub, row.role, row.instansi))) return undefined
    return { name: row.name, role: role.data, instansi: row.instansi || undefined, ...(row.owner_sub ? { sub: row.owner_sub } : {}) }
  }

  /** Issue a token for a role (and instansi for operators); returns the secret once. */
  async issue(name: string, role: Role, instansi = '', owner?: { sub: string; expiresAt: number }): Promise<{ token: string; prefix: string }> {
    const token = newToken('pnt')
    const now = Date.now()
    await this.storage.insertRows('api_tokens', [
      {
        token_hash: hashToken(token),
        token_prefix: token.slice(0, 8),
        name,
        role,
        instansi,
        owner_sub: owner?.sub ?? '',
        expires_at: owner?.expiresAt ?? null,
        created_at: now,
        updated_at: now,
        deleted: 0,
      },
    ])
    return { token, prefix: token.slice(0, 8) }
  }

  /** Tokens (never their secrets): name, role, instansi and the prefix that identifies them; `owner`: one person's. */
  list(owner?: string): Promise<TokenInfo[]> {
    return this.storage.rows(
      InfoRow,
      `SELECT ${INFO} FROM api_tokens FINAL WHERE deleted = 0 ${owner === undefined ? '' : 'AND owner_sub = {o:String}'} ORDER BY created_at`,
      owner === undefined ? {} : { o: owner },
    )
  }

  /**
   * Revoke every token with this prefix (`owner`: only that person's); the next
   * request with it is a 401. Answers the tokens revoked (none: unknown prefix).
   */
  async revoke(prefix: string, owner?: string): Promise<Array<{ name: string; role: string; instansi: string }>> {
    const rows = await this.storage.rows(
      StoredToken,
      `SELECT token_hash, token_prefix, name, role, instansi, owner_sub, expires_at, created_at FROM api_tokens FINAL
       WHERE deleted = 0 AND token_prefix = {p:String} ${owner === undefined ? '' : 'AND owner_sub = {o:String}'}`,
      owner === undefined ? { p: prefix } : { p: prefix, o: owner },
    )
    if (rows.length === 0) return []
    const now = Date.now()
    await this.storage.insertRows(
      'api_tokens',
      rows.map((r) => ({ ...r, updated_at: now, deleted: 1 })),
    )
    for (const r of rows) this.cache.delete(r.token_hash)
    return rows.map(({ name, role, instansi }) => ({ name, role, instansi }))
  }
}
