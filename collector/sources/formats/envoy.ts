/**
 * Envoy HTTP access log written with `json_format` (values are strings, unset
 * = "-") or `typed_json_format` (numbers are numbers, unset = null), using
 * the conventional keys of Envoy's default format and of Istio's JSON
 * encoding (istio EnvoyJSONLogFormatIstio, meshConfig.accessLogEncoding=JSON).
 *
 * Keys read, with the command operator each is expected to hold:
 *   start_time                  %START_TIME%                         → ts
 *   method                      %REQ(:METHOD)%                       → method
 *   path                        %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%   → path
 *     (a separate x_envoy_original_path / x-envoy-original-path key wins)
 *   response_code               %RESPONSE_CODE%                      → status
 *     (0 = no response sent, client went away: rejected as invalid status)
 *   duration                    %DURATION%                           → latency_ms
 *   upstream_service_time       %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% → backend_latency_ms
 *     (alias x_envoy_upstream_service_time); gateway = duration − upstream
 *   bytes_received / bytes_sent %BYTES_RECEIVED% / %BYTES_SENT%     → request/response bytes
 *   authority                   %REQ(:AUTHORITY)%                    → host (port dropped)
 *   downstream_remote_address   %DOWNSTREAM_REMOTE_ADDRESS%          → client (port dropped),
 *     else the first x_forwarded_for entry (%REQ(X-FORWARDED-FOR)%)
 *   downstream_tls_version      %DOWNSTREAM_TLS_VERSION%             → tls_version, scheme https
 *   requested_server_name       %REQUESTED_SERVER_NAME% (SNI)        → scheme https when set
 *   x_forwarded_proto           %REQ(X-FORWARDED-PROTO)%             → scheme otherwise
 *   request_id (x_request_id)   %REQ(X-REQUEST-ID)%                  → request_id
 *   trace_id                    e.g. %REQ(X-B3-TRACEID)%            → trace_id
 *   user_agent                  %REQ(USER-AGENT)%                    → user_agent
 *   upstream_host               %UPSTREAM_HOST%                      → upstream
 *   upstream_cluster            %UPSTREAM_CLUSTER%                   → service (FQDN of an
 *     Istio "outbound|port|subset|fqdn" cluster name)
 *   response_flags              %RESPONSE_FLAGS%                     → UAEX (ext_authz
 *     denied) counts as an auth failure
 */
import { z } from 'zod'
import {
  authOutcome,
  bytes,
  epochMs,
  finishRaw,
  firstListItem,
  hostOnly,
  httpMethod,
  httpStatus,
  ms,
  optNumber,
  optText,
  overhead,
  type FormatAdapter,
} from './adapter.js'

const Schema = z
  .looseObject({
    start_time: epochMs,
    method: httpMethod,
    path: optText,
    x_envoy_original_path: optText,
    'x-envoy-original-path': optText,
    response_code: httpStatus,
    response_flags: optText,
    duration: optNumber,
    upstream_service_time: optNumber,
    x_envoy_upstream_service_time: optNumber,
    bytes_received: optNumber,
    bytes_sent: optNumber,
    authority: optText,
    downstream_remote_address: optText,
    x_forwarded_for: optText,
    downstream_tls_version: optText,
    requested_server_name: optText,
    x_forwarded_proto: optText,
    request_id: optText,
    x_request_id: optText,
    trace_id: optText,
    user_agent: optText,
    upstream_host: optText,
    upstream_cluster: optText,
  })
  .superRefine((r, ctx) => {
    if (!originalPath(r)) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'no request path (%REQ(:PATH)%)' })
    }
  })
type EnvoyRecord = z.infer<typeof Schema>

function originalPath(r: EnvoyRecord): string | undefined {
  return r.x_envoy_original_path ?? r['x-envoy-original-path'] ?? r.path
}

function schemeOf(r: EnvoyRecord): 'http' | 'https' | undefined {
  if (r.downstream_tls_version || r.requested_server_name) return 'https'
  const proto = firstListItem(r.x_forwarded_proto)?.toLowerCase()
  return proto === 'https' || proto === 'http' ? proto : undefined
}

/** "outbound|8000||httpbin.foo.svc.cluster.local" → "httpbin.foo.svc.cluster.local". */
function serviceOf(cluster: string | undefined): string | undefined {
  if (!cluster) return undefined
  const parts = cluster.split('|')
  return parts.length === 4 ? parts[3] || undefined : cluster
}

export const envoyFormat: FormatAdapter<typeof Schema> = {
  name: 'envoy',
  schema: Schema,
  timeKeys: ['start_time'],

  detect(r) {
    return (
      'response_code' in r &&
      typeof r.request !== 'object' &&
      ('response_flags' in r ||
        'upstream_host' in r ||
        'upstream_cluster' in r ||
        'authority' in r ||
        'bytes_received' in r ||
        'downstream_remote_address' in r ||
        'upstream_service_time' in r)
    )
  },

  toRaw(r) {
    const total = ms(r.duration)
    const backend = ms(r.upstream_service_time ?? r.x_envoy_upstream_service_time)
    return finishRaw({
      ts: r.start_time,
      method: r.method,
      path: originalPath(r) ?? '/',
      status: r.response_code,
      latency_ms: total,
      backend_latency_ms: backend,
      gateway_latency_ms: overhead(total, backend),
      request_bytes: bytes(r.bytes_received),
      response_bytes: bytes(r.bytes_sent),
      host: hostOnly(r.authority),
      scheme: schemeOf(r),
      tls_version: r.downstream_tls_version,
      client_address: hostOnly(r.downstream_remote_address) ?? firstListItem(r.x_forwarded_for),
      auth_outcome: authOutcome({
        status: r.response_code,
        failed: r.response_flags?.split(',').includes('UAEX'),
      }),
      request_id: r.request_id ?? r.x_request_id,
      trace_id: r.trace_id,
      user_agent: r.user_agent,
      service: serviceOf(r.upstream_cluster),
      upstream: r.upstream_host,
    })
  },
}
