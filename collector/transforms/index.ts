/**
 * The transform chain every source feeds: validate (zod) → normalize →
 * plausibility bounds (bounds.ts) → redact → enrich → RequestEvent. A record
 * that fails any step becomes a Rejection naming the field; the others go on
 * (partial success).
 */
import { createHash, randomUUID } from 'node:crypto'
import { checkRequest, DEFAULT_TIME_WINDOW, type TimeWindow } from '../bounds.js'
import { RawRequest, type RequestEvent } from '../event.js'
import type { RegistryCache } from '../../shared/registry/cache.js'
import { enrich } from './enrich.js'
import { fastCheck } from './fast-check.js'
import { normalize, pathOnly } from './normalize.js'
import { type Pseudonymizer, stripQuerySecrets } from './redact.js'
import { type Candidate, type GatewayContext, payloadText, type Rejection, zodProblem } from './types.js'

const isRawRequest = fastCheck(RawRequest)

export interface TransformDeps {
  registry: RegistryCache
  pseudonymizer: Pseudonymizer
  /** Accepted record times (default: 400 days back, 10 minutes ahead). */
  timeWindow?: TimeWindow
  now?: () => number
  /**
   * The event id of the candidate at `index` (Candidate.index); default a random
   * UUID. A source that may transform the same records again (the OTLP Kafka
   * writer retrying a range) derives them from where the record came from
   * (nameUuid), so the retry's rows carry the ids the first attempt stored.
   */
  eventId?: (index: number) => string
}

/** Namespace of Pantau's name-based event ids (a fixed random UUID). */
const EVENT_ID_NAMESPACE = Buffer.from('6f1d0a4e9b2c4d7e8a3f5b6c7d8e9f01', 'hex')

/** A name-based UUID (RFC 9562 version 5: SHA-1 of namespace and name): the same name, the same id. */
export function nameUuid(name: string): string {
  const b = createHash('sha1').update(EVENT_ID_NAMESPACE).update(name, 'utf8').digest().subarray(0, 16)
  b[6] = (b[6] & 0x0f) | 0x50
  b[8] = (b[8] & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export interface TransformResult {
  events: RequestEvent[]
  /** The original record of each event (same index), for raw_records. */
  origins: unknown[]
  rejections: Rejection[]
}

export function transform(deps: TransformDeps, ctx: GatewayContext, candidates: readonly Candidate[]): TransformResult {
  const events: RequestEvent[] = []
  const origins: unknown[] = []
  const rejections: Rejection[] = []
  const ingestedAt = (deps.now ?? Date.now)()
  const window = deps.timeWindow ?? DEFAULT_TIME_WINDOW
  for (const c of candidates) {
    const reject = (field: string, reason: string) => rejections.push({ index: c.index, field, reason, payload: payloadText(c.original), source: c.format })
    // zod parses only what the fast check derived from its schema cannot confirm (the same verdict, the same messages)
    const parsed = c.valid || isRawRequest(c.raw) ? { success: true as const, data: c.raw as RawRequest } : RawRequest.safeParse(c.raw)
    if (!parsed.success) {
      const p = zodProblem(parsed.error)
      reject(p.field, p.reason)
      continue
    }
    const r = normalize(parsed.data)
    const violation = checkRequest(r, ingestedAt, window)
    if (violation) {
      reject(violation.field, violation.reason)
      continue
    }
    const path = stripQuerySecrets(r.path)
    const e = enrich(deps.registry, ctx, r)
    origins.push(c.original)
    events.push({
      ts: r.ts,
      event_id: deps.eventId ? deps.eventId(c.index) : randomUUID(),
      instansi: e.instansi,
      gateway_id: e.gateway_id,
      api_id: e.api_id,
      api_name: e.api_name,
      api_version: e.api_version,
      route: r.route ?? pathOnly(path),
      path,
      method: r.method,
      status: r.status,
      latency_ms: r.latency_ms,
      backend_latency_ms: r.backend_latency_ms ?? null,
      gateway_latency_ms: r.gateway_latency_ms ?? null,
      request_bytes: r.request_bytes ?? 0,
      response_bytes: r.response_bytes ?? 0,
      host: r.host ?? '',
      scheme: r.scheme ?? '',
      tls_version: r.tls_version ?? '',
      consumer_id: e.consumer_id,
      consumer_instansi: e.consumer_instansi,
      user_hash: deps.pseudonymizer.hash(r.user_id),
      client_address: r.client_address ?? '',
      auth_outcome: r.auth_outcome ?? (r.status === 401 || r.status === 403 ? 'failure' : 'unknown'),
      request_id: r.request_id ?? '',
      trace_id: r.trace_id ?? '',
      user_agent: r.user_agent ?? '',
      service: r.service ?? '',
      level: r.level ?? '',
      message: r.message ?? '',
      upstream: r.upstream ?? '',
      log_fields_mask: r.log_fields_mask ?? 0,
      source_format: c.format,
      ingested_at: ingestedAt,
    })
  }
  return { events, origins, rejections }
}
