/**
 * OpenID Connect single sign-on against a real provider (oidc-provider,
 * scripts/oidc-dev-provider.ts), driven over HTTP with a cookie jar
 * (test/support/agent.ts; test/e2e/sso.test.ts does the same in Chromium):
 *
 * - the provider down at start-up is a log line and a retry, the sign-in
 *   page a clear 503, and sign-in works once the provider is up;
 * - roles come from `roles`, Keycloak's `realm_access.roles` or `groups`,
 *   mapped by PANTAU_OIDC_ROLE_MAP, instansi from `instansi`; no mapped role
 *   (or an operator without instansi) is a page that says so and no session;
 * - a callback with a wrong state, or an ID token with another sign-in's
 *   nonce, is refused; a callback cannot be replayed;
 * - a role taken away at the provider ends the session at its next refresh,
 *   and the person's personal tokens at their next sign-in;
 * - personal tokens carry the person's role and instansi and expire;
 * - writes are audited with the person's sub; sign-out ends the session here
 *   and at the provider (RP-initiated logout).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEV_ROLE_MAP, type DevProvider, startDevProvider } from '../../scripts/oidc-dev-provider.js'
import { freePort } from '../../scripts/process.js'
import { type Stack, startStack } from '../../server/stack.js'
import { Agent } from '../support/agent.js'
import { tempDir } from '../support/temp.js'
import { waitFor } from '../support/wait.js'

const ACCOUNTS = {
  ana: { password: 'rahasia-ana', claims: { name: 'Ana Operator', email: 'ana@kota-a.go.id', groups: ['/pantau-operator'], instansi: 'kota-a' } },
  budi: { password: 'rahasia-budi', claims: { name: 'Budi Koordinator', email: 'budi@spbe.go.id', realm_access: { roles: ['spbe-koordinator'] } } },
  citra: { password: 'rahasia-citra', claims: { name: 'Citra Admin', roles: ['pantau-admin'] } },
  dedi: { password: 'rahasia-dedi', claims: { name: 'Dedi Tamu', roles: ['staf'] } },
  eka: { password: 'rahasia-eka', claims: { name: 'Eka Tanpa Instansi', roles: ['pantau-operator'] } },
}
const SECRET = 'pantau-test-client-secret'

let stack: Stack
let provider: DevProvider | undefined
let api: string
let providerPort: number
let adminToken: string
const lines: string[] = []

const admin = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(api + path, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

/** A signed-in agent (the SSO round trip ends on Pantau's shell) and its session's CSRF token. */
async function signedIn(login: keyof typeof ACCOUNTS): Promise<{ agent: Agent; csrf: string }> {
  const agent = new Agent()
  const hops = await agent.ssoSignIn(api, login, ACCOUNTS[login].password)
  const callback = hops.find((h) => h.url.startsWith(`${api}/auth/callback`))
  expect(callback?.status, hops.map((h) => `${h.status} ${h.url}`).join('\n')).toBe(302)
  expect(callback?.location).toBe(`${api}/#/nasional`)
  expect(agent.cookie(api, 'pantau_session')).toMatch(/^[A-Za-z0-9_-]{43}$/)
  const me = await agent.fetch(`${api}/v1/me`)
  expect(me.status).toBe(200)
  return { agent, csrf: JSON.parse(me.body).data.csrf_token }
}

const status = async (agent: Agent, path: string) => (await agent.fetch(api + path)).status

beforeAll(async () => {
  const apiPort = await freePort()
  providerPort = await freePort()
  api = `http://127.0.0.1:${apiPort}`
  stack = await startStack({
    roles: new Set(['api']),
    env: {
      ...process.env,
      PANTAU_DATA_DIR: tempDir(),
      PANTAU_API_HOST: '127.0.0.1',
      PANTAU_API_PORT: String(apiPort),
      PANTAU_PUBLIC_URL: api,
      PANTAU_OIDC_ISSUER: `http://127.0.0.1:${providerPort}`,
      PANTAU_OIDC_CLIENT_ID: 'pantau',
      PANTAU_OIDC_CLIENT_SECRET: SECRET,
      PANTAU_OIDC_ROLE_MAP: DEV_ROLE_MAP,
      PANTAU_SESSION_REFRESH_S: '1',
      PANTAU_ALERT_ENABLED: 'false',
      PANTAU_REPORT_SCHEDULE: 'off',
    },
    log: (line) => void lines.push(line),
  })
  adminToken = stack.adminToken!
  for (const code of ['kota-a', 'kota-b']) expect((await admin('POST', '/v1/registry/instansi', { code, name: `Kota ${code}`, kind: 'kota' })).status).toBe(201)
})
afterAll(async () => {
  await stack?.stop()
  await provider?.stop()
})

describe('the provider at start-up', () => {
  it('unreachable: a log line and a retry, a clear page, then sign-in once it is up', async () => {
    await waitFor('the unreachable-provider log line', () =>
      lines.some((l) => l.includes(`oidc: provider http://127.0.0.1:${providerPort} unreachable; retrying in`)),
    )
    const down = await fetch(`${api}/auth/login`, { redirect: 'manual' })
    expect(down.status).toBe(503)
    expect(down.headers.get('content-type')).toContain('text/html')
    const text = await down.text()
    expect(text).toContain('Penyedia identitas (SSO) tidak dapat dihubungi')
    expect(text).not.toMatch(/at .*\.ts:\d+|TypeError|ECONNREFUSED/)
    expect(await (await fetch(`${api}/auth/session`)).json()).toMatchObject({ sso: true, token_signin: true })

    provider = await startDevProvider({
      port: providerPort,
      clientSecret: SECRET,
      redirectUris: [`${api}/auth/callback`],
      postLogoutRedirectUris: [`${api}/`],
      accounts: ACCOUNTS,
    })
    const up = await waitFor('sign-in redirecting to the provider', async () => {
      const res = await fetch(`${api}/auth/login`, { redirect: 'manual' })
      return res.status === 302 ? res.headers.get('location') : undefined
    })
    const auth = new URL(up!)
    expect(auth.origin).toBe(provider.issuer)
    expect(Object.fromEntries(auth.searchParams)).toMatchObject({
      client_id: 'pantau',
      response_type: 'code',
      redirect_uri: `${api}/auth/callback`,
      code_challenge_method: 'S256',
      scope: 'openid profile email',
    })
    for (const p of ['state', 'nonce', 'code_challenge']) expect(auth.searchParams.get(p)).toMatch(/^[A-Za-z0-9_-]{20,}$/)
  })
})

describe('roles and instansi from claims', () => {
  it('an operator (groups claim) sees its instansi and gets 403 on another', async () => {
    const { agent } = await signedIn('ana')
    expect(JSON.parse((await agent.fetch(`${api}/v1/me`)).body).data).toMatchObject({
      sub: 'ana',
      name: 'Ana Operator',
      email: 'ana@kota-a.go.id',
      role: 'operator',
      instansi: 'kota-a',
    })
    expect(await status(agent, '/v1/metrics/overview?instansi=kota-a')).toBe(200)
    expect(await status(agent, '/v1/metrics/overview?instansi=kota-b')).toBe(403)
    expect(await status(agent, '/v1/admin/audit')).toBe(403)
  })

  it('a koordinator (realm_access.roles) and an admin (roles) see the nation', async () => {
    const k = await signedIn('budi')
    expect(JSON.parse((await k.agent.fetch(`${api}/v1/me`)).body).data).toMatchObject({ sub: 'budi', role: 'koordinator', instansi: '' })
    expect(await status(k.agent, '/v1/metrics/overview?instansi=kota-b')).toBe(200)
    expect(await status(k.agent, '/v1/metrics/overview')).toBe(200)
    const a = await signedIn('citra')
    expect(await status(a.agent, '/v1/admin/audit')).toBe(200)
  })

  it('no mapped role, or an operator without instansi: a page that says so, and no session', async () => {
    for (const [login, text] of [
      ['dedi', 'tidak memberinya peran Pantau'],
      ['eka', 'tidak membawa klaim instansi'],
    ] as const) {
      const agent = new Agent()
      const hops = await agent.ssoSignIn(api, login, ACCOUNTS[login].password)
      const last = hops.at(-1)!
      expect(last.url).toContain('/auth/callback')
      expect(last.status).toBe(403)
      expect(last.body).toContain(text)
      expect(agent.cookie(api, 'pantau_session')).toBeUndefined()
    }
  })
})

describe('the callback is checked', () => {
  it('a wrong state or PKCE verifier is refused, and a callback cannot be replayed', async () => {
    const agent = new Agent()
    const start = await agent.fetch(`${api}/auth/login`)
    const url = new URL(start.location!)
    url.searchParams.set('state', 'not-the-state-pantau-sent')
    const form = (await agent.follow(url.href)).at(-1)!
    const last = (await agent.submitLogin(form, 'ana', ACCOUNTS.ana.password)).at(-1)!
    expect(last.status).toBe(400)
    expect(last.body).toContain('parameter state berbeda')
    expect(agent.cookie(api, 'pantau_session')).toBeUndefined()

    const ok = new Agent()
    const hops = await ok.ssoSignIn(api, 'ana', ACCOUNTS.ana.password)
    const callback = hops.find((h) => h.url.startsWith(`${api}/auth/callback`))!
    const again = await new Agent().fetch(callback.url)
    expect(again.status).toBe(400)
    expect(again.body).toContain('tidak ditemukan atau sudah kedaluwarsa')
    ok.setCookie(api, 'pantau_signin', 'A'.repeat(43))
    expect((await ok.fetch(callback.url)).status).toBe(400)

    // the code of one sign-in redeemed with another's PKCE verifier
    const pkce = new Agent()
    const one = new URL((await pkce.fetch(`${api}/auth/login`)).location!)
    const two = new URL((await pkce.fetch(`${api}/auth/login`)).location!)
    one.searchParams.set('state', two.searchParams.get('state')!)
    const refused = (await pkce.submitLogin((await pkce.follow(one.href)).at(-1)!, 'ana', ACCOUNTS.ana.password)).at(-1)!
    expect(refused.status).toBe(400)
    expect(refused.body).toContain('tidak cocok dengan permintaan ini (PKCE)')
  })

  it("an ID token carrying another sign-in's nonce is refused", async () => {
    const agent = new Agent()
    const first = new URL((await agent.fetch(`${api}/auth/login`)).location!)
    // a second sign-in in the same browser: its pending request (state, nonce) replaces the first
    const second = new URL((await agent.fetch(`${api}/auth/login`)).location!)
    // the first request's nonce with the second's state and PKCE challenge: only the nonce differs
    first.searchParams.set('state', second.searchParams.get('state')!)
    first.searchParams.set('code_challenge', second.searchParams.get('code_challenge')!)
    const form = (await agent.follow(first.href)).at(-1)!
    const last = (await agent.submitLogin(form, 'ana', ACCOUNTS.ana.password)).at(-1)!
    expect(last.url).toContain('/auth/callback')
    expect(last.status).toBe(400)
    expect(last.body).toContain('nonce, penerbit atau audiens tidak cocok')
    expect(agent.cookie(api, 'pantau_session')).toBeUndefined()
  })
})

describe('a person over time', () => {
  it("writes are audited with the person's sub; personal tokens carry role and instansi and stop when the role is gone", async () => {
    const { agent, csrf } = await signedIn('ana')
    const post = (path: string, body: unknown, headers: Record<string, string> = { 'x-csrf-token': csrf }) =>
      agent.fetch(api + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
    expect((await post('/v1/registry/consumers', { instansi: 'kota-a', name: 'Tanpa CSRF' }, {})).status).toBe(403)
    const made = await post('/v1/registry/consumers', { instansi: 'kota-a', name: 'Aplikasi Ana' })
    expect(made.status).toBe(201)
    const audit = await admin('GET', '/v1/admin/audit?actor=ana&from=now-1h')
    expect(audit.body.data.find((r: { action: string }) => r.action === 'consumer.create')).toMatchObject({
      actor: 'Ana Operator',
      subject: 'ana',
      role: 'operator',
      instansi: 'kota-a',
      resource: JSON.parse(made.body).data.id,
    })
    expect(audit.body.data.map((r: { action: string }) => r.action)).toContain('session.create')

    expect((await post('/v1/me/tokens', { name: 'Skrip Ana', expires_in_days: 400 })).status).toBe(403) // over PANTAU_PERSONAL_TOKEN_MAX_DAYS
    const issued = await post('/v1/me/tokens', { name: 'Skrip Ana', expires_in_days: 7 })
    expect(issued.status).toBe(201)
    const personal = JSON.parse(issued.body).data
    expect(personal).toMatchObject({ name: 'Skrip Ana', role: 'operator', instansi: 'kota-a' })
    expect(Date.parse(personal.expires_at) - Date.now()).toBeGreaterThan(6.9 * 86400e3)
    const bearer = (path: string, init: RequestInit = {}) =>
      fetch(api + path, { ...init, headers: { authorization: `Bearer ${personal.token}`, ...init.headers } })
    expect((await bearer('/v1/metrics/overview?instansi=kota-a')).status).toBe(200)
    expect((await bearer('/v1/metrics/overview?instansi=kota-b')).status).toBe(403)
    expect((await (await bearer('/v1/me')).json()).data).toMatchObject({ sub: 'ana', role: 'operator', csrf_token: '' })
    // a token cannot make tokens: only the person, in an SSO session
    const chained = await bearer('/v1/me/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x2', expires_in_days: 1 }),
    })
    expect(chained.status).toBe(403)
    const listed = JSON.parse((await agent.fetch(`${api}/v1/me/tokens`)).body).data
    expect(listed).toEqual([expect.objectContaining({ prefix: personal.prefix, owner: 'ana', role: 'operator', expires_at: personal.expires_at })])

    const second = JSON.parse((await post('/v1/me/tokens', { name: 'Sekali pakai', expires_in_days: 1 })).body).data
    expect((await agent.fetch(`${api}/v1/me/tokens/${second.prefix}`, { method: 'DELETE', headers: { 'x-csrf-token': csrf } })).status).toBe(200)
    expect((await fetch(`${api}/v1/me`, { headers: { authorization: `Bearer ${second.token}` } })).status).toBe(401)

    // the provider takes the role away; at her next sign-in she has no access, nor has her token
    provider!.setClaims('ana', { name: 'Ana Operator', groups: ['/umum'], instansi: 'kota-a' })
    const again = new Agent()
    const refused = (await again.ssoSignIn(api, 'ana', ACCOUNTS.ana.password)).at(-1)!
    expect(refused.status).toBe(403)
    await waitFor('the personal token refused', async () => (await bearer('/v1/me')).status === 401, 10_000)
    await waitFor('the old session refused', async () => (await agent.fetch(`${api}/v1/me`)).status === 401, 10_000)
    provider!.setClaims('ana', ACCOUNTS.ana.claims)
  })

  it('a role removed at the provider ends the session at its next refresh', async () => {
    const { agent } = await signedIn('budi')
    expect(await status(agent, '/v1/metrics/overview')).toBe(200)
    provider!.setClaims('budi', { name: 'Budi Koordinator', realm_access: { roles: ['offline_access'] } })
    await waitFor('the session refused after a refresh', async () => (await status(agent, '/v1/me')) === 401, 15_000)
    const audit = await admin('GET', '/v1/admin/audit?actor=budi&action=session.end')
    expect(audit.body.data[0]).toMatchObject({ subject: 'budi', detail: expect.stringContaining('no-role') })
    provider!.setClaims('budi', ACCOUNTS.budi.claims)
  })

  it('sign-out ends the session here and at the provider (RP-initiated logout)', async () => {
    const { agent, csrf } = await signedIn('citra')
    const old = agent.cookie(api, 'pantau_session')!
    const out = await agent.fetch(`${api}/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf_token=${csrf}`,
    })
    expect(out.status).toBe(303)
    const end = new URL(out.location!)
    expect(end.origin + end.pathname).toBe(`${provider!.issuer}/session/end`)
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${api}/`)
    expect(end.searchParams.get('id_token_hint')).toMatch(/^ey/)
    expect(agent.cookie(api, 'pantau_session')).toBeUndefined()
    const again = new Agent()
    again.setCookie(api, 'pantau_session', old)
    expect(await status(again, '/v1/me')).toBe(401)

    const confirm = (await agent.follow(end.href)).at(-1)!
    expect(confirm.body).toContain('Keluar dari penyedia identitas?')
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(confirm.body)![1]!
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1]!
    const back = await agent.follow(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    })
    expect(back.at(-1)!.url).toBe(`${api}/`)
    // the provider's session is gone too: the next sign-in asks for the password again
    const form = (await agent.follow(`${api}/auth/login`)).at(-1)!
    expect(form.body).toContain('name="password"')
  })
})
