/**
 * NGINX access log through a JSON `log_format … escape=json` in which every
 * variable is written as a string, as operators usually configure it:
 * msec (log time = request end), time_iso8601, request_id, remote_addr,
 * scheme/host/ssl_protocol, request_method, request_uri, status, sizes,
 * request_time and upstream_response_time in seconds ("" without upstream),
 * upstream_addr, http_user_agent, remote_user (HTTP basic auth).
 */
import { NDJSON, type Encoder, type Req } from './req.js'
import { WIB_OFFSET_MS as WIB } from '../diurnal.js'
import type { JsonWriter } from './writer.js'

/** Milliseconds as nginx seconds with 3 decimals. */
function seconds(w: JsonWriter, ms: number): void {
  const s = Math.floor(ms / 1000)
  const rest = ms - s * 1000
  w.t`${s}.${rest < 100 ? (rest < 10 ? '00' : '0') : ''}${rest}`
}

export const nginxEncoder: Encoder = {
  ...NDJSON,
  path: '/ingest/nginx',
  write(w: JsonWriter, r: Req): void {
    // request_time has millisecond resolution: the log time is start + that.
    const total = Math.round(r.totalMs)
    const end = r.ts + total
    const user = r.authType === 'basic' && r.consumer && r.fault !== 'AUTH' ? r.consumer.kongUsername : ''
    w.str('{"msec":"')
    seconds(w, end)
    w.str('","time_iso8601":"')
    w.iso(end, WIB, false)
    w.str('","request_id":"')
    w.id(r.id)
    w.t`","remote_addr":"${w.enc(r.clientIp)}","remote_user":"${user}","scheme":"${r.tls ? 'https' : 'http'}","host":"${w.enc(r.gateway.host)}","ssl_protocol":"${r.tls}",`
    w.t`"request_method":"${r.method}","request_uri":"${r.uri}","status":"${r.status}","request_length":"${r.requestBytes}","bytes_sent":"${r.responseBytes}","body_bytes_sent":"${Math.max(0, r.responseBytes - 240)}","request_time":"`
    seconds(w, total)
    w.t`","upstream_addr":"${r.backendMs >= 0 ? r.upstream : ''}","upstream_response_time":"`
    if (r.backendMs >= 0) seconds(w, Math.min(total, Math.round(r.backendMs)))
    w.t`","http_referer":"","http_user_agent":"${w.enc(r.userAgent)}","http_x_forwarded_for":""}`
  },
}
