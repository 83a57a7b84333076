/**
 * Seed a running Pantau with the demo: register the catalog through the
 * registry API (idempotent), then push the generated traffic through the
 * real ingest endpoints, most recent day first. Returns a summary with the
 * counts, the planted scenarios and the gateways' ingest tokens.
 */
import { buildCatalog, DEFAULT_SEED } from './catalog.js'
import { seedEvidence, type EvidenceSummary } from './evidence.js'
import { pushTraffic, type PushStats } from './push.js'
import { ApiClient, registerCatalog, type RegisterResult } from './register.js'
import type { Scenarios } from './scenarios.js'
import { DEFAULT_DAYS, eventsFromEnv, generateTraffic, planTraffic } from './traffic.js'

export interface SeedOptions {
  /** API base URL, e.g. http://localhost:8080 */
  apiUrl: string
  /** Collector base URL (OTLP/HTTP + native ingest), e.g. http://localhost:4318 */
  ingestUrl: string
  adminToken: string
  /** Records to push (default PANTAU_DEMO_EVENTS or 2,000,000). */
  events?: number
  days?: number
  /** End of the traffic window, epoch ms (default now). */
  endMs?: number
  seed?: string
  log?: (msg: string) => void
  /** Ingest requests in flight (default 6). */
  concurrency?: number
  /** Records per ingest request (default 4000). */
  batchSize?: number
  progressMs?: number
  /**
   * Make the collector reload the registry (in-process stacks pass
   * `() => collector.registry.refresh()`); otherwise an unknown-token
   * request triggers the reload.
   */
  refreshRegistry?: () => Promise<void>
  /** Register the SPBE evidence (policies, reviews, public status opt-ins, maintenance): evidence.ts. Default true. */
  evidence?: boolean
}

export interface DemoSummary {
  seed: string
  seededAt: string
  window: { startMs: number; endMs: number; days: number; start: string; end: string }
  events: { requested: number; generated: number; accepted: number; rejected: number }
  registry: {
    instansi: number
    unitKerja: number
    gateways: number
    apis: number
    shadowRoutes: number
    consumers: number
    unregisteredConsumers: number
  } & Pick<RegisterResult, 'created' | 'existing'>
  byInstansi: Record<string, number>
  byFormat: Record<string, number>
  byGateway: Record<string, number>
  scenarios: Scenarios
  /** Policies, reviews, public status pages and maintenance registered (null when not asked for). */
  evidence: EvidenceSummary | null
  /** Ingest token of each gateway (keep private: anyone with one can write events). */
  tokens: Record<string, string>
  timing: { registerMs: number; pushMs: number; generationMs: number; eventsPerSec: number; generatedPerSec: number }
  rejections: string[]
}

export async function seedDemo(o: SeedOptions): Promise<DemoSummary> {
  const log = o.log ?? console.log
  const seed = o.seed ?? DEFAULT_SEED
  const endMs = o.endMs ?? Date.now()
  const days = o.days ?? DEFAULT_DAYS
  const events = o.events ?? eventsFromEnv()
  const catalog = buildCatalog({ seed, endMs })

  const t0 = performance.now()
  const registered = await registerCatalog(new ApiClient(o.apiUrl, o.adminToken), catalog)
  const registerMs = performance.now() - t0
  log(`seed: registry ready in ${(registerMs / 1000).toFixed(1)} s (created ${fmt(registered.created)}; existing ${fmt(registered.existing)})`)
  await reloadRegistry(o)

  const plan = planTraffic({ catalog, events, days, endMs, seed, batchSize: o.batchSize })
  const evidence =
    o.evidence === false
      ? null
      : await seedEvidence({ apiUrl: o.apiUrl, adminToken: o.adminToken, catalog, endMs, outageInstansi: plan.scenarios.outage.instansi, log })
  if (evidence)
    log(
      `seed: ${evidence.policies} policies (${evidence.documents} PDFs), ${evidence.reviews} reviews: Indikator 7 ${evidence.period} levels ${Object.entries(
        evidence.i7Levels,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; public status pages: ${evidence.publicStatus.map((c) => `/status/${c}`).join(' ')}`,
    )
  log(`seed: pushing ${events.toLocaleString('en')} events over ${days} days to ${catalog.gateways.length} gateways of ${catalog.instansi.length} instansi`)
  const stats: PushStats = await pushTraffic(generateTraffic(plan), plan.events, {
    ingestUrl: o.ingestUrl,
    tokens: registered.tokens,
    concurrency: o.concurrency,
    log,
    progressMs: o.progressMs,
  })
  const eventsPerSec = Math.round(stats.accepted / (stats.elapsedMs / 1000))
  log(
    `seed: ${stats.accepted.toLocaleString('en')} events accepted (${stats.rejected} rejected) in ${(stats.elapsedMs / 1000).toFixed(1)} s, ${eventsPerSec.toLocaleString('en')} ev/s`,
  )
  if (stats.rejections.length) log(`seed: first rejections: ${stats.rejections.join(' | ')}`)

  const registeredApis = catalog.apis.filter((a) => a.registered).length
  const registeredConsumers = catalog.consumers.filter((c) => c.registered).length
  return {
    seed,
    seededAt: new Date().toISOString(),
    window: { startMs: plan.startMs, endMs, days, start: new Date(plan.startMs).toISOString(), end: new Date(endMs).toISOString() },
    events: { requested: events, generated: stats.generated, accepted: stats.accepted, rejected: stats.rejected },
    registry: {
      instansi: catalog.instansi.length,
      unitKerja: catalog.units.length,
      gateways: catalog.gateways.length,
      apis: registeredApis,
      shadowRoutes: catalog.apis.length - registeredApis,
      consumers: registeredConsumers,
      unregisteredConsumers: catalog.consumers.length - registeredConsumers,
      created: registered.created,
      existing: registered.existing,
    },
    byInstansi: stats.byInstansi,
    byFormat: stats.byFormat,
    byGateway: stats.byGateway,
    scenarios: plan.scenarios,
    evidence,
    tokens: registered.tokens,
    timing: {
      registerMs: Math.round(registerMs),
      pushMs: Math.round(stats.elapsedMs),
      generationMs: Math.round(stats.generationMs),
      eventsPerSec,
      generatedPerSec: Math.round(stats.generated / (stats.generationMs / 1000)),
    },
    rejections: stats.rejections,
  }
}

/** Make sure the collector sees the gateways, APIs and consumers just registered. */
async function reloadRegistry(o: SeedOptions): Promise<void> {
  if (o.refreshRegistry) {
    // twice: the first may join a reload that started before the last write
    await o.refreshRegistry()
    await o.refreshRegistry()
    return
  }
  // An unknown token makes the collector reload (at most once a second).
  for (let i = 0; i < 2; i++) {
    await new Promise((r) => setTimeout(r, 1100))
    const res = await fetch(new URL('/ingest/pasal13', o.ingestUrl), {
      method: 'POST',
      headers: { authorization: 'Bearer pgw_demo-registry-reload' },
      body: '',
    })
    await res.arrayBuffer()
  }
}

const fmt = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ')
