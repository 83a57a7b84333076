/**
 * Public status pages (issue 13, point 5), no token needed (public in the
 * route policy): `GET /status/{instansi}` (HTML) and
 * `GET /v1/public/status/{instansi}` (JSON) for an instansi that opted in.
 * An instansi that has not, and one that does not exist, get the same 404.
 *
 * Anyone on the internet can call these, so they must not be a way to load
 * the database: answers are cached per instansi for a minute (and say so in
 * Cache-Control), the set of opted-in instansi is cached too (an unknown code
 * costs at most one small registry read a second, shared by every caller),
 * and at most one status is computed at a time.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { Lang } from '../../shared/i18n/index.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { Problem, ProblemError } from '../../shared/http/problem.js'
import { optedInInstansi, PublicStatus, publicStatus } from '../../shared/metrics/public-status.js'
import type { Storage } from '../../storage/client.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { publicStatusNotFoundPage, publicStatusPage } from './public-status-page.js'

/** How long an answer (and the opted-in set) is reused. */
export const PUBLIC_STATUS_TTL_MS = 60_000
/** A code missing from the opted-in set re-reads the set at most this often. */
const MISS_REFRESH_MS = 1_000
const CODE = /^[a-z0-9][a-z0-9._-]{1,63}$/
const CACHE_CONTROL = `public, max-age=${PUBLIC_STATUS_TTL_MS / 1000}`

interface Entry {
  at: number
  value: Promise<PublicStatus | null>
}

/** The cache in front of `publicStatus`: bounded by the opted-in instansi, one computation at a time. */
export class PublicStatusCache {
  private optedIn: { at: number; codes: Set<string> } | undefined
  private reading: Promise<Set<string>> | undefined
  private readonly entries = new Map<string, Entry>()
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = PUBLIC_STATUS_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The status of an opted-in instansi, or null (unknown, not opted in, or not a code). */
  async get(code: string): Promise<PublicStatus | null> {
    if (!CODE.test(code)) return null
    if (!(await this.codes(code)).has(code)) return null
    const hit = this.entries.get(code)
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value
    const value = this.serially(() => publicStatus(this.storage, code, this.now()))
    const entry = { at: this.now(), value }
    this.entries.set(code, entry)
    // a failure is not kept: the next caller tries again
    value.catch(() => this.entries.get(code) === entry && this.entries.delete(code))
    return value
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn)
    this.queue = run.catch(() => undefined)
    return run
  }

  private async codes(code: string): Promise<Set<string>> {
    const known = this.optedIn
    const age = known ? this.now() - known.at : Infinity
    if (known && age < this.ttlMs && (known.codes.has(code) || age < MISS_REFRESH_MS)) return known.codes
    this.reading ??= optedInInstansi(this.storage)
      .then((list) => {
        const codes = new Set(list)
        this.optedIn = { at: this.now(), codes }
        for (const k of this.entries.keys()) if (!codes.has(k)) this.entries.delete(k)
        return codes
      })
      .finally(() => (this.reading = undefined))
    return this.reading
  }
}

const Param = z.object({ instansi: z.string().openapi({ param: { name: 'instansi', in: 'path' }, example: 'kota-bandung' }) })

/** The one 404 of both routes: the same whether the instansi is unknown or has not opted in. */
const notPublic = () =>
  new ProblemError(404, 'not-found', 'Not found', { detail: 'no public status page for this instansi', field: 'instansi' }, { 'cache-control': CACHE_CONTROL })

const langOf = (c: Context): Lang => (c.req.query('lang') === 'en' ? 'en' : 'id')

export function registerPublicStatus(app: ApiApp, deps: ApiDeps): void {
  const cache = new PublicStatusCache(deps.storage)

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/public/status/{instansi}',
      tags: ['public'],
      summary:
        'Public status of an instansi that opted in (public_status): state, 90-day daily uptime and incidents of its published APIs, maintenance (no token; cached 60 s)',
      request: { params: Param },
      responses: {
        200: { description: 'Public status', content: { 'application/json': { schema: envelopeSchema(PublicStatus) } } },
        404: { description: 'No public status page (unknown instansi or not opted in)', content: { 'application/problem+json': { schema: Problem } } },
      },
    }),
    async (c) => {
      const status = await cache.get(c.req.valid('param').instansi)
      if (!status) throw notPublic()
      c.header('cache-control', CACHE_CONTROL)
      return c.json(envelope(status), 200)
    },
  )

  app.get('/status/:instansi', async (c) => {
    const lang = langOf(c)
    const status = await cache.get(c.req.param('instansi'))
    c.header('cache-control', CACHE_CONTROL)
    if (!status) return c.html(publicStatusNotFoundPage(lang), 404)
    return c.html(publicStatusPage(status, lang), 200)
  })
}
