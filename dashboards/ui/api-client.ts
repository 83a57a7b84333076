/**
 * Calls to the Pantau API with the browser's session: an HttpOnly cookie
 * (this code never sees it, and no token is kept in the browser); writes
 * carry the session's CSRF token from /auth/session (kept in memory only).
 * Signing in (SSO at /auth/login, or a pasted token exchanged for a session)
 * and out go through /auth/*. Failures become ApiError with the RFC 7807
 * detail; a 401 signs the user out. Registry lists are cached for the session.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The offending field the problem names (`body.starts_at`), if any. */
    readonly field?: string,
  ) {
    super(message)
  }
}

/** The signed-in identity, as GET /v1/me and /auth/session tell it. */
export interface Me {
  sub: string
  name: string
  email: string
  role: string
  instansi: string
  csrf_token: string
}

/** What the sign-in page needs: who is signed in (if anyone) and which ways to sign in this server offers. */
export interface SessionInfo {
  signed_in: boolean
  me: Me | null
  sso: boolean
  token_signin: boolean
}

let me: Me | null = null

export const session = {
  me: (): Me | null => me,
  /** Ask the server who the cookie stands for (always 200, so nothing fails in the console before sign-in). */
  async load(): Promise<SessionInfo> {
    const res = await fetch('/auth/session', { headers: { accept: 'application/json' }, cache: 'no-store' })
    if (!res.ok) throw new ApiError(res.status, res.statusText)
    const info = (await res.json()) as SessionInfo
    me = info.me
    return info
  },
  /** Exchange a pasted bearer token for a session cookie; `reason` says why not. */
  async withToken(bearer: string): Promise<{ ok: boolean; reason?: 'invalid' | 'disabled' }> {
    const res = await fetch('/auth/token-session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: bearer }),
    })
    if (!res.ok) throw new ApiError(res.status, res.statusText)
    const out = (await res.json()) as { ok: boolean; reason?: 'invalid' | 'disabled'; me?: Me }
    if (out.ok && out.me) me = out.me
    return out
  },
  /** Sign out here and, for SSO, at the provider: a form POST the browser follows to wherever the server sends it. */
  signOut(): void {
    const form = document.createElement('form')
    form.method = 'post'
    form.action = '/auth/logout'
    form.append(Object.assign(document.createElement('input'), { type: 'hidden', name: 'csrf_token', value: me?.csrf_token ?? '' }))
    me = null
    document.body.append(form)
    form.submit()
  },
  /** Forget the identity (the server said 401). */
  forget(): void {
    me = null
  },
}

let onUnauthorized: () => void = () => undefined
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn
}

export interface Envelope<T> {
  data: T
  pagination?: { page: number; per_page: number; total?: number }
  meta?: Record<string, unknown>
}

export type Params = Record<string, string | number | undefined>

export function url(path: string, params: Params = {}): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v))
  const s = q.toString()
  return `/v1/${path}${s ? `?${s}` : ''}`
}

export async function request(method: string, path: string, opts: { params?: Params; body?: unknown; signal?: AbortSignal } = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = me?.csrf_token ?? ''
  const res = await fetch(url(path, opts.params), {
    method,
    headers,
    credentials: 'same-origin',
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  })
  if (res.ok) return res
  const problem = await res.json().catch(() => ({}) as Record<string, unknown>)
  const detail = String(problem.detail ?? problem.title ?? res.statusText)
  if (res.status === 401) onUnauthorized()
  throw new ApiError(res.status, detail, typeof problem.field === 'string' ? problem.field : undefined)
}

export async function get<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<Envelope<T>> {
  return (await request('GET', path, { params, signal })).json() as Promise<Envelope<T>>
}

export async function post<T>(path: string, body: unknown): Promise<Envelope<T>> {
  return (await request('POST', path, { body })).json() as Promise<Envelope<T>>
}

let served: Promise<Set<string>> | undefined

/** The paths this server's OpenAPI document lists (fetched once; no auth needed). */
function servedPaths(): Promise<Set<string>> {
  served ??= fetch('/v1/openapi.json')
    .then((r) => r.json() as Promise<{ paths: Record<string, unknown> }>)
    .then((d) => new Set(Object.keys(d.paths)))
  served.catch(() => (served = undefined))
  return served
}

/**
 * An endpoint another part of Pantau may not provide yet: when the OpenAPI
 * document does not list `/v1/{path}` (or it answers 404), read `fallback`
 * — without a failing request in the browser console.
 */
export async function optional<T>(path: string, load: () => Promise<T>, fallback: T): Promise<T> {
  if (!(await servedPaths()).has(`/v1/${path}`)) return fallback
  try {
    return await load()
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return fallback
    throw e
  }
}

/** Download an authenticated file (e.g. a report PDF) through a temporary object URL. */
export async function download(path: string, filename: string): Promise<void> {
  const blob = await (await request('GET', path)).blob()
  const href = URL.createObjectURL(blob)
  const a = Object.assign(document.createElement('a'), { href, download: filename })
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}

export interface InstansiRow {
  code: string
  name: string
  kind: string
}
export interface ApiRow {
  id: string
  instansi: string
  name: string
  version: string
  base_path: string
  lifecycle: string
  auth_type: string
  published_via_spl: boolean
  sla_availability: number
  sla_p95_ms: number
  gateway_id: string
}

export interface GatewayRow {
  id: string
  instansi: string
  name: string
  product: string
  is_spl: boolean
  splp_linked: boolean
}

const cache = new Map<string, Promise<unknown[]>>()

async function listAll<T>(path: string): Promise<T[]> {
  const rows: T[] = []
  for (let page = 1; page < 50; page++) {
    const res = await get<T[]>(path, { per_page: 1000, page })
    rows.push(...res.data)
    if (res.data.length < 1000) break
  }
  return rows
}

/** A registry list, fetched once per session (a failed fetch is retried next time). */
function cached<T>(path: string): Promise<T[]> {
  let p = cache.get(path) as Promise<T[]> | undefined
  if (!p) {
    p = listAll<T>(path)
    cache.set(path, p)
    p.catch(() => cache.delete(path))
  }
  return p
}

export const registry = {
  instansi: () => cached<InstansiRow>('registry/instansi'),
  apis: () => cached<ApiRow>('registry/apis'),
  gateways: () => cached<GatewayRow>('registry/gateways'),
  clear: () => cache.clear(),
}

/** Code → name lookups from the registry (falls back to the code). */
export async function names(): Promise<{ instansi: (code: string) => string; api: (id: string) => string }> {
  const [inst, apis] = await Promise.all([registry.instansi().catch(() => []), registry.apis().catch(() => [])])
  const i = new Map(inst.map((r) => [r.code, r.name]))
  const a = new Map(apis.map((r) => [r.id, r.name]))
  return { instansi: (c) => i.get(c) ?? c, api: (id) => a.get(id) ?? id }
}
