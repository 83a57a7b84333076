/**
 * Deterministic demo traffic: request records over a window (default the 30
 * days before now) in each gateway's NATIVE log format (WSO2 analytics
 * events, Kong and APISIX logger JSON, nginx JSON log lines, Envoy JSON
 * access logs, Pasal 13 lines, OTLP/JSON logs), yielded as per-gateway
 * batches ready to POST to the collector.
 *
 * Volume follows the WIB diurnal curve (diurnal.ts), API popularity a Zipf
 * law within each instansi, callers the consumer graph (consumers.ts), and
 * the planted incidents (scenarios.ts) override what they touch. Batches
 * come day by day, most recent day first, every gateway each day, so a
 * partial push already covers every instansi for the recent past.
 *
 * Generation is cheap: one reusable Req per gateway, records built as JSON
 * text directly, one PRNG stream per (day, gateway).
 */
import { daySlots, loadAt, sortedTimes, type DaySlot } from './diurnal.js'
import { assertJsonSafe, emptyReq, ENCODERS, JsonWriter, type Req } from './formats/index.js'
import type { Catalog, DemoGateway, FeedFormat } from './model.js'
import { apportion, Rng } from './prng.js'
import { RequestMaker, type GatewayRuntime } from './request.js'
import { planScenarios, type Scenarios } from './scenarios.js'

export const DEFAULT_EVENTS = 2_000_000
export const DEFAULT_DAYS = 30
const DAY = 86400e3

export interface TrafficOptions {
  catalog: Catalog
  /** Total records (planted incidents included). Default PANTAU_DEMO_EVENTS or 2,000,000. */
  events?: number
  days?: number
  /** End of the window, epoch ms (default: the catalog's endMs). */
  endMs?: number
  seed?: string
  /** Records per batch (one ingest request). */
  batchSize?: number
}

export interface TrafficBatch {
  gateway: DemoGateway
  format: FeedFormat
  /** Collector path: `/ingest/{format}` or `/v1/logs`. */
  path: string
  contentType: string
  /** Day slot, 0 = most recent. */
  day: number
  records: number
  body: Buffer
}

export interface TrafficPlan {
  catalog: Catalog
  seed: string
  events: number
  startMs: number
  endMs: number
  batchSize: number
  slots: DaySlot[]
  scenarios: Scenarios
  /** Ordinary records per [slot][gateway index]. */
  counts: number[][]
}

export function eventsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PANTAU_DEMO_EVENTS ?? DEFAULT_EVENTS)
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : DEFAULT_EVENTS
}

export function planTraffic(o: TrafficOptions): TrafficPlan {
  const catalog = o.catalog
  const seed = o.seed ?? catalog.seed
  const events = o.events ?? eventsFromEnv()
  const endMs = o.endMs ?? catalog.endMs
  const startMs = endMs - (o.days ?? DEFAULT_DAYS) * DAY
  const slots = daySlots(startMs, endMs)
  const scenarios = planScenarios(catalog, slots, events, seed)
  const regular = Math.max(0, events - scenarios.authStorm.attempts - scenarios.scanner.requests)
  const perSlot = apportion(
    regular,
    slots.map((s) => s.weight),
  )
  const gwWeights = catalog.gateways.map((g) => catalog.apis.filter((a) => a.gateway_id === g.id).reduce((n, a) => n + a.weight, 0))
  const rng = new Rng(`volume:${seed}`)
  const counts = perSlot.map((n) =>
    atLeastOne(
      apportion(
        n,
        gwWeights.map((w) => w * (0.85 + 0.3 * rng.next())),
      ),
    ),
  )
  return { catalog, seed, events, startMs, endMs, batchSize: o.batchSize ?? 4000, slots, scenarios, counts }
}

/** Give every gateway at least one record of the slot when there are enough to go round. */
function atLeastOne(parts: number[]): number[] {
  const total = parts.reduce((a, b) => a + b, 0)
  if (total < parts.length * 4) return parts
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] > 0) continue
    parts[parts.indexOf(Math.max(...parts))]--
    parts[i] = 1
  }
  return parts
}

export function* generateTraffic(plan: TrafficPlan): Generator<TrafficBatch> {
  const { catalog, scenarios } = plan
  assertJsonSafe(catalog)
  const w = new JsonWriter()
  const maker = new RequestMaker(catalog, plan.seed)
  const rtRng = new Rng(`runtime:${plan.seed}`)
  const runtimes: GatewayRuntime[] = catalog.gateways.map((gw) =>
    maker.gatewayRuntime(
      gw,
      catalog.apis.filter((a) => a.gateway_id === gw.id && a.weight > 0).map((a) => maker.runtime(a, scenarios.outage, scenarios.bursts, rtRng.fork(a.id))),
    ),
  )
  const reqs = catalog.gateways.map((gw) => emptyReq(gw))
  const times = new Float64Array(Math.max(...plan.counts.flat(), 1))
  const root = new Rng(`traffic:${plan.seed}`)
  for (const slot of plan.slots) {
    for (let g = 0; g < runtimes.length; g++) {
      const rt = runtimes[g]
      const n = plan.counts[slot.index][g]
      const rng = root.fork(`${slot.index}:${rt.gw.id}`)
      sortedTimes(slot, n, () => rng.next(), times)
      yield* batches(
        w,
        plan,
        rt,
        slot.index,
        n,
        (r, i) => {
          const ts = times[i]
          maker.normal(r, rt, rt.apis.pick(rng), ts, loadAt(slot, ts), rng)
        },
        reqs[g],
      )
      yield* plantedIn(w, plan, maker, rt, slot, reqs[g])
    }
  }
}

/** The storm and scanner records that fall in this slot on this gateway. */
function* plantedIn(w: JsonWriter, plan: TrafficPlan, maker: RequestMaker, rt: GatewayRuntime, slot: DaySlot, r: Req): Generator<TrafficBatch> {
  const { authStorm: storm, scanner } = plan.scenarios
  const inSlot = (ms: number) => ms >= slot.fromMs && ms < slot.toMs
  if (storm.gatewayId === rt.gw.id && inSlot(storm.startMs)) {
    const rng = new Rng(`storm:${plan.seed}`)
    const api = rt.apis.items.find((a) => a.api.id === storm.apiId)!
    const step = (storm.endMs - storm.startMs) / storm.attempts
    yield* batches(
      w,
      plan,
      rt,
      slot.index,
      storm.attempts,
      (x, i) => maker.storm(x, rt, api, storm, Math.floor(storm.startMs + (i + rng.next() * 0.9) * step), rng),
      r,
    )
  }
  if (scanner.gatewayId === rt.gw.id && inSlot(scanner.startMs)) {
    const rng = new Rng(`scanner:${plan.seed}`)
    const step = (scanner.endMs - scanner.startMs) / scanner.requests
    yield* batches(
      w,
      plan,
      rt,
      slot.index,
      scanner.requests,
      (x, i) => maker.scan(x, rt, scanner, scanner.paths[i % scanner.paths.length], Math.floor(scanner.startMs + (i + rng.next() * 0.9) * step), rng),
      r,
    )
  }
}

/** Run `fill` n times into the gateway's Req, encode each, and cut batches. */
function* batches(
  w: JsonWriter,
  plan: TrafficPlan,
  rt: GatewayRuntime,
  day: number,
  n: number,
  fill: (r: Req, i: number) => void,
  r: Req,
): Generator<TrafficBatch> {
  const encoder = ENCODERS[rt.gw.format]
  for (let done = 0; done < n; ) {
    const size = Math.min(plan.batchSize, n - done)
    encoder.open(w, rt.gw)
    for (let i = 0; i < size; i++) {
      if (i > 0) w.str(encoder.separator)
      fill(r, done + i)
      encoder.write(w, r)
    }
    encoder.close(w, rt.gw)
    done += size
    yield { gateway: rt.gw, format: rt.gw.format, path: encoder.path, contentType: encoder.contentType, day, records: size, body: w.take() }
  }
}
