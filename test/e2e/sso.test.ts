/**
 * Single sign-on in Chromium, end to end: a real OpenID Provider
 * (oidc-provider, scripts/oidc-dev-provider.ts) with accounts whose claims
 * carry roles and instansi, and Pantau as a child process (so it can be
 * restarted on its data directory). A person signs in through the
 * provider's login form and lands on the Nasional page; an operator of
 * instansi A sees A and gets 403 on B, a koordinator sees the nation (and
 * the Laporan page names them as the author of their report); the
 * browser holds only an HttpOnly session cookie; a POST without the CSRF
 * header is 403 and with it succeeds and is audited with the person's sub;
 * a tampered cookie is 401; the session survives a restart of the API
 * process; sign-out ends access here and at the provider; a callback with a
 * wrong state or another sign-in's nonce is refused with a page in Bahasa
 * Indonesia; and a session idle longer than the idle timeout is 401.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, pageReady, type Chromium, type Page } from '../../scripts/browser.js'
import { DEV_ROLE_MAP, type DevProvider, startDevProvider } from '../../scripts/oidc-dev-provider.js'
import { freePort, type PantauPorts, type RunningPantau, startPantau } from '../../scripts/process.js'
import { tempDir } from '../support/temp.js'
import { waitFor } from '../support/wait.js'

const SHOTS = 'artifacts/screenshots'
const ADMIN = 'sso-e2e-admin-token-0123456789'
const ACCOUNTS = {
  ana: { password: 'rahasia-ana', claims: { name: 'Ana Operator', email: 'ana@kota-a.go.id', groups: ['/pantau-operator'], instansi: 'kota-a' } },
  budi: { password: 'rahasia-budi', claims: { name: 'Budi Koordinator', email: 'budi@spbe.go.id', realm_access: { roles: ['spbe-koordinator'] } } },
}
const EVENTS = { 'kota-a': 30, 'kota-b': 20 }

let provider: DevProvider
let pantau: RunningPantau
let ports: PantauPorts
let env: Record<string, string>
let chromium: Chromium
let page: Page

const admin = async (path: string, body?: unknown) => {
  const res = await fetch(pantau.api + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

/** A request from the page, with the browser's cookie (and, when asked, the session's CSRF token). */
async function inPage(path: string, init: { method?: string; body?: unknown; csrf?: boolean } = {}): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ({ path, init }) => {
      const headers: Record<string, string> = { accept: 'application/json' }
      if (init.body !== undefined) headers['content-type'] = 'application/json'
      if (init.csrf) headers['x-csrf-token'] = (await (await fetch('/v1/me')).json()).data.csrf_token
      const res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    { path, init },
  )
}

const tile = (id: string) => page.getAttribute(`[data-tile=${id}]`, 'data-value').then(Number)
const sessionCookie = async () => (await page.context().cookies(pantau.api)).find((c) => c.name === 'pantau_session')

/** From Pantau's sign-in page through the provider's login form, back to the Nasional page. */
async function ssoSignIn(login: keyof typeof ACCOUNTS): Promise<void> {
  await page.goto(`${pantau.api}/`)
  await page.click('#sso')
  await page.waitForURL((u) => u.href.startsWith(provider.issuer))
  await page.fill('#login', login)
  await page.fill('#password', ACCOUNTS[login].password)
  await page.click('#signin')
  await page.waitForURL((u) => u.href.startsWith(pantau.api) && u.hash.startsWith('#/nasional'))
  await pageReady(page)
}

async function start(extra: Record<string, string> = {}): Promise<void> {
  pantau = await startPantau({ ...env, ...extra }, { ports })
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  ports = { api: await freePort(), otlpHttp: await freePort(), otlpGrpc: await freePort() }
  const api = `http://127.0.0.1:${ports.api}`
  provider = await startDevProvider({ redirectUris: [`${api}/auth/callback`], postLogoutRedirectUris: [`${api}/`], accounts: ACCOUNTS })
  env = {
    PANTAU_DATA_DIR: tempDir(),
    PANTAU_ADMIN_TOKEN: ADMIN,
    PANTAU_PUBLIC_URL: api,
    PANTAU_OIDC_ISSUER: provider.issuer,
    PANTAU_OIDC_CLIENT_ID: provider.clientId,
    PANTAU_OIDC_CLIENT_SECRET: provider.clientSecret,
    PANTAU_OIDC_ROLE_MAP: DEV_ROLE_MAP,
    PANTAU_ALERT_ENABLED: 'false',
    PANTAU_REPORT_SCHEDULE: 'off',
    PANTAU_SPOOL_FSYNC: 'false',
    PANTAU_BATCH_LINGER_MS: '20',
    PANTAU_LOG_LEVEL: 'warn',
  }
  await start()
  // two instansi with traffic: the operator's nation is A, the koordinator's is A and B
  for (const [code, n] of Object.entries(EVENTS)) {
    expect((await admin('/v1/registry/instansi', { code, name: `Kota ${code}`, kind: 'kota' })).status).toBe(201)
    const gw = await admin('/v1/registry/gateways', { instansi: code, name: `gw ${code}`, product: 'kong' })
    expect(gw.status).toBe(201)
    const lines = Array.from({ length: n }, (_, i) =>
      JSON.stringify({
        timestamp: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
        level: 'INFO',
        service: code,
        requestId: `${code}-${i}`,
        method: 'GET',
        endpoint: '/layanan/v1/data',
        statusCode: 200,
        duration: 20 + i,
        message: 'ok',
      }),
    ).join('\n')
    const res = await fetch(`${pantau.ingest}/ingest/pasal13`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.body.data.ingest_token}` },
      body: lines,
    })
    expect(res.status, await res.text()).toBe(200)
  }
  await waitFor(
    'the events in ClickHouse',
    async () => (await admin('/v1/metrics/overview?from=now-1d')).body.data.requests === EVENTS['kota-a'] + EVENTS['kota-b'],
    30_000,
  )
  chromium = await launchChromium()
  page = await chromium.newPage({ width: 1366, height: 768 })
}, 240_000)

afterAll(async () => {
  await chromium?.close()
  await pantau?.proc.stop()
  await provider?.stop()
})

describe('SSO in chromium', () => {
  it('an operator signs in at the provider, lands on Nasional, and sees only instansi A', async () => {
    await page.goto(`${pantau.api}/`)
    expect(await page.textContent('#sso')).toBe('Masuk dengan SSO')
    await page.screenshot({ path: `${SHOTS}/20-sso-signin.png` })
    await ssoSignIn('ana')
    expect(new URL(page.url()).hash).toBe('#/nasional')
    expect(await page.getAttribute('nav a[data-page=nasional]', 'aria-current')).toBe('page')
    expect(await tile('requests')).toBe(EVENTS['kota-a'])
    await page.screenshot({ path: `${SHOTS}/21-sso-operator-nasional.png` })

    const cookie = await sessionCookie()
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' })
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(cookie!.value)
    expect((await inPage('/v1/me')).body.data).toMatchObject({ sub: 'ana', name: 'Ana Operator', role: 'operator', instansi: 'kota-a' })
    expect((await inPage('/v1/metrics/overview?instansi=kota-a&from=now-1d')).body.data.requests).toBe(EVENTS['kota-a'])
    expect((await inPage('/v1/metrics/overview?instansi=kota-b&from=now-1d')).status).toBe(403)
  })

  it('a POST without the CSRF header is 403; with it, it succeeds and is audited with the sub', async () => {
    const body = { instansi: 'kota-a', name: 'Aplikasi Layanan Ana' }
    expect((await inPage('/v1/registry/consumers', { method: 'POST', body })).status).toBe(403)
    const made = await inPage('/v1/registry/consumers', { method: 'POST', body, csrf: true })
    expect(made.status).toBe(201)
    const audit = await admin('/v1/admin/audit?actor=ana&from=now-1h')
    expect(audit.body.data.find((r: { action: string }) => r.action === 'consumer.create')).toMatchObject({
      subject: 'ana',
      actor: 'Ana Operator',
      role: 'operator',
      instansi: 'kota-a',
      resource: made.body.data.id,
    })
  })

  it('a tampered session cookie is 401', async () => {
    const real = (await sessionCookie())!
    const value = `${real.value.slice(0, -1)}${real.value.endsWith('A') ? 'B' : 'A'}`
    await page.context().addCookies([{ ...real, value }])
    expect((await inPage('/v1/me')).status).toBe(401)
    await page.context().addCookies([real])
    expect((await inPage('/v1/me')).status).toBe(200)
  })

  it('the session survives a restart of the API process', async () => {
    await pantau.proc.stop()
    await start()
    await page.reload()
    await pageReady(page)
    expect(new URL(page.url()).hash).toBe('#/nasional')
    expect(await tile('requests')).toBe(EVENTS['kota-a'])
    expect((await inPage('/v1/me')).body.data.sub).toBe('ana')
  })

  it('sign-out ends access here and at the provider', async () => {
    const old = (await sessionCookie())!
    await page.click('[data-action=signout]')
    await page.waitForURL((u) => u.href.startsWith(provider.issuer))
    expect(await page.textContent('h1')).toBe('Keluar dari penyedia identitas?')
    await page.click('#logout-yes')
    await page.waitForURL((u) => u.href.startsWith(pantau.api))
    await page.waitForSelector('#sso')
    expect(await sessionCookie()).toBeUndefined()
    expect((await inPage('/v1/me')).status).toBe(401)
    await page.context().addCookies([old])
    expect((await inPage('/v1/me')).status).toBe(401)
    await page.context().clearCookies()
  })

  it('a koordinator (signing in again at the provider) sees the nation', async () => {
    await ssoSignIn('budi')
    expect(await tile('requests')).toBe(EVENTS['kota-a'] + EVENTS['kota-b'])
    expect((await inPage('/v1/me')).body.data).toMatchObject({ sub: 'budi', role: 'koordinator', instansi: '' })
    expect((await inPage('/v1/metrics/overview?instansi=kota-b&from=now-1d')).body.data.requests).toBe(EVENTS['kota-b'])
    await page.screenshot({ path: `${SHOTS}/22-sso-koordinator-nasional.png` })
  })

  it('the Laporan page shows who generated each report', async () => {
    const year = String(new Date().getUTCFullYear())
    const made = await inPage('/v1/reports', { method: 'POST', body: { instansi: 'kota-b', indicator: 'i7', period: year }, csrf: true })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    await page.goto(`${pantau.api}/#/laporan`)
    await pageReady(page)
    const table = (await page.textContent('[data-card=reports] table'))!
    expect(table).toContain('Dibuat oleh')
    expect(table).toContain('Budi Koordinator')
    const audit = await admin(`/v1/admin/audit?actor=budi&action=report.create`)
    expect(audit.body.data[0]).toMatchObject({ subject: 'budi', actor: 'Budi Koordinator', resource: made.body.data.id })
  })

  it('a callback with a wrong state, or with the nonce of another sign-in, is refused', async () => {
    const request = page.context().request
    const authUrl = async () => new URL((await request.get(`${pantau.api}/auth/login`, { maxRedirects: 0 })).headers().location!)

    const wrongState = await authUrl()
    wrongState.searchParams.set('state', 'bukan-state-dari-pantau')
    await page.goto(wrongState.href) // the provider still knows budi: straight back to the callback
    await page.waitForURL((u) => u.pathname === '/auth/callback')
    expect(await page.textContent('#auth-message')).toContain('parameter state berbeda')
    await page.screenshot({ path: `${SHOTS}/23-sso-wrong-state.png` })

    const first = await authUrl()
    const second = await authUrl()
    first.searchParams.set('state', second.searchParams.get('state')!)
    first.searchParams.set('code_challenge', second.searchParams.get('code_challenge')!)
    await page.goto(first.href)
    await page.waitForURL((u) => u.pathname === '/auth/callback')
    expect(await page.textContent('#auth-message')).toContain('nonce, penerbit atau audiens tidak cocok')
    // refused sign-ins leave the existing session as it was
    await page.goto(`${pantau.api}/`)
    await pageReady(page)
    expect((await inPage('/v1/me')).body.data.sub).toBe('budi')
  })

  it('a session idle longer than the idle timeout is 401 (after a restart with PANTAU_SESSION_IDLE_S=1)', async () => {
    const cookie = (await sessionCookie())!
    await pantau.proc.stop()
    await start({ PANTAU_SESSION_IDLE_S: '1' })
    const res = await fetch(`${pantau.api}/v1/me`, { headers: { cookie: `${cookie.name}=${cookie.value}` } })
    expect(res.status).toBe(401)
    await page.goto(`${pantau.api}/`)
    await page.waitForSelector('#sso')
    expect(await sessionCookie()).toBeUndefined()
  })
})
