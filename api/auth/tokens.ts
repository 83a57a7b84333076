/**
 * Bearer tokens. The admin token comes from PANTAU_ADMIN_TOKEN or is
 * generated once into the data directory; other tokens live hashed in the
 * `api_tokens` table. Lookups are cached briefly.
 */
import { randomBytes } from 'node:crypto'
import { hashToken } from '../../collector/registry-cache.js'
import type { Storage } from '../../storage/client.js'
import { type Principal, Role } from './principal.js'

export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`
}

interface TokenRow {
  name: string
  role: string
  instansi: string
}

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
    const rows = await this.storage.query<TokenRow>(
      'SELECT name, role, instansi FROM api_tokens FINAL WHERE token_hash = {h:String} AND deleted = 0',
      { h },
    )
    const row = rows[0]
    const role = row ? Role.safeParse(row.role) : undefined
    const principal = row && role?.success ? { name: row.name, role: role.data, instansi: row.instansi || undefined } : undefined
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
}
