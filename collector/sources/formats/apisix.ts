/**
 * Apache APISIX logger plugins (http-logger, tcp/udp-logger, kafka-logger,
 * file-logger …) in their DEFAULT log format, i.e. without a custom
 * `log_format` (apisix/utils/log-util.lua `get_full_log`). http-logger batches
 * entries into a JSON array; split it before this adapter.
 *
 * Mapping:
 * - `start_time` (ngx.req.start_time() × 1000, ms, may be fractional) → ts.
 * - `request.method`, `request.uri` (nginx $request_uri: path with query) →
 *   method, path; `response.status` → status.
 * - `latency` (ms, float: request start → log phase) → latency_ms;
 *   `upstream_latency` (upstream_response_time × 1000; absent when no upstream
 *   answered) → backend_latency_ms; `apisix_latency` (latency − upstream,
 *   clamped at 0 by APISIX) → gateway_latency_ms, computed the same way when
 *   an older APISIX omits it.
 * - `request.size` ($request_length) / `response.size` ($bytes_sent) → bytes.
 * - scheme and host from `request.url` (scheme://host:port/uri); host header
 *   preferred for the host.
 * - `consumer.username` (only present when an auth plugin identified a
 *   consumer) → consumer_id, auth 'success'.
 * - The default format carries `route_id`/`service_id` but not the route's
 *   URI template, so `route` stays empty unless a record carries `route_uri`;
 *   `route_name`/`service_name` (APISIX variables often added to custom
 *   formats) feed api_name when present.
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

const Schema = z.looseObject({
  request: z.looseObject({
    method: httpMethod,
    uri: reqText,
    url: optText,
    size: optNumber,
    headers: z.unknown().optional(),
  }),
  response: z.looseObject({ status: httpStatus, size: optNumber }),
  start_time: epochMs,
  latency: optNumber,
  upstream_latency: optNumber,
  apisix_latency: optNumber,
  client_ip: optText,
  route_id: optText,
  route_uri: optText,
  route_name: optText,
  service_id: optText,
  service_name: optText,
  consumer: z.looseObject({ username: optText }).nullish(),
  upstream: optText,
})

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v)

export const apisixFormat: FormatAdapter<typeof Schema> = {
  name: 'apisix',
  schema: Schema,
  timeKeys: ['start_time'],

  detect(r) {
    return (
      isObject(r.request) &&
      isObject(r.response) &&
      !('started_at' in r) &&
      !('latencies' in r) &&
      ('start_time' in r || 'apisix_latency' in r || 'route_id' in r)
    )
  },

  toRaw(r) {
    const { request, response } = r
    const url = splitUrl(request.url)
    const total = ms(r.latency)
    const backend = ms(r.upstream_latency)
    const consumer = r.consumer?.username
    return finishRaw({
      ts: r.start_time,
      method: request.method,
      path: request.uri,
      status: response.status,
      latency_ms: total,
      backend_latency_ms: backend,
      gateway_latency_ms: ms(r.apisix_latency) ?? overhead(total, backend),
      request_bytes: bytes(request.size),
      response_bytes: bytes(response.size),
      route: r.route_uri,
      api_name: r.service_name ?? r.route_name,
      host: hostOnly(headerValue(request.headers, 'host')) ?? url.host,
      scheme: url.scheme,
      consumer_id: consumer,
      client_address: r.client_ip,
      auth_outcome: authOutcome({ status: response.status, identified: !!consumer }),
      request_id: headerValue(request.headers, 'x-request-id'),
      trace_id: traceIdFromHeaders(request.headers),
      user_agent: headerValue(request.headers, 'user-agent'),
      service: r.service_name,
      upstream: r.upstream,
    })
  },
}
