/**
 * The demo's live traffic after seeding: a few events a second per gateway,
 * stamped "now", in each gateway's own log format, through the real ingest
 * endpoints with its ingest token — so the dashboards' last minutes keep
 * moving and no gateway is alerted as silent while the demo runs. Calls are
 * made like the seeded ones (request.ts: callers, resources, the usual mix of
 * 2xx, some 4xx and a few 5xx, latency by the hour's load). `stop()` lets the
 * requests in flight finish and sends nothing after it resolves.
 */
import { daySlots, loadAt } from './diurnal.js'
import { emptyReq, ENCODERS, JsonWriter, type Req } from './formats/index.js'
import type { Catalog } from './model.js'
import { Rng } from './prng.js'
import { type GatewayRuntime, RequestMaker } from './request.js'
import type { OutageScenario } from './scenarios.js'

export interface TrickleOptions {
  ingestUrl: string
  /** Ingest token by gateway id (the seed summary's `tokens`). */
  tokens: Record<string, string>
  catalog: Catalog
  /** Average events per second per gateway (default 2). */
  perGatewayPerSec?: number
  /** How often each gateway sends what accumulated (default 5 s): one request per gateway per tick. */
  tickMs?: number
  /** Only these gateways (default: every gateway with a token). */
  gateways?: readonly string[]
  log?: (msg: string) => void
}

export interface TrickleStats {
  ticks: number
  requests: number
  accepted: number
  rejected: number
  failed: number
  byStatusClass: Record<string, number>
}

export interface Trickle {
  readonly stats: TrickleStats
  stop(): Promise<void>
}

/** Requests in flight across gateways. */
const CONCURRENCY = 4
/** No planted outage in live traffic. */
const NO_OUTAGE: OutageScenario = { apiId: '', instansi: '', gatewayId: '', startMs: 0, endMs: 0, statuses: [] }

export function trickleRateFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PANTAU_DEMO_TRICKLE ?? 2)
  return Number.isFinite(n) && n >= 0 ? n : 2
}

interface Feed {
  rt: GatewayRuntime
  req: Req
  token: string
  /** Events not yet sent (fractions carry over to the next tick). */
  owed: number
}

export function startTrickle(o: TrickleOptions): Trickle {
  const rate = o.perGatewayPerSec ?? 2
  const tickMs = o.tickMs ?? 5000
  const log = o.log ?? (() => undefined)
  const maker = new RequestMaker(o.catalog, `${o.catalog.seed}:live`)
  const rng = new Rng(`live:${o.catalog.seed}:${Date.now()}`)
  const only = o.gateways ? new Set(o.gateways) : undefined
  const feeds: Feed[] = o.catalog.gateways
    .filter((gw) => o.tokens[gw.id] && (!only || only.has(gw.id)))
    .map((gw) => {
      const apis = o.catalog.apis.filter((a) => a.gateway_id === gw.id && a.weight > 0).map((a) => maker.runtime(a, NO_OUTAGE, [], rng.fork(a.id)))
      return { rt: maker.gatewayRuntime(gw, apis), req: emptyReq(gw), token: o.tokens[gw.id], owed: rng.next() * rate * (tickMs / 1000) }
    })
    .filter((f) => f.rt.apis.items.length > 0)
  const stats: TrickleStats = { ticks: 0, requests: 0, accepted: 0, rejected: 0, failed: 0, byStatusClass: {} }
  const w = new JsonWriter()
  let stopped = false
  let last = Date.now()
  let running: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined

  const send = async (f: Feed, body: Buffer, records: number): Promise<void> => {
    const encoder = ENCODERS[f.rt.gw.format]
    try {
      const res = await fetch(new URL(encoder.path, o.ingestUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${f.token}`, 'content-type': encoder.contentType },
        body: body as unknown as BodyInit,
      })
      const text = await res.text()
      stats.requests++
      if (res.status !== 200 && res.status !== 400) throw new Error(`${res.status} ${text.slice(0, 200)}`)
      const answer = text ? JSON.parse(text) : {}
      const rejected = Number(answer.rejected ?? answer.partialSuccess?.rejectedLogRecords ?? 0)
      stats.rejected += rejected
      // OTLP answers only what it refused
      stats.accepted += typeof answer.accepted === 'number' ? answer.accepted : records - rejected
    } catch (e) {
      // a busy or restarting collector: live traffic is best effort, the next tick sends again
      if (stats.failed++ % 100 === 0) log(`demo: live traffic to ${f.rt.gw.id} failed: ${(e as Error).message}`)
    }
  }

  const tick = async (): Promise<void> => {
    const now = Date.now()
    const span = Math.max(1, now - last)
    last = now
    stats.ticks++
    const slot = daySlots(now - 1, now)[0]!
    const batches: Array<{ f: Feed; body: Buffer; records: number }> = []
    for (const f of feeds) {
      f.owed += rate * (span / 1000) * (0.6 + 0.8 * rng.next())
      const n = Math.floor(f.owed)
      f.owed -= n
      if (n === 0) continue
      const encoder = ENCODERS[f.rt.gw.format]
      encoder.open(w, f.rt.gw)
      for (let i = 0; i < n; i++) {
        if (i > 0) w.str(encoder.separator)
        const ts = Math.floor(now - span + ((i + rng.next()) * span) / n)
        maker.normal(f.req, f.rt, f.rt.apis.pick(rng), Math.min(ts, now), loadAt(slot, ts), rng)
        const cls = `${Math.floor(f.req.status / 100)}xx`
        stats.byStatusClass[cls] = (stats.byStatusClass[cls] ?? 0) + 1
        encoder.write(w, f.req)
      }
      encoder.close(w, f.rt.gw)
      batches.push({ f, body: w.take(), records: n })
    }
    let next = 0
    const worker = async () => {
      while (next < batches.length) {
        const b = batches[next++]!
        await send(b.f, b.body, b.records)
      }
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batches.length) }, worker))
  }

  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      running = tick().finally(schedule)
    }, tickMs)
  }
  if (rate > 0 && feeds.length > 0) {
    schedule()
    log(`demo: live traffic: about ${rate} events/s on each of ${feeds.length} gateways (PANTAU_DEMO_TRICKLE), every ${tickMs / 1000} s`)
  }

  return {
    stats,
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}
