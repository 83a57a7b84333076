/**
 * Normalize a validated RawRequest: fixed units were converted by the source;
 * here defaults are filled in and derivable fields derived. The RawRequest
 * is the fresh object zod returned, so it is completed in place (hot path).
 */
import type { RawRequest } from '../event.js'

export type NormalizedRequest = RawRequest & { latency_ms: number }

const VERSION_IN_PATH = /\/v(\d+(?:\.\d+){0,2})(?:\/|$|\?)/

export function normalize(raw: RawRequest): NormalizedRequest {
  // Some events carry no duration (a WSO2 fault event for a request the
  // gateway refused): count it as 0 rather than lose the event. Whether the
  // source logged a duration is kept in log_fields_mask.
  if (raw.latency_ms === undefined) {
    raw.latency_ms =
      raw.backend_latency_ms !== undefined && raw.gateway_latency_ms !== undefined
        ? raw.backend_latency_ms + raw.gateway_latency_ms
        : (raw.gateway_latency_ms ?? 0)
  }
  if (raw.gateway_latency_ms === undefined && raw.backend_latency_ms !== undefined)
    raw.gateway_latency_ms = Math.max(0, raw.latency_ms - raw.backend_latency_ms)
  raw.method = raw.method.toUpperCase()
  if (raw.scheme === undefined && raw.tls_version !== undefined && /^(TLS|SSL)/.test(raw.tls_version)) raw.scheme = 'https'
  const version = raw.api_version ?? VERSION_IN_PATH.exec(raw.path)?.[1]
  if (version !== undefined) raw.api_version = version.replace(/^v/i, '')
  if (raw.level !== undefined) raw.level = raw.level.toLowerCase()
  return raw as NormalizedRequest
}

/** The path without its query string. */
export function pathOnly(path: string): string {
  const q = path.indexOf('?')
  return q < 0 ? path : path.slice(0, q)
}
