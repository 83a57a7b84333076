/**
 * Which gateway an OpenTelemetry Collector record on Kafka belongs to. There
 * is no Pantau process at the edge to check a token, so the writer does what
 * the collector's HTTP source does: a record header carrying an ingest token
 * (the exporter's `record_headers`) decides the gateway, and so the instansi;
 * a record without one belongs to the gateway its topic is mapped to
 * (PANTAU_OTLP_KAFKA_GATEWAYS). A token that is unknown or revoked is
 * refused, never replaced by the topic's gateway: a record cannot claim
 * another instansi, and a revoked edge stops being believed. Whatever cannot
 * be attributed is refused with the reason (to dead_letters).
 */
import type { IHeaders } from 'kafkajs'
import { type GatewayEntry, hashToken, RegistryCache, type RegistrySnapshot, type RegistrySource } from '../../shared/registry/cache.js'
import type { OtlpKafkaConfig } from '../kafka/config.js'
import type { GatewayContext } from '../transforms/types.js'

export type Attribution =
  | { ok: true; gateway: GatewayContext; via: 'token' | 'topic' }
  /** `gatewayId`: the gateway the record named or was mapped to, when there is one. */
  | { ok: false; field: string; reason: string; gatewayId: string }

/**
 * The registry of the writer: the cache the transforms enrich from, plus
 * gateways by token and by id. A miss reloads the registry (unless it was
 * read less than a second ago) and throws when it cannot be read, so a
 * storage hiccup retries the range instead of refusing a good token.
 */
export class WriterRegistry implements RegistrySource {
  readonly cache: RegistryCache
  private byId = new Map<string, GatewayEntry>()
  private byTokenHash = new Map<string, GatewayEntry>()
  private lastLoad = 0

  constructor(private readonly source: RegistrySource) {
    this.cache = new RegistryCache(this)
  }

  async load(): Promise<RegistrySnapshot> {
    const snapshot = await this.source.load()
    this.byId = new Map(snapshot.gateways.map((g) => [g.id, { id: g.id, instansi: g.instansi }]))
    this.byTokenHash = new Map(snapshot.gateways.map((g) => [g.token_hash, { id: g.id, instansi: g.instansi }]))
    this.lastLoad = Date.now()
    return snapshot
  }

  /** The gateway of an ingest token (a gateway registered a moment ago is found by the reload). */
  gatewayForToken(token: string): Promise<GatewayEntry | undefined> {
    const h = hashToken(token)
    return this.lookup(() => this.byTokenHash.get(h))
  }

  /** A gateway by id. */
  gateway(id: string): Promise<GatewayEntry | undefined> {
    return this.lookup(() => this.byId.get(id))
  }

  private async lookup(find: () => GatewayEntry | undefined): Promise<GatewayEntry | undefined> {
    const hit = find()
    if (hit || Date.now() - this.lastLoad < 1000) return hit
    await this.cache.refresh()
    return find()
  }
}

/** The value of a header, by name without regard to case; undefined when absent. */
export function headerValues(headers: IHeaders | undefined, name: string): string[] | undefined {
  if (!headers) return undefined
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue
    return (Array.isArray(value) ? value : [value]).map((v) => v.toString())
  }
  return undefined
}

/** Attribution of one batch's records; tokens are looked up once per batch (an unknown one costs a registry reload). */
export class BatchAttributor {
  private readonly tokens = new Map<string, Promise<GatewayEntry | undefined>>()

  constructor(
    private readonly registry: WriterRegistry,
    private readonly cfg: Pick<OtlpKafkaConfig, 'tokenHeader' | 'gateways'>,
  ) {}

  async of(topic: string, headers: IHeaders | undefined): Promise<Attribution> {
    const field = `header ${this.cfg.tokenHeader}`
    const values = headerValues(headers, this.cfg.tokenHeader)
    if (values !== undefined) {
      const tokens = [...new Set(values.map((v) => v.replace(/^Bearer\s+/i, '').trim()))]
      if (tokens.length !== 1 || tokens[0] === '')
        return { ok: false, field, reason: `the record carries ${tokens.length === 1 ? 'an empty' : 'more than one'} ingest token`, gatewayId: '' }
      const token = tokens[0]!
      let lookup = this.tokens.get(token)
      if (!lookup) this.tokens.set(token, (lookup = this.registry.gatewayForToken(token)))
      const gw = await lookup
      if (!gw) return { ok: false, field, reason: 'unknown or revoked ingest token', gatewayId: '' }
      return { ok: true, gateway: { gatewayId: gw.id, instansi: gw.instansi }, via: 'token' }
    }
    const mapped = this.cfg.gateways[topic]
    if (mapped === undefined)
      return {
        ok: false,
        field,
        reason: `cannot attribute the record to a gateway: no ${this.cfg.tokenHeader} header (exporter record_headers) and topic '${topic}' is not mapped to a gateway (PANTAU_OTLP_KAFKA_GATEWAYS)`,
        gatewayId: '',
      }
    const gw = await this.registry.gateway(mapped)
    if (!gw)
      return { ok: false, field: 'topic', reason: `topic '${topic}' is mapped to gateway '${mapped}', which the registry does not know`, gatewayId: mapped }
    return { ok: true, gateway: { gatewayId: gw.id, instansi: gw.instansi }, via: 'topic' }
  }
}
