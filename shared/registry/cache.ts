/**
 * The collector's read-only view of the registry: which gateway an ingest
 * token belongs to, the APIs each instansi registered (to attribute events),
 * and the consumers (to know which instansi called). Loaded from ClickHouse
 * or, for collectors without database access, from the API over HTTP; kept
 * fresh by polling and refreshed at once when an unknown token shows up.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { componentLogger, type Logger } from '../log/logger.js'

export const RegistrySnapshot = z.object({
  gateways: z.array(z.object({ id: z.string(), instansi: z.string(), token_hash: z.string() })),
  apis: z.array(
    z.object({
      id: z.string(),
      instansi: z.string(),
      gateway_id: z.string(),
      name: z.string(),
      version: z.string(),
      base_path: z.string(),
    }),
  ),
  consumers: z.array(z.object({ id: z.string(), instansi: z.string(), match_ids: z.array(z.string()) })),
})
export type RegistrySnapshot = z.infer<typeof RegistrySnapshot>

export interface RegistrySource {
  load(): Promise<RegistrySnapshot>
}

/**
 * What a registry write changed, in the snapshot's shapes: rows written (new
 * or replaced) and ids removed. The API's in-process collector applies it to
 * its view at once, instead of reloading the whole registry per write.
 */
export interface RegistryChange {
  gateways?: RegistrySnapshot['gateways']
  apis?: RegistrySnapshot['apis']
  consumers?: RegistrySnapshot['consumers']
  removed?: { gateways?: string[]; apis?: string[]; consumers?: string[] }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** SQL of the snapshot, shared by the collector and the API's internal endpoint. */
export async function loadSnapshotFromStorage(storage: Storage): Promise<RegistrySnapshot> {
  const [gateways, apis, consumers] = await Promise.all([
    storage.rows(RegistrySnapshot.shape.gateways.element, 'SELECT id, instansi, token_hash FROM gateways FINAL WHERE deleted = 0'),
    storage.rows(RegistrySnapshot.shape.apis.element, 'SELECT id, instansi, gateway_id, name, version, base_path FROM apis FINAL WHERE deleted = 0'),
    storage.rows(RegistrySnapshot.shape.consumers.element, 'SELECT id, instansi, match_ids FROM consumers FINAL WHERE deleted = 0'),
  ])
  return { gateways, apis, consumers }
}

export class StorageRegistrySource implements RegistrySource {
  constructor(private readonly storage: Storage) {}
  load() {
    return loadSnapshotFromStorage(this.storage)
  }
}

export class HttpRegistrySource implements RegistrySource {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}
  async load(): Promise<RegistrySnapshot> {
    const res = await fetch(new URL('/v1/internal/registry-snapshot', this.baseUrl), {
      headers: { authorization: `Bearer ${this.token}` },
    })
    if (!res.ok) throw new Error(`registry snapshot: HTTP ${res.status}`)
    const body = (await res.json()) as { data?: unknown }
    return RegistrySnapshot.parse(body.data)
  }
}

export interface GatewayEntry {
  id: string
  instansi: string
}
export interface ApiEntry {
  id: string
  name: string
  version: string
  basePath: string
}

/** Indexed snapshot, swapped atomically on refresh. */
class Index {
  readonly gatewayByTokenHash = new Map<string, GatewayEntry>()
  /** APIs per instansi, longest base path first. */
  readonly apisByInstansi = new Map<string, ApiEntry[]>()
  readonly consumerByMatchId = new Map<string, { id: string; instansi: string }>()

  constructor(s: RegistrySnapshot) {
    for (const g of s.gateways) this.gatewayByTokenHash.set(g.token_hash, { id: g.id, instansi: g.instansi })
    for (const a of s.apis) {
      const list = this.apisByInstansi.get(a.instansi) ?? []
      list.push({ id: a.id, name: a.name, version: a.version, basePath: normalizeBasePath(a.base_path) })
      this.apisByInstansi.set(a.instansi, list)
    }
    for (const list of this.apisByInstansi.values()) list.sort((x, y) => y.basePath.length - x.basePath.length)
    for (const c of s.consumers) {
      for (const m of [c.id, ...c.match_ids]) this.consumerByMatchId.set(m, { id: c.id, instansi: c.instansi })
    }
  }

  /** Apply a change in place: rows replaced by id, removed ids dropped. */
  apply(change: RegistryChange): void {
    const goneGateways = new Set([...(change.removed?.gateways ?? []), ...(change.gateways ?? []).map((g) => g.id)])
    if (goneGateways.size) for (const [h, g] of this.gatewayByTokenHash) if (goneGateways.has(g.id)) this.gatewayByTokenHash.delete(h)
    for (const g of change.gateways ?? []) this.gatewayByTokenHash.set(g.token_hash, { id: g.id, instansi: g.instansi })
    const goneApis = new Set([...(change.removed?.apis ?? []), ...(change.apis ?? []).map((a) => a.id)])
    if (goneApis.size) {
      const touched = new Set<string>()
      for (const [instansi, list] of this.apisByInstansi) {
        const kept = list.filter((a) => !goneApis.has(a.id))
        if (kept.length !== list.length) this.apisByInstansi.set(instansi, kept), touched.add(instansi)
      }
      for (const a of change.apis ?? []) {
        const list = this.apisByInstansi.get(a.instansi) ?? []
        list.push({ id: a.id, name: a.name, version: a.version, basePath: normalizeBasePath(a.base_path) })
        this.apisByInstansi.set(a.instansi, list)
        touched.add(a.instansi)
      }
      for (const i of touched) this.apisByInstansi.get(i)?.sort((x, y) => y.basePath.length - x.basePath.length)
    }
    const goneConsumers = new Set([...(change.removed?.consumers ?? []), ...(change.consumers ?? []).map((c) => c.id)])
    if (goneConsumers.size) for (const [m, c] of this.consumerByMatchId) if (goneConsumers.has(c.id)) this.consumerByMatchId.delete(m)
    for (const c of change.consumers ?? []) for (const m of [c.id, ...c.match_ids]) this.consumerByMatchId.set(m, { id: c.id, instansi: c.instansi })
  }
}

function normalizeBasePath(p: string): string {
  const withSlash = p.startsWith('/') ? p : `/${p}`
  return withSlash.length > 1 && withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash
}

export class RegistryCache {
  private index = new Index({ gateways: [], apis: [], consumers: [] })
  private timer?: NodeJS.Timeout
  private refreshing?: Promise<void>
  /** False until the first snapshot loaded: unknown tokens then mean "cannot tell", not "refused". */
  loaded = false
  private again?: Promise<void>
  private lastMissRefresh = 0
  /** Changes applied while a load was in flight: applied again to what it loads (it may predate them). */
  private appliedDuringLoad: RegistryChange[] = []

  constructor(
    private readonly source: RegistrySource,
    private readonly refreshMs = 10_000,
  ) {}

  /**
   * Load once and keep refreshing. A collector whose registry source is down
   * at start still starts (refusing tokens it cannot check) and catches up.
   */
  async start(log: Logger = componentLogger('registry')): Promise<void> {
    let failing = false
    const tick = () =>
      this.refresh().then(
        () => {
          if (failing) log.info('registry: loaded again')
          failing = false
        },
        (e: Error) => {
          if (!failing) log.warn({ error: e, retryEveryS: this.refreshMs / 1000 }, 'registry: cannot load; retrying')
          failing = true
        },
      )
    await tick()
    this.timer = setInterval(() => void tick(), this.refreshMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
  }

  /**
   * Reload the snapshot. A call made while a load is in flight schedules one
   * more load after it, so a change written just before the call is seen.
   */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again ??= this.refreshing
        .catch(() => undefined)
        .then(() => {
          this.again = undefined
          return this.refresh()
        })
      return this.again
    }
    this.refreshing = this.source
      .load()
      .then((s) => {
        const index = new Index(s)
        for (const change of this.appliedDuringLoad) index.apply(change)
        this.index = index
        this.loaded = true
      })
      .finally(() => {
        this.refreshing = undefined
        this.appliedDuringLoad = []
      })
    return this.refreshing
  }

  /**
   * A registry write made here (the API in this process): applied to the view
   * at once, without a reload; a load in flight gets it too. Without a change,
   * a reload.
   */
  update(change?: RegistryChange): Promise<void> {
    if (!change) return this.refresh()
    this.index.apply(change)
    if (this.refreshing) this.appliedDuringLoad.push(change)
    return Promise.resolve()
  }

  /**
   * The gateway of an ingest token. An unknown token triggers a reload — at
   * most one per second, shared by every miss meanwhile — so a gateway
   * registered a moment ago is recognised within a second.
   */
  async gatewayForToken(token: string): Promise<GatewayEntry | undefined> {
    const h = hashToken(token)
    const hit = this.index.gatewayByTokenHash.get(h)
    if (hit) return hit
    const wait = this.lastMissRefresh + 1000 - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    if (Date.now() - this.lastMissRefresh >= 1000) {
      this.lastMissRefresh = Date.now()
      await this.refresh().catch(() => undefined)
    } else {
      await this.refreshing?.catch(() => undefined)
    }
    return this.index.gatewayByTokenHash.get(h)
  }

  /** The registered API of `instansi` whose base path prefixes `path`. */
  matchApi(instansi: string, path: string): ApiEntry | undefined {
    const list = this.index.apisByInstansi.get(instansi)
    if (!list) return undefined
    for (const api of list) {
      const bp = api.basePath
      if (bp === '/') return api
      if (path.startsWith(bp) && (path.length === bp.length || path[bp.length] === '/' || path[bp.length] === '?')) return api
    }
    return undefined
  }

  consumer(matchId: string): { id: string; instansi: string } | undefined {
    return this.index.consumerByMatchId.get(matchId)
  }
}
