/**
 * OpenTelemetry HTTP semantic conventions (stable names, with the older
 * pre-1.20 names as fallbacks) → RawRequest fields. Shared by log records and
 * server spans.
 */
import type { AuthOutcome, RawRequest } from '../../event.js'
import { toNumber } from '../formats/adapter.js'

type Attrs = Record<string, string | number | boolean>

const first = (a: Attrs, ...keys: string[]): string | number | boolean | undefined => {
  for (const k of keys) if (a[k] !== undefined && a[k] !== '') return a[k]
  return undefined
}
const str = (a: Attrs, ...keys: string[]) => {
  const v = first(a, ...keys)
  return v === undefined ? undefined : String(v)
}
const num = (a: Attrs, ...keys: string[]) => toNumber(first(a, ...keys))

export const METHOD_KEYS = ['http.request.method', 'http.method']
export const STATUS_KEYS = ['http.response.status_code', 'http.status_code']

/** Does this attribute set describe an HTTP request? */
export function isHttpRequest(a: Attrs): boolean {
  return first(a, ...METHOD_KEYS) !== undefined && first(a, ...STATUS_KEYS) !== undefined
}

/** Request duration in ms from the attribute conventions gateways use in logs. */
function durationMs(a: Attrs): number | undefined {
  const seconds = num(a, 'http.server.request.duration', 'http.server.duration_s')
  if (seconds !== undefined) return seconds * 1000
  const ms = num(a, 'duration_ms', 'http.duration_ms', 'http.server.duration', 'duration', 'latency_ms')
  if (ms !== undefined) return ms
  const ns = num(a, 'event.duration')
  return ns === undefined ? undefined : ns / 1e6
}

function pathOf(a: Attrs): string | undefined {
  const path = str(a, 'url.path')
  if (path !== undefined) {
    const query = str(a, 'url.query')
    return query ? `${path}?${query}` : path
  }
  const target = str(a, 'http.target')
  if (target !== undefined) return target
  const full = str(a, 'url.full', 'http.url')
  if (full === undefined) return undefined
  try {
    const u = new URL(full)
    return u.pathname + u.search
  } catch {
    return full
  }
}

function schemeOf(a: Attrs): 'http' | 'https' | undefined {
  const s = str(a, 'url.scheme', 'http.scheme') ?? /^(https?):/.exec(str(a, 'url.full', 'http.url') ?? '')?.[1]
  return s === 'http' || s === 'https' ? s : undefined
}

function tlsVersionOf(a: Attrs): string | undefined {
  const v = str(a, 'tls.protocol.version')
  if (v === undefined) return undefined
  const name = (str(a, 'tls.protocol.name') ?? 'tls').toUpperCase()
  return name === 'SSL' ? `SSLv${v}` : `TLSv${v}`
}

function authOf(status: number | undefined, consumer: string | undefined): AuthOutcome | undefined {
  if (status === 401 || status === 403) return 'failure'
  return consumer ? 'success' : undefined
}

/** Build a RawRequest candidate (validated later) from HTTP attributes. */
export function rawFromHttpAttributes(a: Attrs, ts: number, resource: Attrs): Partial<RawRequest> {
  const status = num(a, ...STATUS_KEYS)
  const consumer = str(a, 'consumer.id', 'api.consumer', 'gateway.consumer', 'app.consumer')
  return {
    ts,
    method: str(a, ...METHOD_KEYS)?.toUpperCase(),
    path: pathOf(a),
    status,
    latency_ms: durationMs(a),
    backend_latency_ms: num(a, 'upstream.duration_ms', 'backend_latency_ms', 'http.upstream.duration_ms'),
    request_bytes: num(a, 'http.request.body.size', 'http.request.size', 'http.request_content_length'),
    response_bytes: num(a, 'http.response.body.size', 'http.response.size', 'http.response_content_length'),
    route: str(a, 'http.route'),
    api_name: str(a, 'api.name', 'gateway.api.name'),
    api_version: str(a, 'api.version', 'gateway.api.version'),
    host: str(a, 'server.address', 'net.host.name', 'http.host'),
    scheme: schemeOf(a),
    tls_version: tlsVersionOf(a),
    consumer_id: consumer,
    consumer_instansi: str(a, 'consumer.instansi'),
    user_id: str(a, 'enduser.id', 'user.id'),
    client_address: str(a, 'client.address', 'http.client_ip', 'net.sock.peer.addr', 'net.peer.ip'),
    auth_outcome: authOf(status, consumer),
    request_id: str(a, 'http.request.header.x-request-id', 'request.id', 'http.request_id'),
    user_agent: str(a, 'user_agent.original', 'http.user_agent'),
    service: str(resource, 'service.name'),
    upstream: str(a, 'upstream.address', 'server.upstream'),
  }
}
