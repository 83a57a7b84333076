/**
 * Incidents planted in the demo traffic, with their exact parameters so
 * tests and demos can find them again: short 5xx bursts, one multi-hour
 * outage of one API, one brute-force storm of 401s from one address, one
 * path scanner, and the cross-instansi consumer edges. Everything follows
 * from the catalog, the window and the seed.
 */
import { SCANNER_PATHS, SCANNER_PREFIXES, SCANNER_SOURCE, SCANNER_USER_AGENT, STORM_SOURCE, STORM_USER_AGENT } from './reference/clients.js'
import type { DaySlot } from './diurnal.js'
import type { Catalog, DemoApi } from './model.js'
import { Rng } from './prng.js'

export interface TimeWindow {
  /** Epoch ms, inclusive. */
  startMs: number
  /** Epoch ms, exclusive. */
  endMs: number
}

export interface OutageScenario extends TimeWindow {
  apiId: string
  instansi: string
  gatewayId: string
  /** Every request of the API in the window gets one of these. */
  statuses: number[]
}

export interface BurstScenario extends TimeWindow {
  apiId: string
  instansi: string
  gatewayId: string
  /** Share of the API's requests in the window that fail with 500/502/503/504. */
  errorShare: number
}

export interface AuthStormScenario extends TimeWindow {
  apiId: string
  instansi: string
  gatewayId: string
  sourceIp: string
  userAgent: string
  method: string
  path: string
  /** Number of 401 responses, all from sourceIp. */
  attempts: number
}

export interface ScannerScenario extends TimeWindow {
  instansi: string
  gatewayId: string
  sourceIp: string
  userAgent: string
  requests: number
  /** Distinct paths probed (all answered 404). */
  distinctPaths: number
  paths: string[]
}

export interface CrossInstansiEdge {
  consumerId: string
  consumerInstansi: string
  apiId: string
  providerInstansi: string
}

export interface Scenarios {
  outage: OutageScenario
  bursts: BurstScenario[]
  authStorm: AuthStormScenario
  scanner: ScannerScenario
  crossInstansi: CrossInstansiEdge[]
}

const HOUR = 3600e3
const MIN = 60e3
const BURSTS = 6

export function planScenarios(catalog: Catalog, slots: DaySlot[], events: number, seed: string): Scenarios {
  const rng = new Rng(`scenarios:${seed}`)
  const gatewayOf = (api: DemoApi) => catalog.gateways.find((g) => g.id === api.gateway_id)!
  const live = catalog.apis.filter((a) => a.registered && a.lifecycle === 'published').sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id))
  const top = (format: string, except: DemoApi[] = []) =>
    live.find((a) => gatewayOf(a).format === format && a.auth_type !== 'none' && !except.includes(a)) ?? live.find((a) => !except.includes(a))!

  const full = slots.filter((s) => s.toMs - s.fromMs === 24 * HOUR)
  const usable = full.length ? full : slots
  const pickSlot = (from: number, to: number, prefer: (s: DaySlot) => boolean) => {
    const range = usable.filter((s) => s.index >= from && s.index <= to)
    const pool = range.filter(prefer).length ? range.filter(prefer) : range.length ? range : usable
    return rng.pick(pool)
  }
  const at = (slot: DaySlot, hours: number, minutes: number) => Math.min(slot.toMs - 1, Math.max(slot.fromMs, slot.dayStart + hours * HOUR + minutes * MIN))

  const outageApi = top('kong')
  const outageSlot = pickSlot(3, 12, (s) => s.type === 'weekday')
  const outageStart = at(outageSlot, 9, 15 * rng.int(0, 5))
  const outage: OutageScenario = {
    ...ids(outageApi),
    startMs: outageStart,
    endMs: Math.min(outageSlot.toMs, outageStart + 3 * HOUR),
    statuses: [503, 504],
  }

  const stormApi = top('apisix', [outageApi])
  const stormSlot = pickSlot(1, 8, (s) => s.type !== 'weekend')
  const stormStart = at(stormSlot, rng.int(1, 3), rng.int(0, 59))
  const resource = stormApi.resources.find((r) => r.method === 'POST') ?? stormApi.resources[0]
  const authStorm: AuthStormScenario = {
    ...ids(stormApi),
    startMs: stormStart,
    endMs: Math.min(stormSlot.toMs, stormStart + 30 * MIN),
    sourceIp: STORM_SOURCE,
    userAgent: STORM_USER_AGENT,
    method: resource.method,
    path: stormApi.base_path + resource.parts.join('1'),
    attempts: clamp(Math.round(events * 0.0025), 120, 2500, events * 0.05),
  }

  const scanGateway = rng.pick(catalog.gateways.filter((g) => !g.is_spl))
  const scanSlot = pickSlot(1, 14, (s) => s.type === 'weekend')
  const scanStart = at(scanSlot, 20, rng.int(0, 59))
  const requests = clamp(Math.round(events * 0.0015), 100, 1500, events * 0.05)
  const combos = rng.shuffle(SCANNER_PREFIXES.flatMap((p) => SCANNER_PATHS.map((path) => p + path)))
  const scanner: ScannerScenario = {
    instansi: scanGateway.instansi,
    gatewayId: scanGateway.id,
    startMs: scanStart,
    endMs: Math.min(scanSlot.toMs, scanStart + 90 * MIN),
    sourceIp: SCANNER_SOURCE,
    userAgent: SCANNER_USER_AGENT,
    requests,
    distinctPaths: Math.min(requests, combos.length),
    paths: combos.slice(0, Math.min(requests, combos.length)),
  }

  const candidates = live.filter((a) => a !== outageApi).slice(0, 20)
  const bursts: BurstScenario[] = Array.from({ length: Math.min(BURSTS, candidates.length) }, () => {
    const api = rng.pick(candidates)
    const slot = rng.pick(usable)
    const start = at(slot, rng.int(8, 16), rng.int(0, 59))
    return { ...ids(api), startMs: start, endMs: Math.min(slot.toMs, start + rng.int(15, 30) * MIN), errorShare: 0.3 + rng.next() * 0.3 }
  })

  const crossInstansi = catalog.apis.flatMap((a) =>
    a.callers
      .map((c) => catalog.consumers[c.consumer])
      .filter((c) => c.registered && c.instansi !== a.instansi)
      .map((c) => ({ consumerId: c.id, consumerInstansi: c.instansi, apiId: a.id, providerInstansi: a.instansi })),
  )
  return { outage, bursts, authStorm, scanner, crossInstansi }
}

function ids(api: DemoApi) {
  return { apiId: api.id, instansi: api.instansi, gatewayId: api.gateway_id }
}

function clamp(n: number, min: number, max: number, cap: number): number {
  return Math.max(1, Math.min(Math.floor(cap), Math.max(min, Math.min(max, n))))
}
