/**
 * Kong Gateway logging plugins (file-log, http-log, tcp-log, udp-log, syslog):
 * the JSON object of `kong.log.serialize()`, one per request (http-log with
 * max_batch_size > 1 sends an array; split it before this adapter).
 *
 * Mapping (Kong docs "Log format" + kong/pdk/log.lua):
 * - `started_at` (ms epoch) → ts; `request.method`, `request.uri` (path with
 *   query, as the client sent it) → method, path; `response.status` → status.
 * - `latencies.request` (first byte read → last byte sent) → latency_ms;
 *   `latencies.proxy` (upstream time, -1 when no upstream was called) →
 *   backend_latency_ms; `latencies.kong` (plugins + Kong itself) →
 *   gateway_latency_ms.
 * - `request.size` / `response.size` (nginx request_length / bytes_sent; old
 *   Kong wrote them as strings) → request/response bytes.
 * - `request.tls.version` (present on TLS connections) → tls_version and
 *   scheme https; otherwise the scheme of `request.url`.
 * - route template: the `route.paths` entry that matched `request.uri`.
 * - consumer: `consumer.username`, else `custom_id`, `id`, or
 *   `authenticated_entity.consumer_id`. A request whose `x-anonymous-consumer`
 *   header is "true" (set by Kong auth plugins when the configured anonymous
 *   consumer was used) is 'anonymous'.
 */
import { z } from 'zod'
import {
  authOutcome,
  bytes,
  epochMs,
  finishRaw,
  headerValue,
  hostOnly,
  httpMethod,
  httpStatus,
  ms,
  optNumber,
  optText,
  overhead,
  reqText,
  splitUrl,
  traceIdFromHeaders,
  type FormatAdapter,
} from './adapter.js'
import { BAD, fEpochMs, fMethod, fNumber, fObject, fReqText, fStatus, fText } from './fast.js'

const Schema = z.looseObject({
  request: z.looseObject({
    method: httpMethod,
    uri: reqText,
    url: optText,
    size: optNumber,
    id: optText,
    headers: z.unknown().optional(),
    tls: z.looseObject({ version: optText }).nullish(),
  }),
  response: z.looseObject({
    status: httpStatus,
    size: optNumber,
    headers: z.unknown().optional(),
  }),
  latencies: z.looseObject({ request: optNumber, kong: optNumber, proxy: optNumber }).nullish(),
  started_at: epochMs,
  client_ip: optText,
  service: z.looseObject({ name: optText, host: optText }).nullish(),
  route: z.looseObject({ name: optText, paths: z.array(z.string()).nullish() }).nullish(),
  consumer: z.looseObject({ username: optText, custom_id: optText, id: optText }).nullish(),
  authenticated_entity: z.looseObject({ id: optText, consumer_id: optText }).nullish(),
  tries: z.array(z.looseObject({ ip: optText, port: optNumber })).nullish(),
})
type KongRecord = z.infer<typeof Schema>

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The route path that matched: the only one, else the longest plain prefix of the URI. */
function matchedRoutePath(paths: string[] | null | undefined, uri: string): string | undefined {
  const list = (paths ?? []).filter((p) => p !== '')
  if (list.length <= 1) return list[0]
  const path = uri.split('?')[0] ?? uri
  return list.filter((p) => !p.startsWith('~') && path.startsWith(p)).sort((a, b) => b.length - a.length)[0]
}

/** The upstream target of the last balancer try, else the service host. */
function upstreamOf(r: KongRecord): string | undefined {
  const last = r.tries?.at(-1)
  if (last?.ip) return last.port !== undefined ? `${last.ip}:${last.port}` : last.ip
  return r.service?.host
}

/**
 * The Schema above by hand, for the records it accepts as they usually come
 * (fast.ts): the fields toRaw reads, or undefined to let zod parse the record.
 */
function fast(r: Record<string, unknown>): KongRecord | undefined {
  const request = fObject(r.request, false)
  const response = fObject(r.response, false)
  if (!request || request === BAD || !response || response === BAD) return undefined
  const tls = fObject(request.tls, true)
  const latencies = fObject(r.latencies, true)
  const service = fObject(r.service, true)
  const route = fObject(r.route, true)
  const consumer = fObject(r.consumer, true)
  const entity = fObject(r.authenticated_entity, true)
  if (tls === BAD || latencies === BAD || service === BAD || route === BAD || consumer === BAD || entity === BAD) return undefined
  const paths = route?.paths
  if (paths !== undefined && paths !== null && !(Array.isArray(paths) && paths.every((p) => typeof p === 'string'))) return undefined
  let tries: Array<{ ip?: string; port?: number }> | null | undefined = r.tries as null | undefined
  if (tries !== undefined && tries !== null) {
    if (!Array.isArray(r.tries)) return undefined
    tries = []
    for (const t of r.tries as unknown[]) {
      const o = fObject(t, false)
      if (!o || o === BAD) return undefined
      const ip = fText(o.ip)
      const port = fNumber(o.port)
      if (ip === BAD || port === BAD) return undefined
      tries.push({ ip, port })
    }
  }
  const v = {
    method: fMethod(request.method),
    uri: fReqText(request.uri),
    url: fText(request.url),
    size: fNumber(request.size),
    id: fText(request.id),
    tlsVersion: tls ? fText(tls.version) : undefined,
    status: fStatus(response.status),
    responseSize: fNumber(response.size),
    total: latencies ? fNumber(latencies.request) : undefined,
    kong: latencies ? fNumber(latencies.kong) : undefined,
    proxy: latencies ? fNumber(latencies.proxy) : undefined,
    startedAt: fEpochMs(r.started_at),
    clientIp: fText(r.client_ip),
    serviceName: service ? fText(service.name) : undefined,
    serviceHost: service ? fText(service.host) : undefined,
    routeName: route ? fText(route.name) : undefined,
    username: consumer ? fText(consumer.username) : undefined,
    customId: consumer ? fText(consumer.custom_id) : undefined,
    consumerId: consumer ? fText(consumer.id) : undefined,
    entityId: entity ? fText(entity.id) : undefined,
    entityConsumer: entity ? fText(entity.consumer_id) : undefined,
  }
  for (const k in v) if (v[k as keyof typeof v] === BAD) return undefined
  const ok = v as { [K in keyof typeof v]: Exclude<(typeof v)[K], symbol> }
  return {
    request: { method: ok.method, uri: ok.uri, url: ok.url, size: ok.size, id: ok.id, headers: request.headers, tls: tls && { version: ok.tlsVersion } },
    response: { status: ok.status, size: ok.responseSize, headers: response.headers },
    latencies: latencies && { request: ok.total, kong: ok.kong, proxy: ok.proxy },
    started_at: ok.startedAt,
    client_ip: ok.clientIp,
    service: service && { name: ok.serviceName, host: ok.serviceHost },
    route: route && { name: ok.routeName, paths: paths as string[] | null | undefined },
    consumer: consumer && { username: ok.username, custom_id: ok.customId, id: ok.consumerId },
    authenticated_entity: entity && { id: ok.entityId, consumer_id: ok.entityConsumer },
    tries,
  }
}

export const kongFormat: FormatAdapter<typeof Schema> = {
  name: 'kong',
  schema: Schema,
  timeKeys: ['started_at'],
  fast,

  detect(r) {
    return isObject(r.request) && isObject(r.response) && ('started_at' in r || 'latencies' in r)
  },

  toRaw(r) {
    const { request, response } = r
    const url = splitUrl(request.url)
    const tlsVersion = request.tls?.version
    const consumerId = r.consumer?.username ?? r.consumer?.custom_id ?? r.consumer?.id ?? r.authenticated_entity?.consumer_id
    const total = ms(r.latencies?.request)
    const backend = ms(r.latencies?.proxy)
    return finishRaw({
      ts: r.started_at,
      method: request.method,
      path: request.uri,
      status: response.status,
      latency_ms: total,
      backend_latency_ms: backend,
      gateway_latency_ms: ms(r.latencies?.kong) ?? overhead(total, backend),
      request_bytes: bytes(request.size),
      response_bytes: bytes(response.size),
      route: matchedRoutePath(r.route?.paths, request.uri),
      api_name: r.service?.name ?? r.route?.name,
      host: hostOnly(headerValue(request.headers, 'host')) ?? url.host,
      scheme: tlsVersion ? 'https' : url.scheme,
      tls_version: tlsVersion,
      consumer_id: consumerId,
      client_address: r.client_ip,
      auth_outcome: authOutcome({
        status: response.status,
        anonymous: headerValue(request.headers, 'x-anonymous-consumer') === 'true',
        identified: !!(consumerId || r.authenticated_entity?.id),
      }),
      request_id: request.id ?? headerValue(response.headers, 'x-kong-request-id'),
      trace_id: traceIdFromHeaders(request.headers),
      user_agent: headerValue(request.headers, 'user-agent'),
      service: r.service?.name,
      upstream: upstreamOf(r),
    })
  },
}
