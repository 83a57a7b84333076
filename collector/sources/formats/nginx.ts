/**
 * NGINX access log written as JSON by a `log_format … escape=json` (or
 * hand-quoted) template. The keys are whatever the operator chose; accepted
 * here are the variable names without `$` plus a few common aliases:
 *
 *   time      msec ($msec, s.ms) | time_iso8601 | @timestamp | timestamp | time | time_local
 *             — all are the time of the LOG WRITE (request end), so
 *             ts = that time − request_time.
 *   method    request_method | method | the method of `request` ($request line)
 *   path      request_uri | url | uri / path (+ "?" + args / query_string)
 *             | the target of `request`
 *   status    status
 *   latency   request_time (s, ms resolution) → latency_ms
 *   backend   upstream_response_time (s) → backend_latency_ms. "-" or empty
 *             when no upstream answered; "0.002, 0.010 : 0.005" when several
 *             servers (",") or upstream groups (":") were tried, all of which
 *             ran one after another, so the entries are summed.
 *             gateway_latency_ms = request_time − that sum.
 *             upstream_connect_time is part of upstream_response_time and is
 *             not mapped separately.
 *   bytes     bytes_sent (else body_bytes_sent) → response; request_length → request
 *   client    remote_addr (what the realip module decided), else the first
 *             http_x_forwarded_for / x_forwarded_for entry
 *   scheme    scheme ("http"/"https"); when not logged, inferred from what is:
 *             ssl_protocol non-empty → https; https ("on" → https, "" → http);
 *             server_port (443 → https, 80 → http); ssl_protocol logged but
 *             empty (nginx writes "" on a plain connection) → http.
 *   other     http_user_agent | user_agent; request_id; host | http_host | server_name;
 *             ssl_protocol ("TLSv1.3") → tls_version; upstream_addr (last server
 *             tried) → upstream; remote_user (HTTP basic auth user) → user_id.
 */
import { z } from 'zod'
import {
  authOutcome,
  bytes,
  finishRaw,
  firstListItem,
  hostOnly,
  httpStatus,
  ms,
  optNumber,
  optText,
  overhead,
  secondsToMs,
  toEpochMs,
  toNumber,
  type FormatAdapter,
} from './adapter.js'

/** $upstream_* time lists: numbers, "-", ",", ":" and spaces only. */
const timeList = z.union([z.number(), z.string().regex(/^[\d.\s,:-]*$/, 'expected nginx upstream times')]).nullish()

const TIME_KEYS = ['msec', 'time_iso8601', '@timestamp', 'timestamp', 'time', 'time_local'] as const

const Schema = z
  .looseObject({
    msec: optText,
    time_iso8601: optText,
    '@timestamp': optText,
    timestamp: optText,
    time: optText,
    time_local: optText,
    request_method: optText,
    method: optText,
    request_uri: optText,
    url: optText,
    uri: optText,
    path: optText,
    args: optText,
    query_string: optText,
    request: optText,
    status: httpStatus,
    request_time: optNumber,
    upstream_response_time: timeList,
    upstream_connect_time: timeList,
    bytes_sent: optNumber,
    body_bytes_sent: optNumber,
    request_length: optNumber,
    remote_addr: optText,
    http_x_forwarded_for: optText,
    x_forwarded_for: optText,
    http_user_agent: optText,
    user_agent: optText,
    request_id: optText,
    host: optText,
    http_host: optText,
    server_name: optText,
    scheme: optText,
    // kept as logged: "" is information here ($https and $ssl_protocol are empty on plain HTTP)
    ssl_protocol: z.string().nullish(),
    https: z.string().nullish(),
    server_port: optNumber,
    upstream_addr: optText,
    remote_user: optText,
  })
  .superRefine((r, ctx) => {
    const time = logTime(r)
    if (time.ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [time.key ?? 'time_iso8601'],
        message: time.key ? 'unreadable time' : `no request time (one of ${TIME_KEYS.join(', ')})`,
      })
    }
    if (!methodOf(r)) ctx.addIssue({ code: 'custom', path: ['request_method'], message: 'no HTTP method' })
    if (!pathOf(r)) ctx.addIssue({ code: 'custom', path: ['request_uri'], message: 'no request URI' })
  })
type NginxRecord = z.infer<typeof Schema>

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** $time_local, e.g. "19/Sep/2024:22:10:39 +0700", to epoch ms. */
function parseTimeLocal(s: string): number | undefined {
  const m = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(s)
  if (!m) return undefined
  const month = MONTHS.indexOf(m[2] ?? '')
  if (month < 0) return undefined
  const utc = Date.UTC(+m[3]!, month, +m[1]!, +m[4]!, +m[5]!, +m[6]!)
  const offset = (m[7] === '-' ? -1 : 1) * (+m[8]! * 60 + +m[9]!) * 60_000
  return utc - offset
}

/** The first time key present, and its value in epoch ms (undefined if unreadable). */
function logTime(r: NginxRecord): { key?: string; ms?: number } {
  const key = TIME_KEYS.find((k) => str(r[k]) !== undefined)
  if (!key) return {}
  const v = str(r[key])!
  return { key, ms: key === 'time_local' ? parseTimeLocal(v) : toEpochMs(v) }
}

/** "GET /a?b=1 HTTP/1.1" → ["GET", "/a?b=1"]. */
function requestLine(r: NginxRecord): [string, string] | undefined {
  const m = /^([A-Za-z]{1,16}) (\S+)(?: HTTP\/[\d.]+)?$/.exec(str(r.request) ?? '')
  return m ? [m[1]!, m[2]!] : undefined
}

function methodOf(r: NginxRecord): string | undefined {
  const m = str(r.request_method) ?? str(r.method) ?? requestLine(r)?.[0]
  return m && /^[A-Za-z_-]{1,16}$/.test(m) ? m.toUpperCase() : undefined
}

function pathOf(r: NginxRecord): string | undefined {
  const full = str(r.request_uri) ?? str(r.url)
  if (full) return full
  const bare = str(r.uri) ?? str(r.path)
  if (bare) {
    const query = str(r.args) ?? str(r.query_string)
    return query ? `${bare}?${query}` : bare
  }
  return requestLine(r)?.[1]
}

/**
 * Sum an $upstream_response_time value in ms: "0.002, 0.010 : 0.005" → 17.
 * "-" entries (server not reached) count as nothing; undefined when no
 * upstream time at all.
 */
export function sumUpstreamTimes(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? secondsToMs(v) : undefined
  if (typeof v !== 'string') return undefined
  let total = 0
  let seen = false
  for (const part of v.split(/[,:]/)) {
    const n = toNumber(part.trim())
    if (n !== undefined && n >= 0) {
      total += n
      seen = true
    }
  }
  return seen ? secondsToMs(total) : undefined
}

const blank = (v: string | null | undefined): boolean => v !== undefined && v !== null && (v.trim() === '' || v.trim() === '-')

/** $scheme, else what $ssl_protocol, $https or $server_port say (see the header). */
function schemeOf(r: NginxRecord): 'http' | 'https' | undefined {
  const scheme = str(r.scheme)?.toLowerCase()
  if (scheme === 'http' || scheme === 'https') return scheme
  if (tlsOf(r)) return 'https'
  const https = r.https?.trim().toLowerCase()
  if (https === 'on') return 'https'
  if (https !== undefined && blank(https)) return 'http'
  if (r.server_port === 443) return 'https'
  if (r.server_port === 80) return 'http'
  return blank(r.ssl_protocol) ? 'http' : undefined
}

const tlsOf = (r: NginxRecord): string | undefined => (blank(r.ssl_protocol) ? undefined : str(r.ssl_protocol?.trim()))

/** The last entry of $upstream_addr: the server that produced the response. */
function lastUpstream(v: string | undefined): string | undefined {
  return v
    ?.split(/\s*[,:]\s+/)
    .map((x) => x.trim())
    .filter((x) => x !== '' && x !== '-')
    .at(-1)
}

/** nginx variable names; three of them make a record an nginx log line. */
const DETECT_KEYS = [
  'remote_addr',
  'request_method',
  'request_uri',
  'request_time',
  'body_bytes_sent',
  'bytes_sent',
  'time_local',
  'time_iso8601',
  'msec',
  'http_user_agent',
  'upstream_response_time',
  'request_length',
  'upstream_addr',
  'http_x_forwarded_for',
  'ssl_protocol',
  'http_host',
]

export const nginxFormat: FormatAdapter<typeof Schema> = {
  name: 'nginx',
  schema: Schema,
  timeKeys: ['time_iso8601', ...TIME_KEYS.filter((k) => k !== 'time_iso8601')],

  detect(r) {
    if ('response_code' in r || 'statusCode' in r || typeof r.request === 'object') return false
    return DETECT_KEYS.filter((k) => k in r).length >= 3
  },

  toRaw(r) {
    const status = r.status
    const seconds = ms(r.request_time)
    const total = seconds === undefined ? undefined : secondsToMs(seconds)
    const backend = sumUpstreamTimes(r.upstream_response_time)
    const tls = tlsOf(r)
    const logged = logTime(r).ms ?? 0
    const user = str(r.remote_user)
    return finishRaw({
      ts: Math.round(logged - (total ?? 0)),
      method: methodOf(r)!,
      path: pathOf(r)!,
      status,
      latency_ms: total,
      backend_latency_ms: backend,
      gateway_latency_ms: overhead(total, backend),
      request_bytes: bytes(r.request_length),
      response_bytes: bytes(r.bytes_sent ?? r.body_bytes_sent),
      host: hostOnly(str(r.host) ?? str(r.http_host) ?? str(r.server_name)),
      scheme: schemeOf(r),
      tls_version: tls,
      user_id: user,
      client_address: str(r.remote_addr) ?? firstListItem(str(r.http_x_forwarded_for) ?? str(r.x_forwarded_for)),
      auth_outcome: authOutcome({ status, identified: !!user }),
      request_id: str(r.request_id),
      user_agent: str(r.http_user_agent) ?? str(r.user_agent),
      upstream: lastUpstream(str(r.upstream_addr)),
    })
  },
}
