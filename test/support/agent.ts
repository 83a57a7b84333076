/**
 * A browser without a browser, for HTTP-level sign-in tests: a cookie jar
 * (per host, like a browser: every port of 127.0.0.1 shares it; Max-Age=0
 * and past Expires delete), redirects followed by hand so each hop can be
 * looked at, and an SSO sign-in through the development provider's login
 * form (scripts/oidc-dev-provider.ts).
 */
export interface Hop {
  url: string
  status: number
  location?: string
  body: string
}

export class Agent {
  readonly jar = new Map<string, Map<string, string>>()

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).hostname)?.get(name)
  }

  setCookie(url: string, name: string, value: string): void {
    const host = new URL(url).hostname
    if (!this.jar.has(host)) this.jar.set(host, new Map())
    this.jar.get(host)!.set(name, value)
  }

  /** One request, no redirect followed; cookies sent and stored. */
  async fetch(url: string, init: RequestInit = {}): Promise<Hop & { headers: Headers }> {
    const host = new URL(url).hostname
    const cookies = [...(this.jar.get(host) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ')
    const headers = new Headers(init.headers)
    if (cookies) headers.set('cookie', cookies)
    const res = await fetch(url, { ...init, headers, redirect: 'manual' })
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';')
      const at = pair!.indexOf('=')
      const name = pair!.slice(0, at).trim()
      const value = pair!.slice(at + 1).trim()
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()))
      if (!this.jar.has(host)) this.jar.set(host, new Map())
      if (gone) this.jar.get(host)!.delete(name)
      else this.jar.get(host)!.set(name, value)
    }
    const location = res.headers.get('location')
    return { url, status: res.status, location: location ? new URL(location, url).href : undefined, body: await res.text(), headers: res.headers }
  }

  /** GET `url` and follow redirects (GET) until a page answers; every hop is returned. */
  async follow(url: string, init: RequestInit = {}, max = 20): Promise<Hop[]> {
    const hops: Hop[] = []
    let next: string | undefined = url
    let first = true
    while (next && hops.length < max) {
      const hop: Hop = await this.fetch(next, first ? init : {})
      first = false
      hops.push(hop)
      next = hop.status >= 300 && hop.status < 400 ? hop.location : undefined
    }
    return hops
  }

  /** Post the provider's login form found on `hop` (its action names the interaction), and follow on. */
  async submitLogin(hop: Hop, login: string, password: string): Promise<Hop[]> {
    const action = /<form method="post" action="([^"]+)"/.exec(hop.body)?.[1]
    if (!action) throw new Error(`no login form at ${hop.url}: ${hop.body.slice(0, 300)}`)
    const body = new URLSearchParams({ login, password }).toString()
    return this.follow(new URL(action, hop.url).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
  }

  /** The whole SSO round trip from Pantau's /auth/login: the hops after the login form (the last is where it ended). */
  async ssoSignIn(api: string, login: string, password = login, loginPath = '/auth/login'): Promise<Hop[]> {
    const toForm = await this.follow(`${api}${loginPath}`)
    const form = toForm.at(-1)!
    if (!form.body.includes('name="password"')) return toForm // already signed in at the provider
    return this.submitLogin(form, login, password)
  }
}
