/**
 * The OpenTelemetry Collector's kafka exporter as an input, against a real Apache
 * Kafka broker (its own, on 19192/19193) and a real Pantau writer process: records
 * produced with kafkajs exactly as the exporter (franz-go) writes them — one
 * otlp_proto or otlp_json Export request per record, or one JSON-quoted line per
 * record for `raw`; nil key; `record_headers` and `otelcol.signal` headers; none,
 * gzip, snappy (franz-go's raw block, and the Java client's xerial framing) and zstd
 * compression — are stored once each, attributed by the token header or the topic
 * mapping, and what cannot be attributed or decoded lands in dead_letters.
 */
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { CompressionCodecs, CompressionTypes, type IHeaders, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs'
import { compress as snappyBlock } from 'snappyjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeRequest } from '../../collector/sources/otlp/proto.js'
import { startKafka, stopKafka } from '../../scripts/kafka-local.js'
import { freePort, spawnPantau, waitForHttp, type PantauProcess } from '../../scripts/process.js'
import { tempDir } from '../support/temp.js'
import { waitFor as waitUntil } from '../support/wait.js'

Object.assign(process.env, {
  KAFKA_PORT: '19192',
  KAFKA_CONTROLLER_PORT: '19193',
  PANTAU_KAFKA_HOME: fileURLToPath(new URL('../../.cache/kafka-otlp-test', import.meta.url)),
})
const BROKERS = '127.0.0.1:19192'
const GROUP = 'pantau-otlp-writer'
/** The collector's default topics, a topic mapped to a gateway (named for its signal), and one neither named nor mapped. */
const TOPICS = ['otlp_logs', 'otlp_spans', 'otlp_metrics', 'edge_mapped', 'edge_other']
const ADMIN = 'kafka-otlp-admin-token-0123456789'

let core: PantauProcess | undefined
let coreEnv: Record<string, string>
let api = ''
let producer: Producer
const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// ---- what the exporter writes -------------------------------------------------------------

type Attr = string | number
const attributes = (a: Record<string, Attr>) =>
  Object.entries(a).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? { stringValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v },
  }))
const nanos = (ms: number) => String(BigInt(ms) * 1_000_000n)

/** HTTP semantic-convention attributes; spans take their duration from their times instead. */
function http(id: string, i: number, duration = true): Record<string, Attr> {
  return {
    ...(duration ? { 'http.server.request.duration': 0.0125 } : {}),
    'http.request.method': i % 3 ? 'GET' : 'POST',
    'http.response.status_code': i % 10 ? 200 : 503,
    'http.route': '/v1/layanan/{id}',
    'url.path': `/v1/layanan/${i % 7}`,
    'url.query': 'access_token=s3cr3t&page=2',
    'http.request.header.x-request-id': id,
  }
}

/** An ExportLogsServiceRequest: `n` HTTP request logs (ids `${prefix}-${i}`), plus `junk` log records that are not requests. */
function logs(prefix: string, n: number, junk = 0) {
  const t = Date.now() - 60_000
  const records = Array.from({ length: n }, (_, i) => ({
    timeUnixNano: nanos(t + i),
    severityText: 'INFO',
    body: { stringValue: `request ${i}` },
    attributes: attributes(http(`${prefix}-${i}`, i)),
  }))
  for (let j = 0; j < junk; j++) records.push({ timeUnixNano: nanos(t), severityText: 'INFO', body: { stringValue: 'cache warmed' }, attributes: [] })
  return { resourceLogs: [{ resource: { attributes: attributes({ 'service.name': 'edge' }) }, scopeLogs: [{ logRecords: records }] }] }
}

/** An ExportTraceServiceRequest: `n` SERVER spans of 42 ms, and one CLIENT span (not a request event). */
function spans(prefix: string, n: number) {
  const t = Date.now() - 60_000
  const span = (i: number, kind: number) => ({
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    name: 'GET /v1/layanan/{id}',
    kind,
    startTimeUnixNano: nanos(t + i),
    endTimeUnixNano: nanos(t + i + 42),
    attributes: attributes(http(`${prefix}-${i}`, i, false)),
  })
  return { resourceSpans: [{ scopeSpans: [{ spans: [...Array.from({ length: n }, (_, i) => span(i, 2)), span(n, 3)] }] }] }
}

const proto = (signal: 'logs' | 'traces', request: object) => Buffer.from(encodeRequest(signal, request))

/** A `raw` record: the exporter's json.Marshal of a string body, here a Pasal 13 JSON line. */
function rawLine(requestId: string, i: number): Buffer {
  const line = JSON.stringify({
    timestamp: new Date(Date.now() - 30_000 + i).toISOString(),
    level: 'INFO',
    service: 'edge',
    requestId,
    method: 'GET',
    endpoint: `/v1/raw/${i}`,
    statusCode: 200,
    duration: 7,
    message: 'ok',
  })
  return Buffer.from(JSON.stringify(line))
}

// ---- producing as franz-go does (kafkajs with the codecs kafkajs lacks) ------------------

/** A valid zstd frame of raw (stored) blocks: what the writer's zstd codec must read inside a record batch. */
function zstdStored(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38])] // magic; no checksum, no size; window 128 KiB
  const max = 128 * 1024
  for (let at = 0; at === 0 || at < data.length; at += max) {
    const block = data.subarray(at, at + max)
    const last = at + max >= data.length ? 1 : 0
    const head = Buffer.alloc(3)
    head.writeUIntLE((block.length << 3) | last, 0, 3) // block type 0: raw
    parts.push(head, block)
  }
  return Buffer.concat(parts)
}

/** snappy-java's xerial stream: magic, version, compatible version, [int32 length][block]… */
function xerial(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1])]
  for (let at = 0; at < data.length; at += 8192) {
    const block = Buffer.from(snappyBlock(data.subarray(at, at + 8192)))
    const len = Buffer.alloc(4)
    len.writeInt32BE(block.length)
    parts.push(len, block)
  }
  return Buffer.concat(parts)
}

let snappyFraming: 'raw' | 'xerial' = 'raw'
const producing = (compress: (b: Buffer) => Buffer) => () => ({
  compress: async ({ buffer }: { buffer: Buffer }) => compress(buffer),
  decompress: async () => Promise.reject(new Error('the test only produces')),
})
CompressionCodecs[CompressionTypes.ZSTD] = producing(zstdStored)
CompressionCodecs[CompressionTypes.Snappy] = producing((b) => (snappyFraming === 'raw' ? Buffer.from(snappyBlock(b)) : xerial(b)))

async function produce(topic: string, records: Array<{ value: Buffer; headers?: IHeaders }>, compression = CompressionTypes.None): Promise<void> {
  await producer.send({ topic, acks: 1, compression, messages: records.map((r) => ({ key: null, value: r.value, headers: r.headers })) })
}

// ---- the Pantau side ---------------------------------------------------------------------

async function startCore(extra: Record<string, string> = {}): Promise<void> {
  core = spawnPantau(['server/start.ts', '--role=api,writer'], { ...coreEnv, ...extra })
  if (!extra.PANTAU_WRITER_CRASH_AFTER_INSERTS) await waitForHttp(`${api}/healthz`, core, 90_000)
}

async function waitFor<T>(what: string, check: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  return waitUntil(what, check, timeoutMs, () => `core:\n${core?.output().slice(-4000)}`, 250)
}

async function stats(instansi: string): Promise<{ raw_events: number; dead_letters: number }> {
  return (await (await fetch(`${api}/v1/admin/stats?instansi=${instansi}`, { headers: admin })).json()).data
}

interface Letter {
  instansi: string
  gateway_id: string
  source: string
  field: string
  reason: string
  payload: string
}
async function deadLetters(instansi?: string): Promise<Letter[]> {
  const q = instansi ? `instansi=${instansi}&` : ''
  return (await (await fetch(`${api}/v1/admin/dead-letters?${q}limit=500`, { headers: admin })).json()).data
}

interface Event {
  instansi: string
  gateway_id: string
  method: string
  path: string
  route: string
  status: number
  latency_ms: number
  request_id: string
  source_format: string
}
async function events(instansi: string): Promise<Event[]> {
  return (await (await fetch(`${api}/v1/events?instansi=${instansi}&from=now-1h&limit=1000`, { headers: admin })).json()).data
}

/** The OTLP group has committed every partition of its topics up to the high watermark, with no range in flight. */
async function caughtUp(): Promise<boolean> {
  const kafkaAdmin = new Kafka({ clientId: 'test-lag', brokers: [BROKERS], logLevel: logLevel.NOTHING }).admin()
  await kafkaAdmin.connect()
  try {
    const committed = await kafkaAdmin.fetchOffsets({ groupId: GROUP, topics: TOPICS })
    for (const topic of TOPICS) {
      const done = committed.find((t) => t.topic === topic)?.partitions ?? []
      for (const { partition, high } of await kafkaAdmin.fetchTopicOffsets(topic)) {
        const c = done.find((p) => p.partition === partition)
        if (Math.max(0, Number(c?.offset ?? -1)) !== Number(high) || c?.metadata?.startsWith('pending:')) return false
      }
    }
    return true
  } finally {
    await kafkaAdmin.disconnect()
  }
}

async function gateway(instansi: string, id?: string): Promise<string> {
  await fetch(`${api}/v1/registry/instansi`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ code: instansi, name: `Instansi ${instansi}`, kind: 'lembaga' }),
  })
  const res = await fetch(`${api}/v1/registry/gateways`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ id, instansi, name: 'Edge', product: 'kong' }),
  })
  return (await res.json()).data.ingest_token
}
const token = (t: string): IHeaders => ({ 'x-pantau-token': t })

beforeAll(async () => {
  await startKafka({ reset: true, port: 19192 })
  const apiPort = await freePort()
  api = `http://127.0.0.1:${apiPort}`
  coreEnv = {
    KAFKA_BROKERS: BROKERS,
    PANTAU_KAFKA_PARTITIONS: '4',
    PANTAU_OTLP_KAFKA_TOPICS: 'otlp_logs,otlp_spans,otlp_metrics,edge_mapped:logs,edge_other',
    PANTAU_OTLP_KAFKA_GATEWAYS: 'edge_mapped=otlp-map-spl',
    PANTAU_PSEUDONYM_KEY: 'kafka-otlp-test-pseudonym-key-0123',
    PANTAU_DATA_DIR: tempDir('pantau-kafka-otlp-'),
    PANTAU_ADMIN_TOKEN: ADMIN,
    PANTAU_API_PORT: String(apiPort),
  }
  await startCore()
  producer = new Kafka({ clientId: 'otel-collector', brokers: [BROKERS], logLevel: logLevel.NOTHING }).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  })
  await producer.connect()
}, 300_000)

afterAll(async () => {
  await producer?.disconnect()
  await core?.stop()
  await stopKafka()
}, 120_000)

describe('OpenTelemetry Collector kafka exporter → writer (real broker)', () => {
  it('otlp_proto logs with the token header, uncompressed and gzip: every request log stored once, with its values', { timeout: 180_000 }, async () => {
    const tok = await gateway('otlp-tok')
    await produce('otlp_logs', [{ value: proto('logs', logs('tok-a', 40, 1)), headers: token(tok) }])
    await produce(
      'otlp_logs',
      [
        { value: proto('logs', logs('tok-b', 30, 1)), headers: token(tok) },
        { value: proto('logs', logs('tok-c', 30)), headers: { 'x-pantau-token': `Bearer ${tok}`, 'otelcol.signal': 'logs' } },
      ],
      CompressionTypes.GZIP,
    )
    await waitFor('100 events', async () => (await stats('otlp-tok')).raw_events >= 100)
    await waitFor('the writer caught up', caughtUp)
    expect(await stats('otlp-tok')).toMatchObject({ raw_events: 100, dead_letters: 2 })
    const stored = await events('otlp-tok')
    expect(new Set(stored.map((e) => e.request_id)).size).toBe(100)
    const e = stored.find((x) => x.request_id === 'tok-a-10')!
    expect(e).toMatchObject({
      instansi: 'otlp-tok',
      gateway_id: 'otlp-tok-edge',
      method: 'GET',
      route: '/v1/layanan/{id}',
      status: 503,
      latency_ms: 12.5,
      source_format: 'otlp_logs',
    })
    expect(e.path).toMatch(/^\/v1\/layanan\/3/)
    expect(e.path).not.toContain('s3cr3t')
    const letters = await deadLetters('otlp-tok')
    expect(letters.map((l) => l.field).sort()).toEqual(['logRecords[30].attributes', 'logRecords[40].attributes'])
    expect(letters.every((l) => l.gateway_id === 'otlp-tok-edge' && /not an HTTP request log/.test(l.reason))).toBe(true)
  })

  it('otlp_json spans (snappy raw block, as franz-go) and otlp_proto spans (snappy xerial, as Java): SERVER spans become events', {
    timeout: 180_000,
  }, async () => {
    const tok = await gateway('otlp-span')
    snappyFraming = 'raw'
    await produce(
      'otlp_spans',
      [{ value: Buffer.from(JSON.stringify(spans('span-json', 20))), headers: { ...token(tok), 'otelcol.signal': 'traces' } }],
      CompressionTypes.Snappy,
    )
    snappyFraming = 'xerial'
    await produce('otlp_spans', [{ value: proto('traces', spans('span-proto', 25)), headers: token(tok) }], CompressionTypes.Snappy)
    // on a topic named for no signal, the header says which
    await produce('edge_other', [{ value: proto('logs', logs('span-logs', 5)), headers: { ...token(tok), 'otelcol.signal': 'logs' } }])
    await waitFor('50 events', async () => (await stats('otlp-span')).raw_events >= 50)
    await waitFor('the writer caught up', caughtUp)
    expect(await stats('otlp-span')).toMatchObject({ raw_events: 50, dead_letters: 0 })
    const stored = await events('otlp-span')
    expect(stored.filter((e) => e.source_format === 'otlp_traces')).toHaveLength(45)
    expect(stored.find((e) => e.request_id === 'span-json-4')).toMatchObject({ latency_ms: 42, status: 200, method: 'GET', gateway_id: 'otlp-span-edge' })
  })

  it('records without a token on the mapped topic (zstd; otlp_proto and raw lines) belong to the mapped gateway', { timeout: 180_000 }, async () => {
    await gateway('otlp-map', 'otlp-map-spl')
    await produce(
      'edge_mapped',
      [{ value: proto('logs', logs('map', 20)) }, ...Array.from({ length: 10 }, (_, i) => ({ value: rawLine(`raw-${i}`, i) }))],
      CompressionTypes.ZSTD,
    )
    await waitFor('30 events', async () => (await stats('otlp-map')).raw_events >= 30)
    await waitFor('the writer caught up', caughtUp)
    expect(await stats('otlp-map')).toMatchObject({ raw_events: 30, dead_letters: 0 })
    const stored = await events('otlp-map')
    expect(stored.every((e) => e.gateway_id === 'otlp-map-spl')).toBe(true)
    expect(stored.find((e) => e.request_id === 'raw-3')).toMatchObject({ source_format: 'pasal13', path: '/v1/raw/3', latency_ms: 7 })
  })

  it('what cannot be attributed or decoded goes to dead_letters with the reason, and the partition moves on', { timeout: 180_000 }, async () => {
    const tok = await gateway('otlp-bad')
    const before = (await deadLetters()).length
    await producer.send({
      topic: 'otlp_logs',
      acks: 1,
      messages: [
        // the same partition: the refused records come before good ones
        { partition: 0, value: proto('logs', logs('orphan', 3)) },
        { partition: 0, value: proto('logs', logs('revoked', 3)), headers: token('pgw_not-a-token') },
        { partition: 0, value: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f]), headers: token(tok) },
        { partition: 0, value: proto('logs', logs('bad-ok', 4)), headers: token(tok) },
      ],
    })
    await produce('edge_other', [{ value: proto('logs', logs('no-signal', 2)), headers: token(tok) }])
    await waitFor('the good record', async () => (await stats('otlp-bad')).raw_events >= 4)
    await waitFor('the writer caught up', caughtUp)
    expect(await stats('otlp-bad')).toMatchObject({ raw_events: 4, dead_letters: 2 })
    const mine = await deadLetters('otlp-bad')
    expect(mine).toHaveLength(2)
    expect(mine.find((l) => l.field === 'value')?.reason).toMatch(/^not a valid OTLP protobuf Export request/)
    expect(mine.find((l) => l.field === 'header otelcol.signal')?.reason).toMatch(/^cannot tell the signal/)
    expect(mine.every((l) => l.gateway_id === 'otlp-bad-edge')).toBe(true)
    expect(mine.find((l) => /protobuf/.test(l.reason))!.payload).toMatch(/^\(5 bytes, binary/)
    const all = await deadLetters()
    expect(all.length).toBe(before + 4)
    const orphan = all.filter((l) => l.instansi === '')
    expect(orphan).toHaveLength(2)
    expect(orphan.some((l) => /^cannot attribute the record to a gateway/.test(l.reason))).toBe(true)
    expect(orphan.some((l) => l.reason === 'unknown or revoked ingest token')).toBe(true)
    expect(orphan.every((l) => /^kafka:otlp_logs:0@\d+$/.test(l.source) && l.field === 'header x-pantau-token')).toBe(true)
    expect(JSON.stringify(orphan)).not.toContain('s3cr3t')
  })

  it('kill -9 of the writer mid-stream (right after an insert, and at a random point): no duplicate, no loss', { timeout: 300_000 }, async () => {
    const tok = await gateway('otlp-kill')
    const CHUNKS = 100
    const PER_RECORD = 100
    const total = CHUNKS * 4 * PER_RECORD
    // First crash: injected right after the third inserting range, before its offsets are committed.
    await core!.stop()
    await startCore({ PANTAU_WRITER_CRASH_AFTER_INSERTS: '3' })
    const crashed = new Promise<void>((resolve) => core!.child.once('exit', () => resolve()))
    const crashing = core!
    await waitFor(
      'the crashing writer up',
      async () => crashing.child.exitCode !== null || crashing.child.signalCode !== null || (await fetch(`${api}/healthz`)).ok,
    )
    // A steady stream, as edge collectors export it, while the writer crashes and restarts.
    let sent = 0
    const sending = (async () => {
      for (let c = 0; c < CHUNKS; c++) {
        const records = Array.from({ length: 4 }, (_, r) => ({ value: proto('logs', logs(`kill-${c}-${r}`, PER_RECORD)), headers: token(tok) }))
        await produce('otlp_logs', records, c % 2 ? CompressionTypes.GZIP : CompressionTypes.ZSTD)
        sent++
        await sleep(150)
      }
    })()
    await crashed
    expect(crashing.child.signalCode).toBe('SIGKILL')
    expect(sent).toBeLessThan(CHUNKS) // it crashed mid-stream
    await startCore()
    await waitFor('the in-flight range resumed', async () => core!.output().includes('writer: resuming'))
    // Second: a plain kill -9 at whatever point the writer is.
    await waitFor('writer mid-stream', async () => (await stats('otlp-kill')).raw_events >= total * 0.5)
    await core!.kill9()
    await startCore()
    await sending
    await waitFor('every event after the restarts', async () => (await stats('otlp-kill')).raw_events >= total, 180_000)
    await waitFor('the writer caught up', caughtUp)
    expect(await stats('otlp-kill')).toMatchObject({ raw_events: total, dead_letters: 0 })
  })
})
