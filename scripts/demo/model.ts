/**
 * Shapes of the demo catalog: what gets registered (instansi, unit kerja,
 * gateways, APIs, consumers) plus what only the traffic generator needs
 * (feed format, popularity, callers, resources). Plain data, JSON-safe.
 */
import type { FeedFormat } from './reference/instansi.js'

export type { FeedFormat }

export interface DemoInstansi {
  code: string
  name: string
  kind: 'kementerian' | 'lembaga' | 'provinsi' | 'kabupaten' | 'kota'
  region: string
  parent: string
  domain: string
  /** Relative traffic volume. */
  weight: number
}

export interface DemoUnit {
  instansi: string
  code: string
  name: string
}

export interface DemoGateway {
  id: string
  instansi: string
  name: string
  product: 'wso2' | 'kong' | 'apisix' | 'nginx' | 'envoy' | 'other'
  is_spl: boolean
  splp_linked: boolean
  base_url: string
  /** How it ships its logs to Pantau. */
  format: FeedFormat
  host: string
}

export type ParamKind = 'id' | 'kode' | 'tahun' | 'nomor' | 'wilayah' | 'nib'

export interface DemoResource {
  method: string
  /** Template relative to the base path, e.g. `/faskes/{kode}`. */
  template: string
  /** Literal pieces around the params: path = parts[0] + p0 + parts[1] + … */
  parts: string[]
  params: ParamKind[]
  /** A GET without params: a list endpoint (paged). */
  list: boolean
}

export interface DemoCaller {
  /** Index into Catalog.consumers. */
  consumer: number
  weight: number
}

export interface DemoApi {
  id: string
  instansi: string
  unit_kerja: string
  gateway_id: string
  name: string
  version: string
  base_path: string
  host: string
  auth_type: 'oauth2' | 'oidc' | 'jwt' | 'api_key' | 'mtls' | 'basic' | 'none'
  published_via_spl: boolean
  lifecycle: 'created' | 'published' | 'deprecated' | 'retired'
  deprecated_at: string | null
  removal_at: string | null
  sla_availability: number
  sla_p95_ms: number
  openapi: string
  tags: string[]
  /** False for a shadow route: traffic exists, the registry does not know it. */
  registered: boolean
  /** Service template key. */
  service: string
  resources: DemoResource[]
  /** Median backend latency, ms. */
  latencyMs: number
  /** Baseline share of 5xx. */
  errorRate: number
  /** Relative traffic volume (Zipf rank within the instansi × instansi weight). */
  weight: number
  /** Called by citizens (browsers / mobile apps) besides applications. */
  public: boolean
  callers: DemoCaller[]
}

export interface DemoConsumer {
  id: string
  name: string
  /** The consuming instansi. */
  instansi: string
  owner_unit: string
  match_ids: string[]
  registered: boolean
  /** The instansi's own web/mobile front end: requests come from its users' devices. */
  frontend: boolean
  /** Consumer id as each gateway logs it. */
  kongUsername: string
  apisixUsername: string
  wso2AppName: string
  wso2AppId: string
  /** Egress address inside its own network, and towards other instansi. */
  internalIp: string
  externalIp: string
  userAgent: string
  /** End users (NIP of ASN) the application acts for. */
  users: string[]
}

export interface Catalog {
  seed: string
  endMs: number
  instansi: DemoInstansi[]
  units: DemoUnit[]
  gateways: DemoGateway[]
  /** Registered APIs and shadow routes (registered: false). */
  apis: DemoApi[]
  /** Registered consumers and unregistered applications (registered: false). */
  consumers: DemoConsumer[]
}
