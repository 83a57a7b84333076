/**
 * A real access log from a real proxy: Debian's nginx as a reverse proxy
 * (HTTP and HTTPS) in front of small Node upstreams, logging with
 * collector/examples/nginx/pantau-log-format.conf, answering 200, 401, 404
 * (upstream's and its own), 500 and 502, and retrying on a second upstream
 * (a dead one first; a 503 first). The OpenTelemetry Collector running
 * collector/examples/otelcol/edge-otlp-http.yaml ships the file to Pantau.
 * The log must say what the test did (one line per request, retries listed),
 * and Pantau must hold exactly what the log says: requests per status class,
 * the sum of $request_time and of $upstream_response_time over every try,
 * request ids, TLS versions and the upstream that answered.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../scripts/process.js'
import { example, otelcolBinary, otelcolDrops, type Peer, peerReady, runPeer, startOtelcol } from '../support/shippers.js'
import { deadLetters, nginxLogTotals, pantauSeen, pantauTotals } from '../support/gateway-logs.js'
import { startTestStack, tempDir, type TestStack } from '../support/stack.js'
import { waitFor } from '../support/wait.js'

const NGINX = '/usr/sbin/nginx'
const INSTANSI = 'nginx-proxy'

let stack: TestStack
let nginx: Peer | undefined
let bin: string
const upstreams: Server[] = []
let dir: string
let accessLog: string
let httpPort: number
let httpsPort: number
/** X-Request-ID values the upstreams saw (nginx's $request_id, sent with proxy_set_header). */
const seenIds = new Set<string>()

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** An upstream: `?d=<ms>` delays the answer; the handler picks the status. */
async function upstream(handle: (req: IncomingMessage, res: ServerResponse) => number): Promise<number> {
  const server = createServer(async (req, res) => {
    const id = req.headers['x-request-id']
    if (typeof id === 'string') seenIds.add(id)
    for await (const _ of req) {
      /* read the body */
    }
    const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('d') ?? 0)
    if (delay) await sleep(delay)
    const status = handle(req, res)
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status, path: req.url }))
  })
  upstreams.push(server)
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return port
}

function nginxConf(ports: { app: number; second: number; dead: number }): string {
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};` : ''
  return `
${user}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  include ${example('nginx/pantau-log-format.conf')};
  access_log ${accessLog} pantau_json;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;

  upstream app { server 127.0.0.1:${ports.app}; }
  upstream dead { server 127.0.0.1:${ports.dead}; }
  # every request tries the dead server first (max_fails=0: never marked down), then the backup
  upstream dead_first { server 127.0.0.1:${ports.dead} max_fails=0; server 127.0.0.1:${ports.app} backup; }
  # the first server answers 503 (retried), the backup 200
  upstream flaky { server 127.0.0.1:${ports.app} max_fails=0; server 127.0.0.1:${ports.second} backup; }

  server {
    listen 127.0.0.1:${httpPort};
    listen 127.0.0.1:${httpsPort} ssl;
    server_name api.nginx-proxy.test;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    proxy_set_header X-Request-ID $request_id;
    proxy_next_upstream off;

    location = /nginx-404 { return 404; }
    location /dead/ { proxy_pass http://dead; }
    location /retry/ { proxy_pass http://dead_first; proxy_next_upstream error timeout; }
    location /flaky/ { proxy_pass http://flaky; proxy_next_upstream error timeout http_503; }
    location / { proxy_pass http://app; }
  }
}
`
}

/** One request through nginx; resolves with the status. */
function call(method: string, path: string, tls: boolean, body?: string): Promise<number> {
  if (!tls) return fetch(`http://127.0.0.1:${httpPort}${path}`, { method, body }).then(async (r) => (await r.arrayBuffer(), r.status))
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port: httpsPort, path, method, rejectUnauthorized: false, servername: 'localhost' }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** What the test sends: [method, path, tls, expected status, tries (upstreams contacted)]. */
type Planned = { method: string; path: string; tls: boolean; status: number; tries: number }
function plan(): Planned[] {
  const p: Planned[] = []
  const d = (i: number) => 3 + ((i * 7) % 40)
  for (let i = 0; i < 40; i++) p.push({ method: 'GET', path: `/api/v1/ok/${i}?d=${d(i)}`, tls: i % 2 === 1, status: 200, tries: 1 })
  for (let i = 0; i < 10; i++) p.push({ method: 'POST', path: `/api/v1/ok/create?d=${d(i)}`, tls: true, status: 200, tries: 1 })
  for (let i = 0; i < 8; i++) p.push({ method: 'GET', path: `/api/v1/auth/${i}?d=${d(i)}`, tls: i % 2 === 0, status: 401, tries: 1 })
  for (let i = 0; i < 6; i++) p.push({ method: 'GET', path: `/api/v1/missing/${i}?d=${d(i)}`, tls: false, status: 404, tries: 1 })
  for (let i = 0; i < 4; i++) p.push({ method: 'GET', path: '/nginx-404', tls: i % 2 === 0, status: 404, tries: 0 })
  for (let i = 0; i < 5; i++) p.push({ method: 'GET', path: `/api/v1/boom/${i}?d=${d(i)}`, tls: false, status: 500, tries: 1 })
  for (let i = 0; i < 5; i++) p.push({ method: 'GET', path: `/dead/${i}`, tls: i % 2 === 1, status: 502, tries: 1 })
  for (let i = 0; i < 8; i++) p.push({ method: 'GET', path: `/retry/ok/${i}?d=${d(i)}`, tls: i % 2 === 0, status: 200, tries: 2 })
  for (let i = 0; i < 6; i++) p.push({ method: 'GET', path: `/flaky/${i}?d=${d(i)}`, tls: false, status: 200, tries: 2 })
  return p
}

let sent: Planned[]
let collectorLog = ''
let lines: string[]

beforeAll(async () => {
  ;[bin, stack] = await Promise.all([otelcolBinary(), startTestStack()])
  dir = tempDir('pantau-nginx-')
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, 'tmp', t), { recursive: true })
  accessLog = join(dir, 'access.json.log')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  )

  const app = await upstream((req) => {
    const path = req.url ?? ''
    if (path.startsWith('/api/v1/auth/')) return 401
    if (path.startsWith('/api/v1/missing/')) return 404
    if (path.startsWith('/api/v1/boom/')) return 500
    if (path.startsWith('/flaky/')) return 503
    return 200
  })
  const second = await upstream(() => 200)
  const dead = await freePort() // nothing listens: connection refused
  ;[httpPort, httpsPort] = [await freePort(), await freePort()]
  writeFileSync(join(dir, 'nginx.conf'), nginxConf({ app, second, dead }))
  execFileSync(NGINX, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'], { stdio: 'pipe' })
  nginx = runPeer('nginx', NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'])
  await peerReady(nginx, 'listening', async () => (await fetch(`http://127.0.0.1:${httpPort}/nginx-404`).catch(() => undefined))?.status === 404)
  // that readiness probe is a logged request too: start the log the test counts afresh
  await waitFor('the probe logged', () => existsSync(accessLog) && readFileSync(accessLog, 'utf8').trim() !== '')
  writeFileSync(accessLog, '') // truncated in place: nginx appends (O_APPEND) to the same file

  sent = plan()
  const statuses: number[] = []
  // one at a time, so the log's lines are in the plan's order
  for (const p of sent) statuses.push(await call(p.method, p.path, p.tls, p.method === 'POST' ? '{"nik":"x"}' : undefined))
  expect(statuses).toEqual(sent.map((p) => p.status))
  // nginx writes a line after the response has gone out: wait for all of them
  lines = (await waitFor(
    'every request in the access log',
    () => {
      const l = readFileSync(accessLog, 'utf8').split('\n').filter(Boolean)
      return l.length >= sent.length ? l : undefined
    },
    15_000,
  ))!
}, 1_800_000)

afterAll(async () => {
  await nginx?.stop()
  for (const s of upstreams) s.close()
  await stack?.stop()
})

describe('nginx (Debian) as a reverse proxy: its real access log, shipped by the OTel Collector', () => {
  it('the access log says what happened: one line per request, retries as two tries', () => {
    expect(lines).toHaveLength(sent.length)
    const records = lines.map((l) => JSON.parse(l) as Record<string, string>)
    expect(records.map((r) => Number(r.status))).toEqual(sent.map((p) => p.status))
    // the upstreams contacted, as $upstream_addr lists them
    const tries = records.map((r) => (r.upstream_addr === '' ? 0 : r.upstream_addr!.split(', ').length))
    expect(tries).toEqual(sent.map((p) => p.tries))
    const retried = records.filter((r) => r.upstream_addr!.includes(', '))
    expect(retried.map((r) => r.upstream_status)).toEqual([...Array(8).fill('502, 200'), ...Array(6).fill('503, 200')])
    expect(retried.every((r) => /^\d+\.\d{3}, \d+\.\d{3}$/.test(r.upstream_response_time!))).toBe(true)
    expect(records.filter((r) => r.scheme === 'https').every((r) => /^TLSv1\.[23]$/.test(r.ssl_protocol!))).toBe(true)
    expect(records.filter((r) => r.scheme === 'http').every((r) => r.ssl_protocol === '')).toBe(true)
    // nginx sent its $request_id upstream: the id of every line an upstream answered reached it
    const answered = records.filter((r) => r.upstream_addr !== '' && !r.request_uri!.startsWith('/dead/'))
    expect(answered).toHaveLength(sent.length - 4 - 5)
    expect(answered.filter((r) => !seenIds.has(r.request_id!))).toEqual([])
  })

  describe('shipped with collector/examples/otelcol/edge-otlp-http.yaml', () => {
    beforeAll(async () => {
      const token = await stack.gateway(INSTANSI, { product: 'nginx' })
      const overlay = join(dir, 'otelcol-overlay.yaml')
      const [grpc, http] = [await freePort(), await freePort()]
      writeFileSync(
        overlay,
        JSON.stringify({
          receivers: {
            'filelog/wso2': { include: [join(dir, 'none-apim_metrics.log')] },
            'filelog/nginx': { include: [accessLog] },
            'filelog/envoy': { include: [join(dir, 'none-envoy.log')] },
            otlp: { protocols: { grpc: { endpoint: `127.0.0.1:${grpc}` }, http: { endpoint: `127.0.0.1:${http}` } } },
          },
          service: { telemetry: { metrics: { level: 'none' } } },
        }),
      )
      const collector = await startOtelcol(bin, [example('otelcol/edge-otlp-http.yaml'), overlay], {
        PANTAU_INGEST_TOKEN: token,
        PANTAU_OTLP_HTTP_ENDPOINT: stack.ingest,
        OTELCOL_STORAGE_DIR: join(dir, 'otelcol-storage'),
      })
      try {
        await waitFor(
          `${lines.length} lines answered for`,
          async () => {
            const s = await pantauSeen(stack, INSTANSI)
            return s.stored + s.refused >= lines.length
          },
          60_000,
          () => collector.output().slice(-4000),
          200,
        )
      } finally {
        await collector.stop()
        collectorLog = collector.output()
      }
      await stack.flushed()
    }, 120_000)

    it(`every request stored once: counts per status class and latency sums equal the log's`, async () => {
      expect(await deadLetters(stack.storage!, INSTANSI)).toBe('')
      expect(otelcolDrops(collectorLog)).toEqual([])
      const { requestIds, ...fromLog } = nginxLogTotals(lines)
      // what the test did, independently of the log: 64 2xx, 18 4xx, 10 5xx
      expect(fromLog.count).toBe(92)
      expect(fromLog.classes).toEqual({ '2xx': 64, '4xx': 18, '5xx': 10 })
      expect(fromLog.backendMs).toBeGreaterThan(0)
      expect(await pantauTotals(stack.storage!, INSTANSI, 'nginx')).toEqual(fromLog)
      const ids = await stack.storage!.query<{ request_id: string }>('SELECT request_id FROM request_events WHERE instansi = {i:String} ORDER BY request_id', {
        i: INSTANSI,
      })
      expect(ids.map((r) => r.request_id)).toEqual(requestIds)
    })

    it('retried requests: backend latency is the sum over both tries; the upstream is the one that answered', async () => {
      const records = lines.map((l) => JSON.parse(l) as Record<string, string>)
      const rows = await stack.storage!.query<{ request_id: string; backend_latency_ms: number; upstream: string }>(
        'SELECT request_id, backend_latency_ms, upstream FROM request_events WHERE instansi = {i:String}',
        { i: INSTANSI },
      )
      const byId = new Map(rows.map((r) => [r.request_id, r]))
      const retried = records.filter((r) => r.upstream_addr!.includes(', '))
      expect(retried).toHaveLength(14)
      for (const r of retried) {
        const [first, second] = r.upstream_response_time!.split(', ').map((s) => Math.round(Number(s) * 1000))
        expect(byId.get(r.request_id!)).toEqual({ request_id: r.request_id, backend_latency_ms: first! + second!, upstream: r.upstream_addr!.split(', ')[1] })
      }
    })

    it('scheme and TLS version per request as logged ($scheme, $ssl_protocol)', async () => {
      const records = lines.map((l) => JSON.parse(l) as Record<string, string>)
      const rows = await stack.storage!.query<{ scheme: string; tls_version: string; n: string }>(
        'SELECT scheme, tls_version, count() AS n FROM request_events WHERE instansi = {i:String} GROUP BY scheme, tls_version ORDER BY scheme, tls_version',
        { i: INSTANSI },
      )
      const expected = new Map<string, number>()
      for (const r of records) expected.set(`${r.scheme}|${r.ssl_protocol}`, (expected.get(`${r.scheme}|${r.ssl_protocol}`) ?? 0) + 1)
      expect(new Map(rows.map((r) => [`${r.scheme}|${r.tls_version}`, Number(r.n)]))).toEqual(expected)
      expect(expected.get('http|')).toBe(sent.filter((p) => !p.tls).length)
    })
  })
})
