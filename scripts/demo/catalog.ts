/**
 * The demo catalog, deterministic for a seed: real instansi with their unit
 * kerja / perangkat daerah, 1–2 gateways each (WSO2 most common, then Kong,
 * APISIX, Envoy, nginx; a few non-SPL nginx proxies), 200+ APIs with
 * versioned base paths, lifecycles and SLAs, shadow routes, and the consumer
 * applications that call across instansi (see consumers.ts).
 */
import { INSTANSI, shortName, type GatewaySeed, type InstansiSeed } from './reference/instansi.js'
import { PERANGKAT_DAERAH } from './reference/perangkat-daerah.js'
import { SERVICES, type ServiceKey } from './reference/services.js'
import { SHADOW_ROUTES } from './reference/clients.js'
import { buildConsumers } from './consumers.js'
import type { Catalog, DemoApi, DemoGateway, DemoInstansi, DemoResource, DemoUnit, ParamKind } from './model.js'
import { openapiDocument } from './openapi.js'
import { Rng, zipfWeights } from './prng.js'

export type * from './model.js'

const DAY = 86400e3
const PRODUCT_LABEL: Record<DemoGateway['product'], string> = {
  wso2: 'WSO2 API Manager 4.3',
  kong: 'Kong Gateway 3.8',
  apisix: 'Apache APISIX 3.9',
  nginx: 'NGINX',
  envoy: 'Envoy Gateway',
  other: 'Gateway Internal',
}
const DEFAULT_AUTH: Record<string, DemoApi['auth_type'][]> = {
  wso2: ['oauth2', 'oauth2', 'oauth2', 'jwt'],
  kong: ['api_key', 'jwt', 'oauth2'],
  apisix: ['jwt', 'api_key'],
  envoy: ['jwt', 'mtls', 'oauth2'],
  nginx: ['basic', 'api_key', 'none'],
  pasal13: ['jwt', 'oauth2'],
  otlp: ['oauth2', 'jwt'],
}
/** Most APIs are published; a few are still being built or are being phased out. */
const CREATED_SHARE = 0.08
const DEPRECATED_SHARE = 0.04
const MAX_PEMDA_APIS = 10
/** Pasal 9: at least 6 months between deprecation and removal. */
const SIX_MONTHS = 183 * DAY

export const DEFAULT_SEED = 'pantau-demo'

export interface CatalogOptions {
  seed?: string
  /** End of the traffic window; deprecation dates are placed relative to it. */
  endMs?: number
}

export function buildCatalog({ seed = DEFAULT_SEED, endMs = Date.now() }: CatalogOptions = {}): Catalog {
  const rng = new Rng(`catalog:${seed}`)
  const instansi = INSTANSI.map(toInstansi)
  const units = INSTANSI.flatMap(unitsOf)
  const gateways = INSTANSI.flatMap((s) => s.gateways.map((g) => toGateway(s, g)))
  const apis: DemoApi[] = []
  for (const s of INSTANSI) apis.push(...apisOf(s, gateways, rng.fork(s.code), endMs))
  addShadowRoutes(apis, gateways, rng.fork('shadow'))
  const consumers = buildConsumers(INSTANSI, apis, gateways, rng.fork('consumers'))
  return { seed, endMs, instansi, units, gateways, apis, consumers }
}

function toInstansi(s: InstansiSeed): DemoInstansi {
  const parent = 'parent' in s ? (s.parent ?? '') : ''
  const provinsi = INSTANSI.find((p) => p.code === parent)
  const region = 'units' in s ? 'Nasional' : s.region || (provinsi && 'region' in provinsi ? provinsi.region : '')
  return { code: s.code, name: s.name, kind: s.kind, region, parent, domain: s.domain, weight: s.weight }
}

function unitsOf(s: InstansiSeed): DemoUnit[] {
  if ('units' in s) return s.units.map((u) => ({ instansi: s.code, code: u.code, name: u.name }))
  return s.pd.map((key) => {
    const pd = PERANGKAT_DAERAH[key] as { name: string; provinsiName?: string }
    return { instansi: s.code, code: key, name: s.kind === 'provinsi' ? (pd.provinsiName ?? pd.name) : pd.name }
  })
}

function toGateway(s: InstansiSeed, g: GatewaySeed): DemoGateway {
  const product = g.product ?? (g.format === 'pasal13' ? 'other' : g.format === 'otlp' ? 'envoy' : g.format)
  const host = g.direct ? `layanan.${s.domain}` : `api.${s.domain}`
  const short = shortName(s.name)
  return {
    id: g.direct ? `${s.code}-proxy-langsung` : `${s.code}-${product}`,
    instansi: s.code,
    name: g.direct ? `Proxy Langsung ${short} (${PRODUCT_LABEL.nginx})` : `SPL ${short} (${PRODUCT_LABEL[product]})`,
    product,
    is_spl: !g.direct,
    splp_linked: !!g.splp,
    base_url: `https://${host}`,
    format: g.format,
    host,
  }
}

/** Services some consumer application calls. */
const CALLED = new Set<string>([
  ...INSTANSI.flatMap((s) => ('units' in s ? s.units.flatMap((u) => (u.apps ?? []).flatMap((a) => a.calls)) : [])),
  ...Object.values(PERANGKAT_DAERAH).flatMap((pd) => (pd.apps as Array<{ calls: string[] }>).flatMap((a) => a.calls)),
])

/** (service, owner unit) pairs an instansi publishes, most popular first. */
function servicesOf(s: InstansiSeed, rng: Rng): Array<{ key: ServiceKey; unit: string }> {
  if ('units' in s) return s.units.flatMap((u) => u.services.map((key) => ({ key, unit: u.code })))
  const out: Array<{ key: ServiceKey; unit: string }> = []
  for (const key of s.pd) {
    const pd = PERANGKAT_DAERAH[key] as { services: ServiceKey[]; provinsiServices?: ServiceKey[] }
    const list = s.kind === 'provinsi' ? (pd.provinsiServices ?? pd.services) : pd.services
    const take = key === 'diskominfo' ? list.length : rng.int(1, 2)
    for (const svc of list.slice(0, take)) out.push({ key: svc, unit: key })
  }
  return rng.shuffle(out).slice(0, MAX_PEMDA_APIS)
}

function apisOf(s: InstansiSeed, allGateways: DemoGateway[], rng: Rng, endMs: number): DemoApi[] {
  const gateways = allGateways.filter((g) => g.instansi === s.code)
  const main = gateways.find((g) => g.is_spl) ?? gateways[0]
  const direct = gateways.find((g) => !g.is_spl)
  const services = servicesOf(s, rng)
  const zipf = zipfWeights(services.length, 1.05)
  const out: DemoApi[] = []
  services.forEach(({ key, unit }, rank) => {
    const seedGw = s.gateways.findIndex((g) => g.units?.includes(unit))
    let gw = seedGw >= 0 ? gateways[seedGw] : main
    if (direct && rank > 0 && rank % 3 === 1 && out.filter((a) => !a.published_via_spl).length < 2) gw = direct
    const weight = s.weight * zipf[rank] * (0.7 + 0.6 * rng.next())
    const t = SERVICES[key]
    const base = { s, key, unit, gw, rng }
    if (t.v2) {
      const deprecatedAt = t.shortNotice ? endMs - 25 * DAY : endMs - rng.int(60, 150) * DAY
      const removalAt = t.shortNotice ? deprecatedAt + 100 * DAY : deprecatedAt + SIX_MONTHS + rng.int(0, 180) * DAY
      out.push(makeApi({ ...base, major: 1, weight: weight * 0.3, lifecycle: 'deprecated', deprecatedAt, removalAt }))
      out.push(makeApi({ ...base, major: 2, weight: weight * 0.7, lifecycle: 'published' }))
      return
    }
    // new (created) APIs are ones no application integrates yet
    const roll = rank === 0 ? 1 : rng.next()
    if (roll < CREATED_SHARE && !CALLED.has(key)) out.push(makeApi({ ...base, major: 1, weight: weight * 0.01, lifecycle: 'created' }))
    else if (roll < CREATED_SHARE + DEPRECATED_SHARE) {
      const deprecatedAt = endMs - rng.int(30, 120) * DAY
      out.push(
        makeApi({
          ...base,
          major: 1,
          weight: weight * 0.5,
          lifecycle: 'deprecated',
          deprecatedAt,
          removalAt: deprecatedAt + SIX_MONTHS + rng.int(30, 200) * DAY,
        }),
      )
    } else out.push(makeApi({ ...base, major: 1, weight, lifecycle: 'published' }))
  })
  return out
}

interface ApiSpec {
  s: InstansiSeed
  key: ServiceKey
  unit: string
  gw: DemoGateway
  rng: Rng
  major: number
  weight: number
  lifecycle: DemoApi['lifecycle']
  deprecatedAt?: number
  removalAt?: number
}

function makeApi({ s, key, unit, gw, rng, major, weight, lifecycle, deprecatedAt, removalAt }: ApiSpec): DemoApi {
  const t = SERVICES[key]
  const version = `${major}.${rng.int(0, 6)}.${rng.int(0, 9)}`
  const auth_type = t.auth ?? rng.pick(DEFAULT_AUTH[gw.format])
  const api: DemoApi = {
    id: `${s.code}.${t.slug}.v${major}`,
    instansi: s.code,
    unit_kerja: unit,
    gateway_id: gw.id,
    name: major > 1 ? `${t.name} v${major}` : t.name,
    version,
    base_path: `/${t.slug}/v${major}`,
    host: gw.host,
    auth_type,
    published_via_spl: gw.is_spl,
    lifecycle,
    deprecated_at: deprecatedAt === undefined ? null : new Date(deprecatedAt).toISOString(),
    removal_at: removalAt === undefined ? null : new Date(removalAt).toISOString(),
    sla_availability: rng.pick([99, 99.5, 99.5, 99.9, 99.9, 99.95]),
    sla_p95_ms: Math.min(3000, Math.max(300, Math.round((t.latencyMs * 4) / 100) * 100)),
    openapi: '',
    tags: [t.sector],
    registered: true,
    service: key,
    resources: t.resources.map(parseResource),
    latencyMs: t.latencyMs,
    errorRate: rng.pick([0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.02]),
    weight,
    public: !!t.public,
    callers: [],
  }
  if (rng.next() < 0.85) api.openapi = openapiDocument(api)
  return api
}

const PARAM_KINDS: readonly string[] = ['id', 'kode', 'tahun', 'nomor', 'wilayah', 'nib']

/** "GET /apbd/{wilayah}/{tahun}" → literal parts and param kinds. */
export function parseResource(spec: string): DemoResource {
  const [method, template] = spec.split(' ') as [string, string]
  const parts: string[] = []
  const params: ParamKind[] = []
  let last = 0
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    if (!PARAM_KINDS.includes(m[1])) throw new Error(`unknown path param {${m[1]}} in ${spec}`)
    parts.push(template.slice(last, m.index))
    params.push(m[1] as ParamKind)
    last = m.index! + m[0].length
  }
  parts.push(template.slice(last))
  return { method, template, parts, params, list: method === 'GET' && params.length === 0 }
}

/** Off-registry routes on some gateways: traffic the registry cannot attribute. */
function addShadowRoutes(apis: DemoApi[], gateways: DemoGateway[], rng: Rng): void {
  const hosts = rng.shuffle(gateways).slice(0, SHADOW_ROUTES.length + 1)
  hosts.forEach((gw, i) => {
    const route = SHADOW_ROUTES[i % SHADOW_ROUTES.length]
    const peers = apis.filter((a) => a.gateway_id === gw.id)
    const avg = peers.reduce((n, a) => n + a.weight, 0) / Math.max(1, peers.length)
    apis.push({
      id: `${gw.instansi}.shadow${route.base.replaceAll('/', '.')}`,
      gateway_id: gw.id,
      instansi: gw.instansi,
      unit_kerja: '',
      name: route.base,
      version: '',
      base_path: route.base,
      host: gw.host,
      auth_type: 'none',
      published_via_spl: gw.is_spl,
      lifecycle: 'published',
      sla_availability: 0,
      sla_p95_ms: 0,
      deprecated_at: null,
      removal_at: null,
      openapi: '',
      tags: [],
      registered: false,
      service: 'shadow',
      resources: route.resources.map(parseResource),
      latencyMs: 120,
      errorRate: 0.01,
      weight: avg * 0.25 || 0.2,
      public: false,
      callers: [],
    })
  })
}
