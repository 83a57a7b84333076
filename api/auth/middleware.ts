/**
 * The one gate in front of every route: find the route the request matched,
 * look it up in the route policy (policy.ts), and then — unless it is public —
 * authenticate the caller and check the caller's role, all before the
 * route's validators and handler run. A caller is a bearer token (machines,
 * scripts) or a browser session cookie (session-auth.ts); a write with a
 * session cookie must carry the session's X-CSRF-Token, else 403. A matched route without a policy entry
 * is refused (403); a request that matches no route is left to the 404
 * handler (after authentication under /v1, as before).
 *
 * The principal a handler sees carries the client address (trusted proxies
 * honoured), which the audit log records.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import { forbidden, unauthorized } from '../../shared/http/problem.js'
import type { Principal } from '../../shared/access/principal.js'
import type { TokenStore } from '../../shared/access/tokens.js'
import { clientAddress } from './address.js'
import { policyOf } from './policy.js'
import type { ResolvedSession, SessionAuth } from './session-auth.js'

export type AuthEnv = { Variables: { principal: Principal; session?: ResolvedSession } }

/** Routes registered with app.use (middleware) are 'ALL'; the first other one answers the request. */
function answeringRoute(c: Context): { method: string; path: string } | undefined {
  return matchedRoutes(c).find((r) => r.method !== 'ALL')
}

async function authenticate(c: Context<AuthEnv>, tokens: TokenStore, trustedProxies: readonly string[], sessions?: SessionAuth): Promise<Principal> {
  const header = c.req.header('authorization')
  let resolved: Principal | undefined
  if (header === undefined && sessions?.hasCookie(c)) {
    const session = await sessions.resolve(c)
    if (!session) throw unauthorized('the session has expired or was signed out: sign in again')
    if (!sessions.csrfOk(c, session.id))
      throw forbidden('a write with a session cookie needs the X-CSRF-Token header (csrf_token of GET /v1/me)', 'X-CSRF-Token')
    c.set('session', session)
    resolved = session.principal
  } else {
    if (!header?.startsWith('Bearer ')) throw unauthorized('Authorization: Bearer <token> (or a session cookie) is required')
    const token = await tokens.resolve(header.slice(7).trim())
    if (!token) throw unauthorized('unknown, expired or revoked token')
    resolved = { ...token, via: 'token' }
  }
  // a copy: resolved principals are cached and shared between requests
  const principal = { ...resolved, address: clientAddress(trustedProxies, c) }
  c.set('principal', principal)
  return principal
}

export function guard(tokens: TokenStore, trustedProxies: readonly string[] = [], sessions?: SessionAuth): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const route = answeringRoute(c)
    if (!route) {
      if (c.req.path.startsWith('/v1/')) await authenticate(c, tokens, trustedProxies, sessions)
      return next()
    }
    const policy = policyOf(route.method, route.path)
    if (policy?.allow === 'public') return next()
    const principal = await authenticate(c, tokens, trustedProxies, sessions)
    if (!policy) throw forbidden(`${route.method} ${route.path} has no access policy: denied to every role`)
    if (!policy.allow.includes(principal.role)) throw forbidden(`role '${principal.role}' may not do this; needs one of ${policy.allow.join(', ')}`)
    if (policy.scope === 'instansi' && principal.role === 'operator') scopeInstansi(principal, c.req.query('instansi'))
    return next()
  }
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
