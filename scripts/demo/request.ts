/**
 * How one call looks: who calls (application server or a citizen's phone),
 * which resource with which values, the status (mostly 2xx, some 4xx, a few
 * 5xx; planted incidents override it), heavy-tailed latency split into
 * backend and gateway time, sizes and TLS. Fills a reusable Req in place.
 */
import { END_USER_AGENTS, PUBLIC_FIRST_OCTETS } from './reference/clients.js'
import { nip } from './consumers.js'
import type { Req } from './formats/req.js'
import type { Catalog, DemoApi, DemoCaller, DemoConsumer, DemoGateway, DemoResource, FeedFormat } from './model.js'
import { Rng, WeightedPicker, zipfWeights } from './prng.js'
import type { AuthStormScenario, BurstScenario, OutageScenario, ScannerScenario } from './scenarios.js'

export interface ApiRuntime {
  api: DemoApi
  callers: WeightedPicker<DemoCaller>
  resources: WeightedPicker<DemoResource>
  upstream: string
  outage: OutageScenario | null
  bursts: BurstScenario[]
}

export interface GatewayRuntime {
  gw: DemoGateway
  apis: WeightedPicker<ApiRuntime>
  /** Shares of TLS 1.3 and TLS 1.2; the rest is plain HTTP. */
  tls13: number
  tls12: number
}

/** Median gateway overhead (ms) and upstream timeout (ms) by log source. */
const GATEWAY_MS: Record<FeedFormat, number> = { wso2: 9, kong: 1.8, apisix: 1.5, envoy: 1.2, nginx: 0.6, pasal13: 3, otlp: 2 }
const TIMEOUT_MS: Record<FeedFormat, number> = { wso2: 30_000, kong: 60_000, apisix: 60_000, envoy: 15_000, nginx: 60_000, pasal13: 30_000, otlp: 30_000 }
const WILAYAH = [
  '31',
  '32',
  '33',
  '34',
  '35',
  '51',
  '12',
  '73',
  '32.73',
  '35.78',
  '34.04',
  '33.74',
  '51.03',
  '73.71',
  '12.71',
  '32.01',
  '34.71',
  '51.71',
  '35.10',
  '32.75',
  '73.06',
  '33.72',
]
const POOL = 4096

export class RequestMaker {
  private readonly publicIps: string[]
  private readonly citizens: string[]
  private readonly staff = new Map<string, { ids: string[]; ips: string[] }>()
  private readonly desktop = END_USER_AGENTS.filter((ua) => ua.includes('Windows') || ua.includes('Macintosh'))

  constructor(
    private readonly catalog: Catalog,
    seed: string,
  ) {
    const rng = new Rng(`identities:${seed}`)
    this.publicIps = Array.from({ length: POOL }, () => `${rng.pick(PUBLIC_FIRST_OCTETS)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`)
    this.citizens = Array.from({ length: POOL }, () => `wn-${rng.digits(10)}`)
    catalog.instansi.forEach((inst, i) => {
      const ids = Array.from({ length: 48 }, () => nip(rng))
      const ips = Array.from({ length: 48 }, () => `10.${i + 10}.${rng.int(100, 199)}.${rng.int(2, 254)}`)
      this.staff.set(inst.code, { ids, ips })
    })
  }

  runtime(api: DemoApi, outage: OutageScenario, bursts: BurstScenario[], rng: Rng): ApiRuntime {
    const zipf = zipfWeights(api.resources.length, 1.2)
    return {
      api,
      callers: new WeightedPicker(api.callers, (c) => c.weight),
      resources: new WeightedPicker(api.resources, (_, i) => zipf[i]),
      upstream: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 254)}:${rng.pick([8080, 8080, 8443, 3000, 9000])}`,
      outage: outage.apiId === api.id ? outage : null,
      bursts: bursts.filter((b) => b.apiId === api.id),
    }
  }

  gatewayRuntime(gw: DemoGateway, apis: ApiRuntime[]): GatewayRuntime {
    const tls = gw.is_spl ? (gw.splp_linked ? [0.9, 0.09] : [0.8, 0.17]) : [0.5, 0.3]
    return { gw, apis: new WeightedPicker(apis, (a) => a.api.weight), tls13: tls[0], tls12: tls[1] }
  }

  /** An ordinary call of an API at `ts`; `load` (0..1) is how busy that hour is. */
  normal(r: Req, g: GatewayRuntime, a: ApiRuntime, ts: number, load: number, rng: Rng): void {
    const api = a.api
    const res = a.resources.pick(rng)
    this.target(r, a, res)
    let path = api.base_path + res.parts[0]
    for (let i = 0; i < res.params.length; i++) path += paramValue(res.params[i], rng) + res.parts[i + 1]
    r.path = path
    r.query = res.list && rng.next() < 0.4 ? `page=${rng.int(1, 12)}&limit=${rng.pick([20, 50, 100])}` : ''
    r.uri = r.query ? `${path}?${r.query}` : path
    r.ts = ts
    this.caller(r, api, this.catalog.consumers[a.callers.pick(rng).consumer], rng)
    r.status = statusOf(a, res, ts, rng)
    r.fault =
      r.status === 401 || r.status === 403
        ? 'AUTH'
        : r.status === 429
          ? 'THROTTLED'
          : a.outage && ts >= a.outage.startMs && ts < a.outage.endMs
            ? 'TARGET_CONNECTIVITY'
            : ''
    if (r.fault === 'AUTH') r.consumer = null
    this.timing(r, g, api.latencyMs, load, a.upstream, rng)
    this.sizes(r, res, rng)
    this.transport(r, g, rng)
  }

  /** One brute-force attempt of the storm: always 401, always the same source. */
  storm(r: Req, g: GatewayRuntime, a: ApiRuntime, s: AuthStormScenario, ts: number, rng: Rng): void {
    const res = a.api.resources.find((x) => s.path === a.api.base_path + x.parts.join('1')) ?? a.api.resources[0]
    this.target(r, a, res)
    r.method = s.method
    r.path = s.path
    r.query = ''
    r.uri = s.path
    r.ts = ts
    r.status = 401
    r.fault = 'AUTH'
    r.consumer = null
    r.clientIp = s.sourceIp
    r.userAgent = s.userAgent
    r.userId = ''
    this.timing(r, g, 0, 0, '', rng)
    r.requestBytes = rng.int(420, 520)
    r.responseBytes = rng.int(180, 230)
    r.tls = 'TLSv1.2'
    rng.fill(r.id)
  }

  /** One probe of the path scanner: an off-registry path that ends in 404. */
  scan(r: Req, g: GatewayRuntime, s: ScannerScenario, path: string, ts: number, rng: Rng): void {
    r.apiKey = {} // every probe is its own route
    r.apiName = ''
    r.apiVersion = ''
    r.basePath = path
    r.template = ''
    r.routeName = ''
    r.authType = ''
    r.method = rng.next() < 0.85 ? 'GET' : rng.pick(['HEAD', 'POST'])
    r.path = path
    r.query = ''
    r.uri = path
    r.ts = ts
    r.status = 404
    r.fault = ''
    r.consumer = null
    r.clientIp = s.sourceIp
    r.userAgent = s.userAgent
    r.userId = ''
    r.backendMs = rng.logNormal(3, 0.5)
    r.gatewayMs = rng.logNormal(GATEWAY_MS[g.gw.format], 0.4)
    r.totalMs = r.backendMs + r.gatewayMs
    r.upstream = '10.250.0.10:8080'
    r.requestBytes = rng.int(160, 260)
    r.responseBytes = rng.int(300, 560)
    r.tls = rng.next() < 0.5 ? 'TLSv1.2' : ''
    rng.fill(r.id)
  }

  private target(r: Req, a: ApiRuntime, res: DemoResource): void {
    const api = a.api
    r.apiKey = a
    r.apiName = api.registered ? api.name : ''
    r.apiVersion = api.version
    r.basePath = api.base_path
    r.template = res.template
    r.routeName = api.registered ? api.id : api.base_path.slice(1).replaceAll('/', '-')
    r.authType = api.auth_type
    r.method = res.method
  }

  private caller(r: Req, api: DemoApi, c: DemoConsumer, rng: Rng): void {
    if (c.frontend) {
      const staff = this.staff.get(api.instansi)!
      const citizen = api.public
      r.clientIp = citizen ? this.publicIps[rng.u32() & (POOL - 1)] : staff.ips[rng.u32() % staff.ips.length]
      r.userAgent = citizen ? END_USER_AGENTS[rng.u32() % END_USER_AGENTS.length] : this.desktop[rng.u32() % this.desktop.length]
      r.userId = citizen ? this.citizens[rng.u32() & (POOL - 1)] : staff.ids[rng.u32() % staff.ids.length]
    } else {
      r.clientIp = c.instansi === api.instansi ? c.internalIp : c.externalIp
      r.userAgent = c.userAgent
      r.userId = c.users[rng.u32() % c.users.length]
    }
    if (api.auth_type === 'none') {
      r.consumer = null
      r.userId = ''
    } else r.consumer = c
  }

  private timing(r: Req, g: GatewayRuntime, medianMs: number, load: number, upstream: string, rng: Rng): void {
    const format = g.gw.format
    const gwMs = rng.logNormal(GATEWAY_MS[format], 0.45)
    const timeout = TIMEOUT_MS[format]
    let backend: number
    if (r.fault === 'AUTH' || r.fault === 'THROTTLED') backend = -1
    else if (r.status === 504) backend = timeout
    else if (r.fault === 'TARGET_CONNECTIVITY')
      backend = -1 // 503: no healthy upstream
    else if (r.status === 502 || r.status === 503) backend = rng.logNormal(6, 0.8)
    else if (rng.next() < 0.015) backend = Math.min(timeout * 0.9, rng.pareto(medianMs * 2.5, 1.4))
    else backend = rng.logNormal(medianMs * (0.75 + 0.5 * load) * (r.status >= 500 ? 1.4 : 1), 0.55)
    r.backendMs = backend
    r.gatewayMs = r.fault === 'AUTH' ? gwMs * 1.6 : gwMs
    r.totalMs = Math.max(backend, 0) + r.gatewayMs
    r.upstream = backend < 0 ? '' : upstream
  }

  private sizes(r: Req, res: DemoResource, rng: Rng): void {
    const body = r.method === 'GET' || r.method === 'HEAD' ? 0 : rng.logNormal(650, 0.9)
    r.requestBytes = Math.round(rng.int(280, 720) + body)
    const out =
      r.status >= 300 ? rng.logNormal(260, 0.2) : res.list ? rng.logNormal(9000, 0.7) : r.method === 'GET' ? rng.logNormal(1600, 0.6) : rng.logNormal(420, 0.5)
    r.responseBytes = Math.round(out + rng.int(300, 420))
  }

  private transport(r: Req, g: GatewayRuntime, rng: Rng): void {
    const u = rng.next()
    r.tls = u < g.tls13 ? 'TLSv1.3' : u < g.tls13 + g.tls12 ? 'TLSv1.2' : ''
    rng.fill(r.id)
  }
}

function paramValue(kind: DemoResource['params'][number], rng: Rng): string {
  switch (kind) {
    case 'id':
      return String(rng.int(1, 250_000))
    case 'kode':
      return rng.digits(8)
    case 'tahun':
      return String(rng.int(2021, 2025))
    case 'nomor':
      return `${rng.int(2023, 2025)}${rng.int(100_000, 999_999)}`
    case 'wilayah':
      return WILAYAH[rng.u32() % WILAYAH.length]
    case 'nib':
      return rng.digits(13)
  }
}

const SERVER_ERRORS = [500, 500, 500, 502, 502, 503, 504]

function statusOf(a: ApiRuntime, res: DemoResource, ts: number, rng: Rng): number {
  const o = a.outage
  if (o && ts >= o.startMs && ts < o.endMs) return rng.next() < 0.7 ? o.statuses[0] : o.statuses[1]
  for (const b of a.bursts) if (ts >= b.startMs && ts < b.endMs && rng.next() < b.errorShare) return SERVER_ERRORS[rng.u32() % SERVER_ERRORS.length]
  const api = a.api
  if (rng.next() < api.errorRate) return SERVER_ERRORS[rng.u32() % SERVER_ERRORS.length]
  const u = rng.next()
  const write = res.method !== 'GET'
  let p = 0.01
  if (u < p) return 400
  if (api.auth_type !== 'none' && u < (p += 0.004)) return 401
  if (api.auth_type !== 'none' && u < (p += 0.002)) return 403
  if (u < (p += res.params.length ? 0.01 : 0.002)) return 404
  if (write && u < (p += 0.008)) return 422
  if (u < (p += 0.002)) return 429
  return write && res.method === 'POST' && res.template.length % 2 === 0 ? 201 : 200
}
