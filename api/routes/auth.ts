/**
 * Signing in and out of the web UI (outside /v1/openapi.json; public in the
 * route policy, each route checks what it needs itself):
 *
 * - `GET /auth/session`: who the browser's session cookie stands for, and
 *   which sign-in methods this server offers (always 200: the sign-in page
 *   asks it at every start, and a 401 would show as a failed request);
 * - `POST /auth/token-session`: a pasted bearer token exchanged for a session
 *   cookie, so the browser keeps no token (PANTAU_TOKEN_SIGNIN=false: the
 *   admin token only, as break-glass);
 * - `GET /auth/login` → the identity provider → `GET /auth/callback`: OpenID
 *   Connect single sign-on (authorization code, PKCE, state, nonce);
 * - `GET /auth/logout` (a confirmation page) and `POST /auth/logout` (with the
 *   session's CSRF token): ends the session here and, for SSO sessions, at
 *   the provider (RP-initiated logout) when it offers that.
 *
 * Every failure of the SSO round trip is a page in Bahasa Indonesia (pages.ts).
 */
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Context } from 'hono'
import { z } from 'zod'
import { audit } from '../../shared/access/audit.js'
import { personFromClaims } from '../../shared/access/claims.js'
import type { Principal } from '../../shared/access/principal.js'
import { csrfOf } from '../../shared/access/sealed.js'
import { hashToken } from '../../shared/registry/cache.js'
import { errorReference } from '../../shared/http/problem.js'
import { clientAddress } from '../auth/address.js'
import { OidcFailure, type FailureReason } from '../auth/oidc.js'
import { authPage, hidden, postForm } from '../auth/pages.js'
import type { SessionAuth } from '../auth/session-auth.js'
import type { ApiApp, ApiDeps } from '../deps.js'

/** Where the app may send the browser after sign-in: one of its own hash routes. */
const NEXT = /^#\/[A-Za-z0-9/_?&=.,:%-]{0,200}$/

const FAILURE: Record<FailureReason, { status: 400 | 403 | 502 | 503; key: string }> = {
  unavailable: { status: 503, key: 'auth.unavailable' },
  state: { status: 400, key: 'auth.state' },
  denied: { status: 403, key: 'auth.denied' },
  code: { status: 502, key: 'auth.code' },
  expired: { status: 400, key: 'auth.expired' },
  token: { status: 400, key: 'auth.token' },
  failed: { status: 502, key: 'auth.failed' },
}

const TokenBody = z.object({ token: z.string().trim().min(1).max(512) })

/** The identity a session stands for, as /auth/session and /v1/me tell it. */
export function identity(p: Principal, sessionId?: string) {
  return { sub: p.sub ?? '', name: p.name, email: p.email ?? '', role: p.role, instansi: p.instansi ?? '', csrf_token: sessionId ? csrfOf(sessionId) : '' }
}

export function registerAuth(app: ApiApp, deps: ApiDeps, auth: SessionAuth): void {
  const { config, sessions, pending, people, oidc, log } = auth.deps
  const address = (c: Context) => clientAddress(deps.trustedProxies ?? [], c)
  const noStore = { 'cache-control': 'no-store' }
  const fail = (c: Context, reason: FailureReason, cause?: unknown) => {
    const f = FAILURE[reason]
    const reference = reason === 'failed' || reason === 'code' ? errorReference() : undefined
    if (cause) log.warn({ reason, reference, error: (cause as Error).message }, `oidc: sign-in failed (${reason})`)
    return authPage(c, f.status, { title: 'auth.title.failed', lines: [[f.key]], reference, link: { href: '/auth/login', key: 'auth.retry' } })
  }

  app.get('/auth/session', async (c) => {
    const s = await auth.resolve(c)
    if (!s && auth.hasCookie(c)) auth.clearCookie(c)
    const me = s ? identity({ ...s.principal }, s.id) : null
    return c.json({ signed_in: s !== undefined, me, sso: oidc !== undefined, token_signin: config.tokenSignin }, 200, noStore)
  })

  // Always 200 with ok: a refused token is an answer for the sign-in form, not a failed request in the console.
  app.post('/auth/token-session', bodyLimit({ maxSize: 4096, onError: (c) => c.json({ ok: false, reason: 'invalid' }, 413) }), async (c) => {
    if (!/^application\/json\b/.test(c.req.header('content-type') ?? '')) return c.json({ ok: false, reason: 'invalid' }, 415)
    const body = TokenBody.safeParse(await c.req.json().catch(() => ({})))
    if (!body.success) return c.json({ ok: false, reason: 'invalid' }, 200, noStore)
    const tokenHash = hashToken(body.data.token)
    const p = await deps.tokens.resolveHash(tokenHash)
    if (!p || p.role === 'collector') return c.json({ ok: false, reason: 'invalid' }, 200, noStore)
    if (!config.tokenSignin && !deps.tokens.isAdminHash(tokenHash)) return c.json({ ok: false, reason: 'disabled' }, 200, noStore)
    const where = address(c)
    const { id } = await sessions.create({
      sub: p.sub ?? '',
      name: p.name,
      email: '',
      role: p.role,
      instansi: p.instansi ?? '',
      method: 'token',
      tokenHash,
      address: where,
    })
    await endCurrent(c, where)
    auth.setCookie(c, id)
    const principal = { ...p, via: 'session' as const, address: where }
    await audit(deps.storage, principal, { action: 'session.create', resource: p.sub || p.name, detail: { method: 'token' } })
    return c.json({ ok: true, me: identity(principal, id) }, 200, noStore)
  })

  /** Sign-in replaces whatever session the browser had (a new id every time). */
  async function endCurrent(c: Context, where: string): Promise<void> {
    const id = getCookie(c, auth.cookie)
    const old = id ? await sessions.find(id) : undefined
    if (old) await auth.endSession(old, 'replaced', where)
  }

  app.get('/auth/login', async (c) => {
    if (!oidc) return authPage(c, 404, { title: 'auth.title.failed', lines: [['auth.not_configured']] })
    const next = c.req.query('next') ?? ''
    try {
      const req = await oidc.authorizationRequest()
      const id = await pending.create({ state: req.state, nonce: req.nonce, verifier: req.verifier, next: NEXT.test(next) ? next : '' })
      setCookie(c, auth.signinCookie, id, { path: '/auth', httpOnly: true, sameSite: 'Lax', secure: auth.secure, maxAge: 600 })
      c.header('cache-control', 'no-store')
      return c.redirect(req.url.href, 302)
    } catch (e) {
      return fail(c, e instanceof OidcFailure ? e.reason : 'failed', e)
    }
  })

  app.get('/auth/callback', async (c) => {
    if (!oidc || !auth.rules) return authPage(c, 404, { title: 'auth.title.failed', lines: [['auth.not_configured']] })
    const pendingId = getCookie(c, auth.signinCookie)
    deleteCookie(c, auth.signinCookie, { path: '/auth', secure: auth.secure })
    const expected = pendingId ? await pending.take(pendingId) : undefined
    if (!expected) return authPage(c, 400, { title: 'auth.title.failed', lines: [['auth.missing']], link: { href: '/auth/login', key: 'auth.retry' } })
    let grant: Awaited<ReturnType<typeof oidc.callback>>
    try {
      grant = await oidc.callback(new URL(c.req.url).searchParams, expected)
    } catch (e) {
      return fail(c, e instanceof OidcFailure ? e.reason : 'failed', e)
    }
    const verdict = personFromClaims(grant.claims, auth.rules)
    const where = address(c)
    if (!verdict.ok) {
      await people.record({ sub: verdict.sub, name: verdict.name, email: '', role: '', instansi: '' })
      log.info({ sub: verdict.sub, reason: verdict.reason, values: verdict.values }, 'oidc: sign-in refused: no Pantau role')
      const roles: [string, Record<string, string>?] = verdict.values.length ? ['auth.roles_seen', { roles: verdict.values.join(', ') }] : ['auth.roles_none']
      return authPage(c, 403, {
        title: 'auth.no_role.title',
        lines: [[verdict.reason === 'no-role' ? 'auth.no_role' : 'auth.no_instansi', { name: verdict.name }], roles],
      })
    }
    const person = verdict.person
    await people.record(person)
    await endCurrent(c, where)
    const { id } = await sessions.create({ ...person, method: 'oidc', secrets: grant.secrets, address: where })
    auth.setCookie(c, id)
    const principal: Principal = {
      name: person.name,
      role: person.role,
      sub: person.sub,
      email: person.email,
      instansi: person.instansi || undefined,
      address: where,
    }
    await audit(deps.storage, principal, { action: 'session.create', resource: person.sub, detail: { method: 'oidc', email: person.email } })
    c.header('cache-control', 'no-store')
    return c.redirect(`/${expected.next || '#/nasional'}`, 302)
  })

  app.get('/auth/logout', async (c) => {
    const s = await auth.resolve(c)
    if (!s) return c.redirect('/', 302)
    return authPage(c, 200, {
      title: 'auth.signout.title',
      lines: [['auth.signout.text']],
      action: postForm('/auth/logout', hidden('csrf_token', csrfOf(s.id)), 'auth.signout.submit'),
    })
  })

  app.post('/auth/logout', bodyLimit({ maxSize: 4096 }), async (c) => {
    const id = getCookie(c, auth.cookie)
    const row = id ? await sessions.find(id) : undefined
    if (!id || !row) {
      auth.clearCookie(c)
      return c.redirect('/', 303)
    }
    const form = /^application\/x-www-form-urlencoded\b/.test(c.req.header('content-type') ?? '') ? await c.req.parseBody().catch(() => ({})) : {}
    const given = typeof (form as Record<string, unknown>).csrf_token === 'string' ? String((form as Record<string, unknown>).csrf_token) : undefined
    if (!auth.csrfOk(c, id, given)) return c.redirect('/auth/logout', 303)
    const secrets = sessions.secretsOf(id, row)
    await auth.endSession(row, 'signed-out', address(c))
    auth.clearCookie(c)
    const base = auth.deps.publicUrl ?? new URL(c.req.url).origin
    const provider = row.method === 'oidc' && oidc ? await oidc.endSessionUrl(`${base}/`, secrets.id_token) : undefined
    c.header('cache-control', 'no-store')
    return c.redirect(provider?.href ?? '/', 303)
  })
}
