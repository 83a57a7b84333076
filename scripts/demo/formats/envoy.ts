/**
 * Envoy HTTP access log with `json_format` using the keys of Envoy's default
 * format (all values strings, unset = "-"): start_time, method, path,
 * response_code, response_flags (UAEX = ext_authz denied, UH = no healthy
 * upstream, UT = upstream timeout, RL = rate limited), bytes, duration,
 * upstream_service_time, authority, x_forwarded_proto, downstream address
 * and TLS version.
 */
import { NDJSON, type Encoder, type Req } from './req.js'
import type { JsonWriter } from './writer.js'

function flags(r: Req): string {
  if (r.fault === 'AUTH') return 'UAEX'
  if (r.fault === 'THROTTLED') return 'RL'
  if (r.fault === 'TARGET_CONNECTIVITY') return r.status === 504 ? 'UT' : 'UH'
  return '-'
}

export const envoyEncoder: Encoder = {
  ...NDJSON,
  path: '/ingest/envoy',
  write(w: JsonWriter, r: Req): void {
    const upstream = r.backendMs >= 0
    w.str('{"start_time":"')
    w.iso(r.ts)
    w.t`","method":"${r.method}","path":"${r.uri}","protocol":"HTTP/${r.tls ? '2' : '1.1'}","response_code":"${r.status}","response_flags":"${flags(r)}",`
    w.t`"bytes_received":"${Math.max(0, r.requestBytes - 300)}","bytes_sent":"${r.responseBytes}","duration":"${Math.round(r.totalMs)}","upstream_service_time":"${upstream ? Math.round(r.backendMs) : '-'}",`
    w.t`"x_forwarded_for":"-","x_forwarded_proto":"${r.tls ? 'https' : 'http'}","user_agent":"${w.enc(r.userAgent)}","request_id":"`
    w.id(r.id, 32, true)
    w.t`","authority":"${w.enc(r.gateway.host)}","upstream_host":"${upstream ? r.upstream : '-'}",`
    w.t`"upstream_cluster":"${r.routeName || 'default'}","downstream_remote_address":"${w.enc(r.clientIp)}:${40000 + (r.ts % 25000)}","downstream_tls_version":"${r.tls || '-'}","requested_server_name":"${r.tls ? r.gateway.host : '-'}"}`
  },
}
