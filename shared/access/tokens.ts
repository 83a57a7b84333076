/**
 * Bearer tokens. The admin token comes from PANTAU_ADMIN_TOKEN or is
 * generated once into the data directory; other tokens live hashed in the
 * `api_tokens` table. Lookups are cached briefly.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { hashToken } from '../registry/cache.js'
import type { Storage } from '../../storage/client.js'
import { chMs } from '../../storage/columns.js'
import { type Principal, Role } from './principal.js'

export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`
}

/** Tokens remembered (known and unknown); the oldest is forgotten first. */
const MAX_CACHED = 10_000

/** A token as listed: never its secret, only the prefix that identifies it. */
export const TokenInfo = z.object({ prefix: z.string(), name: z.string(), role: z.string(), instansi: z.string(), created_at: z.string() })
export type TokenInfo = z.infer<typeof TokenInfo>

const TokenRow = z.object({ name: z.string(), role: z.string(), instansi: z.string() })
/** A stored version of a token, rewritten as deleted on revocation. */
const StoredToken = TokenRow.extend({ token_hash: z.string(), token_prefix: z.string(), created_at: chMs })

export class TokenStore {
  private cache = new Map<string, { principal: Principal | undefined; at: number }>()
  private readonly adminHash: string

  constructor(
    private readonly storage: Storage,
    adminToken: string,
    private readonly ttlMs = 5_000,
  ) {
    this.adminHash = hashToken(adminToken)
  }

  async resolve(token: string): Promise<Principal | undefined> {
    const h = hashToken(token)
    if (h === this.adminHash) return { name: 'admin', role: 'admin' }
    const hit = this.cache.get(h)
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.principal
    const rows = await this.storage.rows(TokenRow, 'SELECT name, role, instansi FROM api_tokens FINAL WHERE token_hash = {h:String} AND deleted = 0', { h })
    const row = rows[0]
    const role = row ? Role.safeParse(row.role) : undefined
    const principal = row && role?.success ? { name: row.name, role: role.data, instansi: row.instansi || undefined } : undefined
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string)
    this.cache.set(h, { principal, at: Date.now() })
    return principal
  }

  /** Issue a token for a role (and instansi for operators); returns the secret once. */
  async issue(name: string, role: Role, instansi = ''): Promise<{ token: string; prefix: string }> {
    const token = newToken('pnt')
    const now = Date.now()
    await this.storage.insertRows('api_tokens', [
      { token_hash: hashToken(token), token_prefix: token.slice(0, 8), name, role, instansi, created_at: now, updated_at: now, deleted: 0 },
    ])
    return { token, prefix: token.slice(0, 8) }
  }

  /** Tokens (never their secrets): name, role, instansi and the prefix that identifies them. */
  list(): Promise<TokenInfo[]> {
    return this.storage.rows(
      TokenInfo,
      `SELECT token_prefix AS prefix, name, role, instansi, toString(created_at) AS created_at
       FROM api_tokens FINAL WHERE deleted = 0 ORDER BY created_at`,
    )
  }

  /** Revoke every token with this prefix; the next request with it is a 401. Answers the tokens revoked (none: unknown prefix). */
  async revoke(prefix: string): Promise<Array<{ name: string; role: string; instansi: string }>> {
    const rows = await this.storage.rows(
      StoredToken,
      'SELECT token_hash, token_prefix, name, role, instansi, created_at FROM api_tokens FINAL WHERE deleted = 0 AND token_prefix = {p:String}',
      { p: prefix },
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
