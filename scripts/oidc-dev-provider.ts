/**
 * A real OpenID Provider on this machine, for trying SSO (`npm run demo -- --sso`)
 * and for the tests: oidc-provider (the certified Node.js implementation)
 * with one confidential client for Pantau (authorization code + PKCE,
 * refresh tokens, RP-initiated logout) and test accounts whose claims carry
 * roles and instansi the three ways providers send them: a `roles` list, a
 * Keycloak-style `realm_access.roles`, and a `groups` list.
 *
 * oidc-provider's own development login pages import a Google web font, so
 * this provider serves its own small pages instead (login form, sign-out
 * confirmation, errors), in Bahasa Indonesia, with no external asset. The
 * consent step is granted automatically: Pantau is a first-party client.
 * Development only: accounts and passwords are in this file.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider, { type KoaContext } from 'oidc-provider'

export interface DevAccount {
  password: string
  /** Everything but `sub` (the login name): name, email, roles, realm_access, groups, instansi, … */
  claims: Record<string, unknown>
}

/** The provider roles the test accounts carry → Pantau roles (PANTAU_OIDC_ROLE_MAP for this provider). */
export const DEV_ROLE_MAP = 'pantau-admin=admin,spbe-koordinator=koordinator,pantau-operator=operator,spbe-asesor=asesor,pantau-sre=sre'

/** Login = password for each; `tamu` has no Pantau role. */
export const DEV_ACCOUNTS: Record<string, DevAccount> = {
  admin: { password: 'admin', claims: { name: 'Ayu Administrator', email: 'ayu@pantau.test', roles: ['pantau-admin'] } },
  koordinator: {
    password: 'koordinator',
    claims: { name: 'Budi Koordinator', email: 'budi@pantau.test', realm_access: { roles: ['spbe-koordinator', 'offline_access'] } },
  },
  operator: { password: 'operator', claims: { name: 'Citra Operator', email: 'citra@kemenkes.test', groups: ['/pantau-operator'], instansi: 'kemenkes' } },
  asesor: { password: 'asesor', claims: { name: 'Dewi Asesor', email: 'dewi@pantau.test', roles: ['spbe-asesor'] } },
  sre: { password: 'sre', claims: { name: 'Eko SRE', email: 'eko@pantau.test', roles: ['pantau-sre'] } },
  tamu: { password: 'tamu', claims: { name: 'Tamu Tanpa Peran', email: 'tamu@pantau.test', roles: ['staf'] } },
}

export interface DevProviderOptions {
  /** 0 (default): a free port. */
  port?: number
  host?: string
  clientId?: string
  clientSecret?: string
  /** Pantau's PANTAU_PUBLIC_URL + /auth/callback. */
  redirectUris: string[]
  /** Pantau's PANTAU_PUBLIC_URL + / (where the provider returns after sign-out). */
  postLogoutRedirectUris: string[]
  accounts?: Record<string, DevAccount>
}

export interface DevProvider {
  issuer: string
  clientId: string
  clientSecret: string
  /** Change an account's claims (e.g. take a role away); the next sign-in or refresh sees it. */
  setClaims(login: string, claims: Record<string, unknown>): void
  stop(): Promise<void>
}

const CLAIMS = ['name', 'preferred_username', 'roles', 'realm_access', 'groups', 'instansi']

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

function page(title: string, body: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><link rel="icon" href="data:,"><style>
body{font-family:system-ui,sans-serif;background:#eef1f4;color:#1b2733;margin:0;padding:3rem 1rem}
main{max-width:22rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem 2rem;box-shadow:0 1px 3px rgba(0,0,0,.2)}
h1{font-size:1.3rem}label{display:block;margin-top:.75rem}input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{margin-top:1rem;width:100%;padding:.6rem;font-size:1rem;background:#5b3cc4;color:#fff;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:#5b3cc4;border:1px solid #5b3cc4}.error{color:#b3261e}.note{color:#5b6675;font-size:.85rem}
</style></head><body><main>${body}</main></body></html>`
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
  res.end(html)
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let text = ''
  for await (const chunk of req) {
    text += chunk
    if (text.length > 8192) break
  }
  return new URLSearchParams(text)
}

function loginPage(uid: string, login: string, error = ''): string {
  return page(
    'Masuk · Penyedia Identitas Uji',
    `<h1>Penyedia Identitas Uji</h1><p class="note">Hanya untuk pengembangan: akun uji ada di scripts/oidc-dev-provider.ts.</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
<label for="login">Nama pengguna</label><input id="login" name="login" required value="${esc(login)}" autofocus>
<label for="password">Kata sandi</label><input id="password" name="password" type="password" required>
<button type="submit" id="signin">Masuk</button></form>`,
  )
}

function rsaKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' }
}

export async function startDevProvider(opts: DevProviderOptions): Promise<DevProvider> {
  const host = opts.host ?? '127.0.0.1'
  const clientId = opts.clientId ?? 'pantau'
  const clientSecret = opts.clientSecret ?? randomBytes(24).toString('base64url')
  const accounts = new Map(Object.entries(opts.accounts ?? DEV_ACCOUNTS).map(([k, v]) => [k, { ...v, claims: { ...v.claims } }]))

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => send(res, 503, 'starting')
  const server: Server = createServer((req, res) => handle(req, res))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        client_name: 'Pantau',
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx: unknown, id: string) {
      if (!accounts.has(id)) return undefined
      return { accountId: id, claims: async () => ({ sub: id, preferred_username: id, ...accounts.get(id)?.claims }) }
    },
    claims: { openid: ['sub'], profile: CLAIMS, email: ['email'] },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContext, form: string) {
          ctx.type = 'html'
          ctx.body = page(
            'Keluar · Penyedia Identitas Uji',
            `<h1>Keluar dari penyedia identitas?</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout" id="logout-yes">Ya, keluar</button>
<button type="submit" form="op.logoutForm" class="secondary">Tidak, tetap masuk</button>`,
          )
        },
        async postLogoutSuccessSource(ctx: KoaContext) {
          ctx.type = 'html'
          ctx.body = page('Sudah keluar', '<h1>Anda sudah keluar.</h1>')
        },
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // refresh tokens for the Pantau client without offline_access consent (sessions re-read roles with them)
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [rsaKey()] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Grant: 86400, Session: 86400, RefreshToken: 86400 },
    async renderError(ctx: KoaContext, out: Record<string, string>) {
      ctx.type = 'html'
      ctx.body = page(
        'Galat · Penyedia Identitas Uji',
        `<h1>Terjadi galat</h1><p class="error">${esc(out.error ?? '')}: ${esc(out.error_description ?? '')}</p>`,
      )
    },
  })
  const callback = provider.callback()

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, submit: boolean): Promise<void> {
    const details = await provider.interactionDetails(req, res)
    if (details.uid !== uid) return send(res, 400, page('Galat', '<h1>Interaksi tidak dikenal</h1>'))
    if (details.prompt.name === 'login') {
      if (!submit) return send(res, 200, loginPage(uid, String(details.params.login_hint ?? '')))
      const form = await formBody(req)
      const login = form.get('login') ?? ''
      const account = accounts.get(login)
      if (!account || account.password !== form.get('password')) return send(res, 401, loginPage(uid, login, 'Nama pengguna atau kata sandi salah.'))
      return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false })
    }
    if (details.prompt.name === 'consent') {
      // first-party client: grant what it asks for, without a consent screen
      const grant =
        (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
        new provider.Grant({ accountId: details.session?.accountId, clientId: String(details.params.client_id) })
      const { missingOIDCScope, missingOIDCClaims } = details.prompt.details
      if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '))
      if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims)
      return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true })
    }
    send(res, 501, page('Galat', `<h1>Langkah ${esc(details.prompt.name)} tidak didukung</h1>`))
  }

  handle = (req, res) => {
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(new URL(req.url ?? '/', issuer).pathname)
    if (!m) return callback(req, res)
    interaction(req, res, m[1]!, m[2] !== undefined && req.method === 'POST').catch((e: Error) => {
      if (!res.headersSent) send(res, 400, page('Galat', `<h1>Sesi masuk tidak valid</h1><p class="error">${esc(e.message)}</p>`))
    })
  }

  return {
    issuer,
    clientId,
    clientSecret,
    setClaims(login, claims) {
      const account = accounts.get(login)
      if (!account) throw new Error(`no test account '${login}'`)
      account.claims = { ...claims }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
