/** Bearer authentication and role checks for API routes. */
import type { MiddlewareHandler } from 'hono'
import { forbidden, unauthorized } from '../../shared/http/problem.js'
import type { Principal, Role } from '../../shared/access/principal.js'
import type { TokenStore } from '../../shared/access/tokens.js'

export type AuthEnv = { Variables: { principal: Principal } }

export function authenticate(tokens: TokenStore): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization')
    if (!header?.startsWith('Bearer ')) throw unauthorized('Authorization: Bearer <token> is required')
    const principal = await tokens.resolve(header.slice(7).trim())
    if (!principal) throw unauthorized('unknown or revoked token')
    c.set('principal', principal)
    await next()
  }
}

export function requireRole(principal: Principal, roles: readonly Role[]): void {
  if (!roles.includes(principal.role)) throw forbidden(`role '${principal.role}' may not do this; needs one of ${roles.join(', ')}`)
}

/**
 * The instansi a request may see. Operators are confined to their own: asking
 * for another is 403; asking for none means their own.
 */
export function scopeInstansi(principal: Principal, requested: string | undefined, field = 'instansi'): string | undefined {
  if (principal.role !== 'operator') return requested
  if (!principal.instansi) throw forbidden('this operator token is bound to no instansi')
  if (requested !== undefined && requested !== principal.instansi)
    throw forbidden(`operator of '${principal.instansi}' may not read instansi '${requested}'`, field)
  return principal.instansi
}
