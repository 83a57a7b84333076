/**
 * The log lines the shipping tests feed to real shippers, in the exact shapes
 * WSO2 (apim_metrics.log), nginx and Envoy write them, and the totals a test
 * expects — computed from the log file itself — next to the same totals read
 * back from Pantau's request_events: the shipping tests compare the two.
 */
import { randomUUID } from 'node:crypto'
import type { Storage } from '../../storage/client.js'
import type { TestStack } from './stack.js'
// ---------------------------------------------------------------------------
// log lines as the gateways write them
// ---------------------------------------------------------------------------

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** log4j2 `%d{HH:mm:ss,SSS}` in WIB (the JVM's zone on a Jakarta server). */
const log4jTime = (ms: number) => {
  const d = new Date(ms + 7 * 3600_000)
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${pad(d.getUTCMilliseconds(), 3)}`
}

/** Java's OffsetDateTime.toString() in UTC: zero seconds and milliseconds are left out. */
export const javaIsoTime = (ms: number): string => {
  const iso = new Date(ms).toISOString() // 2026-12-04T08:21:12.301Z
  if (ms % 60_000 === 0) return `${iso.slice(0, 16)}Z`
  if (ms % 1000 === 0) return `${iso.slice(0, 19)}Z`
  return iso
}

/**
 * WSO2 API Manager apim_metrics.log (`[apim.analytics] type = "elk"`, APIM 4.x):
 * the log4j2 pattern `%d{HH:mm:ss,SSS} [%X{ip}-%X{host}] [%t] %5p %c{1} %m%n`
 * around `apimMetrics: apim:response, properties :<Gson JSON>` (or apim:faulty),
 * keys in the publisher's HashMap order; starts with the reporter's start-up line.
 * Every fifth event is a fault (throttled 429, auth 401 or backend 503); one
 * event has a whole-minute and one a whole-second requestTimestamp (Java drops
 * the zero fields). Events are from the last `n` seconds before `end`.
 */
export function wso2MetricLines(n: number, end = Date.now()): string[] {
  const lines = [`${log4jTime(end - n * 1000 - 5000)} [-] [main]  INFO ELKMetricReporter LogMetricReporter successfully initialized`]
  const statuses = [200, 200, 201, 404, 200, 500, 200, 202]
  const faults = [
    { proxy: 429, type: 'THROTTLED', code: 900803, message: 'APPLICATION_LEVEL_LIMIT_EXCEEDED' },
    { proxy: 401, type: 'AUTH', code: 900901, message: 'AUTHENTICATION_FAILURE' },
    { proxy: 503, type: 'TARGET_CONNECTIVITY', code: 101503, message: 'CONNECTION_TIMEOUT' },
  ]
  for (let i = 0; i < n; i++) {
    let t = end - (n - i) * 1000 + ((i * 37) % 1000)
    if (i === 1) t = Math.floor(t / 60_000) * 60_000
    if (i === 2) t = Math.floor(t / 1000) * 1000
    const thread = `PassThroughMessageProcessor-${(i % 50) + 1}`
    const common = {
      correlationId: randomUUID(),
      apiId: '43d030dc-427f-4678-98e3-87b7d9882b5f',
      applicationId: i % 3 ? '2d6c54b0-7c7d-4b50-83dc-e6ae6f88962e' : '87c8da4c-aa3f-43d3-89ac-dc3dc3b19d3e',
    }
    let props: string
    let metric: string
    if (i % 5 === 4) {
      const f = faults[Math.floor(i / 5) % faults.length]!
      metric = 'apim:faulty'
      props = JSON.stringify({
        apiName: 'SampleAPI',
        requestTimestamp: javaIsoTime(t),
        errorType: f.type,
        proxyResponseCode: f.proxy,
        errorMessage: f.message,
        applicationOwner: 'admin',
        errorCode: f.code,
        apiCreatorTenantDomain: 'carbon.super',
        apiVersion: '1.0.0',
        gatewayType: 'SYNAPSE',
        apiCreator: 'admin',
        regionId: 'default',
        correlationId: common.correlationId,
        keyType: 'PRODUCTION',
        applicationId: f.type === 'AUTH' ? 'UNKNOWN' : common.applicationId,
        apiId: common.apiId,
        apiType: 'HTTP',
        applicationName: f.type === 'AUTH' ? 'UNKNOWN' : 'SampleApp3',
        properties: {},
        targetResponseCode: -1,
      })
    } else {
      const status = statuses[i % statuses.length]!
      const backend = (i * 13) % 90
      const reqMed = (i % 7) + 1
      const respMed = i % 3
      metric = 'apim:response'
      props = JSON.stringify({
        apiName: 'PizzaShackAPI',
        proxyResponseCode: status,
        destination: 'https://localhost:9443/am/sample/pizzashack/v1/api/',
        apiCreatorTenantDomain: 'carbon.super',
        platform: i % 2 ? 'Other' : 'Mac OS X',
        apiMethod: i % 4 === 1 ? 'POST' : 'GET',
        apiVersion: '1.0.0',
        gatewayType: 'SYNAPSE',
        apiCreator: 'admin',
        responseCacheHit: false,
        backendLatency: backend,
        correlationId: common.correlationId,
        requestMediationLatency: reqMed,
        keyType: 'SANDBOX',
        apiId: 'af88b5f8-594a-4f57-a729-7eb86b6a63ab',
        applicationName: 'DefaultApplication',
        targetResponseCode: status,
        requestTimestamp: javaIsoTime(t),
        applicationOwner: 'admin',
        userAgent: i % 2 ? 'curl' : 'Chrome',
        userName: 'admin@carbon.super',
        apiResourceTemplate: i % 4 === 1 ? '/order' : '/menu',
        regionId: 'default',
        responseLatency: backend + reqMed + respMed,
        responseMediationLatency: respMed,
        userIp: `10.20.${i % 5}.${(i % 200) + 1}`,
        apiContext: '/pizzashack/1.0.0',
        applicationId: common.applicationId,
        apiType: 'HTTP',
        properties:
          i % 2 ? {} : { responseContentType: 'application/json', apiContext: '/pizzashack/1.0.0', responseSize: 231 + i, userName: 'admin@carbon.super' },
      })
    }
    lines.push(`${log4jTime(t + 5)} [-] [${thread}]  INFO ELKCounterMetric apimMetrics: ${metric}, properties :${props}`)
  }
  return lines
}

/**
 * nginx access-log lines as collector/examples/nginx/pantau-log-format.conf
 * writes them (escape=json: every value a string, unset ones empty): a mix of
 * statuses, some requests tried on two upstreams, some answered by nginx alone.
 */
export function nginxJsonLines(n: number, end = Date.now(), host = 'api.example.go.id'): string[] {
  const statuses = [200, 200, 201, 204, 301, 401, 404, 429, 500, 502, 503, 200]
  const lines: string[] = []
  for (let i = 0; i < n; i++) {
    const status = statuses[i % statuses.length]!
    const seconds = (((i * 37) % 900) + 3) / 1000
    const upstreamFirst = (((i * 11) % 40) + 1) / 1000
    const noUpstream = status === 301 || status === 429
    const twoTries = !noUpstream && i % 7 === 3
    const written = end - (n - i) * 50
    lines.push(
      JSON.stringify({
        msec: (written / 1000).toFixed(3),
        time_iso8601: new Date(written).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
        request_id: randomUUID().replaceAll('-', ''),
        remote_addr: `10.1.${i % 4}.${(i % 250) + 1}`,
        remote_user: '',
        http_x_forwarded_for: '',
        scheme: i % 3 ? 'https' : 'http',
        ssl_protocol: i % 3 ? 'TLSv1.3' : '',
        host,
        request_method: i % 5 === 2 ? 'POST' : 'GET',
        request_uri: `/layanan/v1/data/${i % 17}?page=${i % 3}`,
        status: String(status),
        request_time: seconds.toFixed(3),
        upstream_addr: noUpstream ? '' : twoTries ? '10.9.0.1:8080, 10.9.0.2:8080' : '10.9.0.2:8080',
        upstream_status: noUpstream ? '' : twoTries ? `502, ${status}` : String(status),
        upstream_connect_time: noUpstream ? '' : twoTries ? '0.000, 0.001' : '0.001',
        upstream_response_time: noUpstream ? '' : twoTries ? `0.000, ${upstreamFirst.toFixed(3)}` : upstreamFirst.toFixed(3),
        request_length: String(180 + (i % 40)),
        bytes_sent: String(420 + ((i * 7) % 300)),
        http_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
      }),
    )
  }
  return lines
}

/** Envoy HTTP access-log lines (`json_format` with Envoy's default-format keys: every value a string, unset "-"). */
export function envoyJsonLines(n: number, end = Date.now()): string[] {
  const statuses = [200, 200, 403, 404, 503, 201]
  return Array.from({ length: n }, (_, i) => {
    const duration = ((i * 19) % 300) + 2
    const status = statuses[i % statuses.length]!
    return JSON.stringify({
      start_time: new Date(end - (n - i) * 200 - duration).toISOString(),
      method: 'GET',
      path: `/kependudukan/v2/nik/${i}`,
      protocol: 'HTTP/1.1',
      response_code: String(status),
      response_flags: status === 503 ? 'UF' : '-',
      bytes_received: '0',
      bytes_sent: String(100 + i),
      duration: String(duration),
      upstream_service_time: status === 503 ? '-' : String(Math.max(1, duration - 2)),
      x_forwarded_for: '-',
      user_agent: 'curl/8.5.0',
      request_id: randomUUID(),
      authority: 'api.example.go.id',
      upstream_host: status === 503 ? '-' : '10.9.1.5:8080',
    })
  })
}

// ---------------------------------------------------------------------------
// totals: from the log file, and from Pantau
// ---------------------------------------------------------------------------

export interface Totals {
  count: number
  /** Requests per status class, e.g. { '2xx': 10, '5xx': 2 } (classes with none are absent). */
  classes: Record<string, number>
  /** Sum of the total latencies, ms. */
  latencyMs: number
  /** Sum of the backend (upstream) latencies, ms; requests without one count nothing. */
  backendMs: number
}

const round3 = (n: number) => Math.round(n * 1000) / 1000
const classOf = (status: number) => `${Math.floor(status / 100)}xx`

function totalsOf(rows: Array<{ status: number; latencyMs: number; backendMs?: number }>): Totals {
  const classes: Record<string, number> = {}
  let latencyMs = 0
  let backendMs = 0
  for (const r of rows) {
    classes[classOf(r.status)] = (classes[classOf(r.status)] ?? 0) + 1
    latencyMs += r.latencyMs
    backendMs += r.backendMs ?? 0
  }
  return { count: rows.length, classes, latencyMs: round3(latencyMs), backendMs: round3(backendMs) }
}

/** nginx seconds with ms resolution ("0.012") to ms, without float noise. */
const secToMs = (s: string) => Math.round(Number.parseFloat(s) * 1000)

/**
 * What an nginx JSON access log says, read independently of Pantau's parser:
 * `$request_time` per request, and `$upstream_response_time` summed over every
 * upstream tried ("0.000, 0.012" is two tries; "-" a try that got no answer).
 */
export function nginxLogTotals(lines: string[]): Totals & { requestIds: string[] } {
  const records = lines.filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, string>)
  const rows = records.map((r) => {
    const tries = (r.upstream_response_time ?? '').split(/[,:]/).map((x) => x.trim())
    const backend = tries.filter((x) => /^\d+(\.\d+)?$/.test(x)).reduce((a, x) => a + secToMs(x), 0)
    const hasBackend = tries.some((x) => /^\d+(\.\d+)?$/.test(x))
    return { status: Number(r.status), latencyMs: secToMs(r.request_time!), backendMs: hasBackend ? backend : undefined }
  })
  return { ...totalsOf(rows), requestIds: records.map((r) => r.request_id!).sort() }
}

/** What apim_metrics.log says: its apimMetrics lines (faults have no latencies). */
export function wso2LogTotals(lines: string[]): Totals & { responses: number; faults: number } {
  const events = lines
    .filter((l) => l.includes('apimMetrics:'))
    .map((l) => ({ faulty: l.includes('apimMetrics: apim:faulty'), e: JSON.parse(l.slice(l.indexOf('properties :') + 'properties :'.length)) }))
  const rows = events.map(({ e }) => ({ status: e.proxyResponseCode as number, latencyMs: e.responseLatency ?? 0, backendMs: e.backendLatency }))
  return { ...totalsOf(rows), responses: events.filter((x) => !x.faulty).length, faults: events.filter((x) => x.faulty).length }
}

/** What an Envoy JSON access log says (`%DURATION%`, `%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%`). */
export function envoyLogTotals(lines: string[]): Totals {
  return totalsOf(
    lines
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, string>)
      .map((r) => ({
        status: Number(r.response_code),
        latencyMs: Number(r.duration),
        backendMs: r.upstream_service_time === '-' ? undefined : Number(r.upstream_service_time),
      })),
  )
}

/** The same totals from Pantau's request_events (`stack.storage`, or a data dir opened after the fact), for one instansi (and one source format). */
export async function pantauTotals(storage: Pick<Storage, 'query'>, instansi: string, sourceFormat?: string): Promise<Totals> {
  const rows = await storage.query<{ status: number; n: string; latency: number; backend: number }>(
    `SELECT status, count() AS n, toFloat64(sum(latency_ms)) AS latency, toFloat64(sum(ifNull(backend_latency_ms, 0))) AS backend
       FROM request_events
      WHERE instansi = {instansi:String} ${sourceFormat ? 'AND source_format = {format:String}' : ''}
      GROUP BY status`,
    { instansi, format: sourceFormat ?? '' },
  )
  const classes: Record<string, number> = {}
  let count = 0
  let latencyMs = 0
  let backendMs = 0
  for (const r of rows) {
    const n = Number(r.n)
    classes[classOf(r.status)] = (classes[classOf(r.status)] ?? 0) + n
    count += n
    latencyMs += r.latency
    backendMs += r.backend
  }
  return { count, classes, latencyMs: round3(latencyMs), backendMs: round3(backendMs) }
}

/** Rows stored plus records refused (dead letters) for one instansi: everything Pantau has answered for. */
export async function pantauSeen(stack: TestStack, instansi: string): Promise<{ stored: number; refused: number }> {
  await stack.flushed()
  const [s] = await stack.storage!.query<{ n: string }>('SELECT count() AS n FROM request_events WHERE instansi = {instansi:String}', { instansi })
  const [d] = await stack.storage!.query<{ n: string }>('SELECT count() AS n FROM dead_letters WHERE instansi = {instansi:String}', { instansi })
  return { stored: Number(s?.n ?? 0), refused: Number(d?.n ?? 0) }
}

/** The first dead letters of one instansi (reason, field, the start of the payload); '' when there are none. */
export async function deadLetters(storage: Pick<Storage, 'query'>, instansi: string): Promise<string> {
  const rows = await storage.query<{ reason: string; field: string; payload: string }>(
    'SELECT reason, field, substring(payload, 1, 300) AS payload FROM dead_letters WHERE instansi = {instansi:String} LIMIT 5',
    { instansi },
  )
  return rows.map((r) => `${r.field}: ${r.reason} | ${r.payload}`).join('\n')
}
