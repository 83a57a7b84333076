/**
 * Normalize a validated RawRequest: fixed units were converted by the source;
 * here defaults are filled in and derivable fields derived.
 */
import type { RawRequest } from '../event.js'

export interface NormalizeResult {
  ok: true
  raw: RawRequest & { latency_ms: number }
}

const VERSION_IN_PATH = /\/v(\d+(?:\.\d+){0,2})(?:\/|$|\?)/

export function normalize(raw: RawRequest): NormalizeResult {
  let latency = raw.latency_ms
  if (latency === undefined && raw.backend_latency_ms !== undefined && raw.gateway_latency_ms !== undefined)
    latency = raw.backend_latency_ms + raw.gateway_latency_ms
  // Some events carry no duration (a WSO2 fault event for a request the
  // gateway refused): the request took no backend time; count it as 0 rather
  // than lose it. Whether the source logged a duration is kept in log_fields_mask.
  latency ??= raw.gateway_latency_ms ?? 0
  let gatewayLatency = raw.gateway_latency_ms
  if (gatewayLatency === undefined && raw.backend_latency_ms !== undefined)
    gatewayLatency = Math.max(0, latency - raw.backend_latency_ms)
  const tls = raw.tls_version ?? ''
  return {
    ok: true,
    raw: {
      ...raw,
      method: raw.method.toUpperCase(),
      latency_ms: latency,
      gateway_latency_ms: gatewayLatency,
      scheme: raw.scheme ?? (tls.startsWith('TLS') || tls.startsWith('SSL') ? 'https' : undefined),
      api_version: (raw.api_version ?? VERSION_IN_PATH.exec(raw.path)?.[1])?.replace(/^v/i, ''),
      level: raw.level?.toLowerCase(),
    },
  }
}

/** The path without its query string. */
export function pathOnly(path: string): string {
  const q = path.indexOf('?')
  return q < 0 ? path : path.slice(0, q)
}
