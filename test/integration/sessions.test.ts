/**
 * Browser sessions without an identity provider (api/routes/auth.ts,
 * api/auth/session-auth.ts, shared/access/sessions.ts) on the embedded
 * engine: a pasted token is exchanged for an HttpOnly, SameSite=Lax cookie
 * whose id is stored only as a hash; writes with the cookie need the
 * session's X-CSRF-Token (bearer tokens do not); a tampered or unknown
 * cookie is 401; idle and absolute timeouts end a session (a test clock); a
 * session made by one API process works in another over the same storage;
 * signing out ends it everywhere; revoking the token behind a token session
 * ends the session; with token sign-in off only the admin token signs in;
 * and GET /v1/admin/audit lists who did what, filtered by actor and time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../../api/app.js'
import { AuthConfig } from '../../api/auth/config.js'
import { createAuth } from '../../api/auth/setup.js'
import { TokenStore } from '../../shared/access/tokens.js'
import { createReportServices } from '../../reports/generate.js'
import { createReportsPort } from '../../reports/port.js'
import { startTestStack, type TestStack } from '../support/stack.js'
import { waitFor } from '../support/wait.js'

let stack: TestStack
let operator: string

/** Another API "process" over the same storage, with its own sign-in settings and clock. */
function otherApi(config: Partial<AuthConfig> = {}, now?: () => number, publicUrl?: string) {
  const storage = stack.storage!
  const tokens = new TokenStore(storage, stack.adminToken)
  return createApi({
    storage,
    tokens,
    readiness: { check: async () => [] },
    reports: createReportsPort(storage, createReportServices(storage)),
    auth: createAuth(storage, { ...AuthConfig.parse({}), ...config }, { now, people: tokens.people, publicUrl }),
  })
}

type Fetch = (path: string, init?: RequestInit) => Promise<Response>
const viaStack: Fetch = (path, init) => fetch(stack.api + path, init)

async function tokenSession(token: string, f: Fetch = viaStack): Promise<{ cookie: string; csrf: string; setCookie: string; body: any }> {
  const res = await f('/auth/token-session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
  expect(res.status).toBe(200)
  const body = await res.json()
  const setCookie = res.headers.get('set-cookie') ?? ''
  return { cookie: setCookie.split(';')[0]!, csrf: body.me?.csrf_token ?? '', setCookie, body }
}

const me = async (cookie: string, f: Fetch = viaStack) => {
  const res = await f('/v1/me', { headers: { cookie } })
  return { status: res.status, body: res.status === 200 ? (await res.json()).data : undefined }
}

beforeAll(async () => {
  stack = await startTestStack()
  await stack.gateway('kota-a', { kind: 'kota' })
  operator = (await stack.call('POST', '/v1/admin/tokens', { name: 'Operator Kota A', role: 'operator', instansi: 'kota-a' })).body.data.token
})
afterAll(() => stack?.stop())

describe('token sessions', () => {
  it('exchange a pasted token for an HttpOnly SameSite=Lax cookie; the table holds only its hash', async () => {
    const s = await tokenSession(operator)
    expect(s.body).toMatchObject({ ok: true, me: { name: 'Operator Kota A', role: 'operator', instansi: 'kota-a', sub: '' } })
    expect(s.setCookie).toMatch(/^pantau_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/)
    const id = s.cookie.split('=')[1]!
    const rows = await stack.storage!.query<{ id_hash: string }>('SELECT id_hash FROM sessions')
    expect(rows.length).toBeGreaterThan(0)
    expect(JSON.stringify(rows)).not.toContain(id)
    expect(await me(s.cookie)).toEqual({
      status: 200,
      body: { sub: '', name: 'Operator Kota A', email: '', role: 'operator', instansi: 'kota-a', csrf_token: s.csrf },
    })
    const session = await (await fetch(`${stack.api}/auth/session`, { headers: { cookie: s.cookie } })).json()
    expect(session).toMatchObject({ signed_in: true, sso: false, token_signin: true, me: { role: 'operator' } })
    // the operator is still confined to its instansi
    expect((await fetch(`${stack.api}/v1/metrics/overview?instansi=kota-b`, { headers: { cookie: s.cookie } })).status).toBe(403)
    expect((await fetch(`${stack.api}/v1/metrics/overview?instansi=kota-a`, { headers: { cookie: s.cookie } })).status).toBe(200)
  })

  it('behind an https public URL the cookie is Secure and __Host- named', async () => {
    const app = otherApi({}, undefined, 'https://pantau.example.go.id')
    const s = await tokenSession(operator, (p, i) => Promise.resolve(app.request(p, i)))
    expect(s.setCookie).toMatch(/^__Host-pantau_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
    expect((await app.request('/v1/me', { headers: { cookie: s.cookie } })).status).toBe(200)
    expect((await app.request('/v1/me', { headers: { cookie: s.cookie.replace('__Host-', '') } })).status).toBe(401)
  })

  it('refuses unknown tokens, collector tokens and non-JSON posts without a failed request', async () => {
    expect((await tokenSession('pnt_not-a-token-at-all')).body).toEqual({ ok: false, reason: 'invalid' })
    const collector = (await stack.call('POST', '/v1/admin/tokens', { name: 'svc', role: 'collector' })).body.data.token
    expect((await tokenSession(collector)).body).toEqual({ ok: false, reason: 'invalid' })
    const form = await fetch(`${stack.api}/auth/token-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${operator}`,
    })
    expect(form.status).toBe(415)
    const anonymous = await (await fetch(`${stack.api}/auth/session`)).json()
    expect(anonymous).toEqual({ signed_in: false, me: null, sso: false, token_signin: true })
  })

  it('writes with the cookie need the X-CSRF-Token; bearer tokens do not', async () => {
    const s = await tokenSession(operator)
    const post = (headers: Record<string, string>, name: string) =>
      fetch(`${stack.api}/v1/registry/consumers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ instansi: 'kota-a', name }),
      })
    const without = await post({ cookie: s.cookie }, 'Tanpa CSRF')
    expect(without.status).toBe(403)
    expect(await without.json()).toMatchObject({ field: 'X-CSRF-Token' })
    expect((await post({ cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) }, 'CSRF salah')).status).toBe(403)
    const ok = await post({ cookie: s.cookie, 'x-csrf-token': s.csrf }, 'Dengan CSRF')
    expect(ok.status).toBe(201)
    expect((await post({ authorization: `Bearer ${operator}` }, 'Dengan bearer')).status).toBe(201)
    const names = (await stack.call('GET', '/v1/registry/consumers?instansi=kota-a')).body.data.map((c: { name: string }) => c.name)
    expect(names).toContain('Dengan CSRF')
    expect(names).not.toContain('Tanpa CSRF')
  })

  it('a tampered, unknown or malformed cookie is 401', async () => {
    const s = await tokenSession(operator)
    const id = s.cookie.split('=')[1]!
    const tampered = `pantau_session=${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`
    for (const cookie of [tampered, 'pantau_session=abc', `pantau_session=${'A'.repeat(43)}`]) {
      const res = await fetch(`${stack.api}/v1/me`, { headers: { cookie } })
      expect(res.status, cookie).toBe(401)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
    }
    expect((await me(s.cookie)).status).toBe(200)
  })

  it('signing out ends the session (the old cookie is 401), and needs the CSRF token', async () => {
    const s = await tokenSession(operator)
    const noCsrf = await fetch(`${stack.api}/auth/logout`, { method: 'POST', headers: { cookie: s.cookie }, redirect: 'manual' })
    expect(noCsrf.status).toBe(303)
    expect(noCsrf.headers.get('location')).toBe('/auth/logout') // the confirmation page, session untouched
    expect((await me(s.cookie)).status).toBe(200)
    const confirm = await (await fetch(`${stack.api}/auth/logout`, { headers: { cookie: s.cookie } })).text()
    expect(confirm).toContain('Keluar dari Pantau?')
    expect(confirm).toContain(`value="${s.csrf}"`)
    const out = await fetch(`${stack.api}/auth/logout`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf_token=${s.csrf}`,
      redirect: 'manual',
    })
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/')
    expect(out.headers.get('set-cookie')).toMatch(/^pantau_session=; Max-Age=0/)
    expect((await me(s.cookie)).status).toBe(401)
  })

  it('revoking the token behind a token session ends the session', async () => {
    const issued = (await stack.call('POST', '/v1/admin/tokens', { name: 'Asesor sementara', role: 'asesor' })).body.data
    const s = await tokenSession(issued.token)
    expect((await me(s.cookie)).status).toBe(200)
    expect((await stack.call('DELETE', `/v1/admin/tokens/${issued.prefix}`)).status).toBe(200)
    expect((await me(s.cookie)).status).toBe(401)
  })
})

describe('sessions across processes and time', () => {
  it('a session made by one API process works in another over the same storage, and sign-out there ends it here', async () => {
    const other = otherApi()
    const s = await tokenSession(operator)
    expect((await me(s.cookie, (p, i) => Promise.resolve(other.request(p, i)))).body?.name).toBe('Operator Kota A')
    const out = await other.request('/auth/logout', { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })
    expect(out.status).toBe(303)
    // the stack's own process caches a session for at most 2 s
    await waitFor('the signed-out session refused by the other process', async () => (await me(s.cookie)).status === 401, 5_000)
  })

  it('idle and absolute timeouts end a session (as configured now)', async () => {
    let now = Date.now()
    const app = otherApi({ sessionIdleS: 60, sessionAbsoluteS: 300 }, () => now)
    const f: Fetch = (p, i) => Promise.resolve(app.request(p, i))
    const idle = await tokenSession(operator, f)
    now += 59_000
    expect((await me(idle.cookie, f)).status).toBe(200) // used: the idle clock starts again
    now += 59_000
    expect((await me(idle.cookie, f)).status).toBe(200)
    now += 61_000
    expect((await me(idle.cookie, f)).status).toBe(401)

    const busy = await tokenSession(operator, f)
    for (let i = 0; i < 10; i++) {
      now += 29_000
      expect((await me(busy.cookie, f)).status, `after ${(i + 1) * 29} s`).toBe(200)
    }
    now += 20_000 // 310 s after sign-in, used every 29 s
    expect((await me(busy.cookie, f)).status).toBe(401)
  })

  it('with token sign-in off, only the admin token signs in (break-glass); bearer tokens still work', async () => {
    const app = otherApi({ tokenSignin: false })
    const f: Fetch = (p, i) => Promise.resolve(app.request(p, i))
    expect((await tokenSession(operator, f)).body).toEqual({ ok: false, reason: 'disabled' })
    const admin = await tokenSession(stack.adminToken, f)
    expect(admin.body).toMatchObject({ ok: true, me: { role: 'admin', name: 'admin' } })
    expect((await me(admin.cookie, f)).status).toBe(200)
    // a token session made while token sign-in was on ends where it is off
    const before = await tokenSession(operator)
    expect((await me(before.cookie, f)).status).toBe(401)
    expect((await app.request('/v1/metrics/overview?instansi=kota-a', { headers: { authorization: `Bearer ${operator}` } })).status).toBe(200)
    expect(await (await app.request('/auth/session')).json()).toMatchObject({ token_signin: false, sso: false })
  })
})

describe('the audit log', () => {
  it('lists writes and sign-ins with actor, subject, address and time, filtered by actor and range (admin only)', async () => {
    const from = new Date(Date.now() - 1000).toISOString()
    const s = await tokenSession(operator)
    const made = await fetch(`${stack.api}/v1/registry/consumers`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ instansi: 'kota-a', name: 'Aplikasi Audit Sesi' }),
    })
    expect(made.status).toBe(201)
    const id = (await made.json()).data.id
    const res = await stack.call('GET', `/v1/admin/audit?actor=${encodeURIComponent('Operator Kota A')}&from=${from}&to=now`)
    expect(res.status).toBe(200)
    const actions = res.body.data.map((r: { action: string; resource: string }) => `${r.action} ${r.resource}`)
    expect(actions).toContain(`consumer.create ${id}`)
    expect(actions).toContain('session.create Operator Kota A')
    const row = res.body.data.find((r: { resource: string }) => r.resource === id)
    expect(row).toMatchObject({ actor: 'Operator Kota A', subject: '', role: 'operator', instansi: 'kota-a', address: '127.0.0.1' })
    expect(Date.parse(row.ts)).toBeGreaterThan(Date.parse(from))
    expect((await stack.call('GET', `/v1/admin/audit?actor=nobody&from=${from}`)).body.data).toEqual([])
    expect((await stack.call('GET', '/v1/admin/audit?from=yesterday')).status).toBe(400)
    expect((await stack.call('GET', '/v1/admin/audit', undefined, operator)).status).toBe(403)
    expect((await fetch(`${stack.api}/v1/admin/audit`, { headers: { cookie: s.cookie } })).status).toBe(403)
  })
})
