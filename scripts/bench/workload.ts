/**
 * Load for the ingest benchmarks: pre-built request bodies (so the load
 * generator costs little CPU next to the system under test) in the native
 * Kong format and as OTLP protobuf logs.
 */
import { encodeRequest } from '../../collector/sources/otlp/proto.js'

const ROUTES = ['/kependudukan/v1/nik', '/faskes/v1/rumah-sakit', '/pajak/v2/objek', '/perizinan/v1/izin', '/asn/v1/pegawai']

/** One Kong http-log record (the shape of test/fixtures/gateways/kong). */
function kongRecord(i: number, now: number): string {
  const route = ROUTES[i % ROUTES.length]
  const latency = 5 + ((i * 7919) % 400)
  const status = i % 50 === 0 ? 503 : i % 13 === 0 ? 404 : 200
  return JSON.stringify({
    request: {
      method: 'GET',
      uri: `${route}/${i % 1000}?page=${i % 7}`,
      url: `https://api.example.go.id${route}/${i % 1000}`,
      size: 310,
      headers: { host: 'api.example.go.id', 'user-agent': 'bench/1.0', 'x-request-id': `b-${i}` },
      tls: { version: 'TLSv1.3' },
    },
    response: { status, size: 1800 + (i % 900), headers: {} },
    latencies: { request: latency, kong: 2, proxy: latency - 2 },
    service: { name: route.split('/')[1] },
    route: { paths: [route] },
    consumer: { username: `app-${i % 40}` },
    client_ip: `10.0.${i % 250}.${(i >> 8) % 250}`,
    started_at: now - (i % 3_600_000),
  })
}

export function kongBodies(count: number, perBody: number): Buffer[] {
  const now = Date.now()
  const bodies: Buffer[] = []
  for (let b = 0; b < count; b++) {
    let s = ''
    for (let i = 0; i < perBody; i++) s += kongRecord(b * perBody + i, now) + '\n'
    bodies.push(Buffer.from(s))
  }
  return bodies
}

const kv = (key: string, value: unknown) =>
  typeof value === 'number'
    ? Number.isInteger(value)
      ? { key, value: { intValue: String(value) } }
      : { key, value: { doubleValue: value } }
    : { key, value: { stringValue: String(value) } }

export function otlpBodies(count: number, perBody: number): Buffer[] {
  const now = Date.now()
  const bodies: Buffer[] = []
  for (let b = 0; b < count; b++) {
    const logRecords = []
    for (let i = 0; i < perBody; i++) {
      const n = b * perBody + i
      const route = ROUTES[n % ROUTES.length]
      logRecords.push({
        timeUnixNano: String(BigInt(now - (n % 3_600_000)) * 1_000_000n),
        severityText: 'INFO',
        body: { stringValue: `GET ${route}` },
        attributes: [
          kv('http.request.method', 'GET'),
          kv('http.response.status_code', n % 50 === 0 ? 503 : 200),
          kv('http.route', `${route}/{id}`),
          kv('url.path', `${route}/${n % 1000}`),
          kv('server.address', 'api.example.go.id'),
          kv('client.address', `10.1.${n % 250}.7`),
          kv('http.server.request.duration', (5 + (n % 400)) / 1000 + 0.0001),
          kv('consumer.id', `app-${n % 40}`),
          kv('http.request.header.x-request-id', `o-${n}`),
        ],
      })
    }
    const req = { resourceLogs: [{ resource: { attributes: [kv('service.name', 'bench-gw')] }, scopeLogs: [{ logRecords }] }] }
    bodies.push(Buffer.from(encodeRequest('logs', req)))
  }
  return bodies
}
