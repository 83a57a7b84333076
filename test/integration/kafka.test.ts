/**
 * The Kafka pipeline against a real Apache Kafka broker (scripts/kafka-local.sh):
 * collector process → Kafka → writer process → ClickHouse, effectively once,
 * through a writer kill -9, a broker outage and a poison message.
 */
import { fileURLToPath } from 'node:url'
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compactRows, STREAM_SPECS } from '../../collector/streams.js'
import { startKafka, stopKafka } from '../../scripts/kafka-local.js'
import { freePort, spawnPantau, waitForHttp, type PantauProcess } from '../../scripts/process.js'
import { tempDir } from '../support/temp.js'
import { eventRow } from '../support/event-row.js'
import { waitFor as waitUntil } from '../support/wait.js'

const KAFKA_ENV = {
  KAFKA_PORT: '19092',
  KAFKA_CONTROLLER_PORT: '19093',
  PANTAU_KAFKA_HOME: fileURLToPath(new URL('../../.cache/kafka-test', import.meta.url)),
}
Object.assign(process.env, KAFKA_ENV)
const BROKERS = '127.0.0.1:19092'
/** The writer's consumer group and the topics it reads (the defaults: the test sets no prefix or group). */
const WRITER_GROUP = 'pantau-writer'
const TOPICS = ['pantau.events.v1', 'pantau.metrics.v1', 'pantau.dlq.v1', 'pantau.raw.v1']
const ADMIN = 'kafka-test-admin-token-0123456789'
const EVENTS = 100_000
const BATCH = 1_000

let core: PantauProcess | undefined
let collector: PantauProcess | undefined
let coreEnv: Record<string, string>
let api = ''
let ingest = ''

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }

async function startCore(): Promise<void> {
  core = spawnPantau(['server/start.ts', '--role=api,writer'], coreEnv)
  await waitForHttp(`${api}/healthz`, core, 90_000)
}

async function stats(instansi?: string): Promise<{ raw_events: number; rollup_requests: number; dead_letters: number }> {
  const res = await fetch(`${api}/v1/admin/stats${instansi ? `?instansi=${instansi}` : ''}`, { headers: admin })
  return (await res.json()).data
}

/** Waits less than a test may last (120 s), so a wait that fails reports what the processes said. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 100_000): Promise<void> {
  await waitUntil(what, check, timeoutMs, () => `core:\n${core?.output().slice(-3000)}\ncollector:\n${collector?.output().slice(-3000)}`, 250)
}

/**
 * Nothing more can be stored: the collector's spool is drained (every acknowledged
 * frame is on the broker) and the writer has committed every partition of its
 * topics up to the high watermark, with no insert intent pending (every message on
 * the broker is in ClickHouse, its frames and dead letters too). The writer's
 * exported lag (`/healthz` `lag`, `pantau_writer_lag`) is not enough on its own:
 * it is read when a batch is fetched, before that batch is inserted.
 */
async function caughtUp(): Promise<boolean> {
  if ((await (await fetch(`${ingest}/healthz`)).json()).spool_bytes !== 0) return false
  const admin = new Kafka({ clientId: 'test-lag', brokers: [BROKERS], logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  try {
    const committed = await admin.fetchOffsets({ groupId: WRITER_GROUP, topics: TOPICS })
    for (const topic of TOPICS) {
      const marks = await admin.fetchTopicOffsets(topic)
      const done = committed.find((t) => t.topic === topic)?.partitions ?? []
      for (const { partition, high } of marks) {
        const c = done.find((p) => p.partition === partition)
        const offset = Math.max(0, Number(c?.offset ?? -1)) // -1: nothing committed yet
        if (offset !== Number(high) || c?.metadata?.startsWith('pending:')) return false
      }
    }
    return true
  } finally {
    await admin.disconnect()
  }
}

async function gateway(instansi: string): Promise<string> {
  await fetch(`${api}/v1/registry/instansi`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ code: instansi, name: `Instansi ${instansi}`, kind: 'lembaga' }),
  })
  const gw = await (
    await fetch(`${api}/v1/registry/gateways`, { method: 'POST', headers: admin, body: JSON.stringify({ instansi, name: 'SPL', product: 'wso2' }) })
  ).json()
  return gw.data.ingest_token
}

function body(instansi: string, b: number): string {
  let s = ''
  const t0 = Date.now() - 600_000
  for (let i = 0; i < BATCH; i++) {
    const n = b * BATCH + i
    s += `{"timestamp":"${new Date(t0 + n).toISOString()}","level":"INFO","service":"${instansi}","requestId":"${instansi}-${n}","method":"POST","endpoint":"/v1/layanan/${n % 40}","statusCode":${n % 25 ? 200 : 502},"duration":${(n % 250) + 3},"message":"ok"}\n`
  }
  return s
}

/** Send EVENTS events in BATCH-sized requests, 4 at a time; resolves with the acknowledged batch count. */
async function send(instansi: string, token: string, onProgress?: (acked: number) => Promise<void>): Promise<number> {
  let next = 0
  let acked = 0
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < EVENTS / BATCH) {
        const b = next++
        for (;;) {
          const res = await fetch(`${ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: body(instansi, b) }).catch(
            () => undefined,
          )
          if (res?.status === 200) break
          await sleep(500) // 503 (spool full) or connection trouble: retry, as a gateway would
        }
        acked++
        await onProgress?.(acked)
      }
    }),
  )
  return acked
}

beforeAll(async () => {
  await startKafka({ reset: true, port: 19092 })
  const [apiPort, httpPort, grpcPort] = [await freePort(), await freePort(), await freePort()]
  api = `http://127.0.0.1:${apiPort}`
  ingest = `http://127.0.0.1:${httpPort}`
  const common = { KAFKA_BROKERS: BROKERS, PANTAU_KAFKA_PARTITIONS: '4' }
  coreEnv = { ...common, PANTAU_DATA_DIR: tempDir('pantau-kafka-core-'), PANTAU_ADMIN_TOKEN: ADMIN, PANTAU_API_PORT: String(apiPort) }
  await startCore()
  const issued = await (
    await fetch(`${api}/v1/admin/tokens`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'collector', role: 'collector' }) })
  ).json()
  collector = spawnPantau(['server/start.ts', '--role=collector'], {
    ...common,
    PANTAU_DATA_DIR: tempDir('pantau-kafka-collector-'),
    PANTAU_OTLP_HTTP_PORT: String(httpPort),
    PANTAU_OTLP_GRPC_PORT: String(grpcPort),
    PANTAU_REGISTRY_URL: api,
    PANTAU_REGISTRY_TOKEN: issued.data.token,
    PANTAU_BATCH_LINGER_MS: '50',
  })
  await waitForHttp(`${ingest}/healthz`, collector, 90_000)
}, 300_000)

afterAll(async () => {
  await Promise.all([core?.stop(), collector?.stop()])
  await stopKafka()
}, 120_000)

describe('Kafka pipeline (real broker)', () => {
  it('100k events: collector → Kafka → writer → ClickHouse exactly once', { timeout: 240_000 }, async () => {
    const token = await gateway('kafka-once')
    expect(await send('kafka-once', token)).toBe(EVENTS / BATCH)
    await waitFor('100k rows', async () => (await stats('kafka-once')).raw_events >= EVENTS)
    await waitFor('the writer caught up', caughtUp)
    const s = await stats('kafka-once')
    expect(s.raw_events).toBe(EVENTS)
    expect(s.rollup_requests).toBe(EVENTS)
  })

  it('kill -9 of the writer mid-stream, restart: exactly 100k rows', { timeout: 300_000 }, async () => {
    const token = await gateway('kafka-kill')
    const sending = send('kafka-kill', token)
    // First crash: injected right after an insert, before its offsets are committed
    // (the window that effectively-once is about). Second: a plain kill -9 at a random point.
    await core!.stop()
    core = spawnPantau(['server/start.ts', '--role=api,writer'], { ...coreEnv, PANTAU_WRITER_CRASH_AFTER_INSERTS: '3' })
    await new Promise<void>((resolve) => core!.child.once('exit', () => resolve()))
    expect(core!.child.signalCode).toBe('SIGKILL')
    await startCore()
    // the restarted writer finishes the range in flight (its partition may come after others: wait for it)
    await waitFor('the in-flight range resumed', async () => core!.output().includes('writer: resuming'))
    await waitFor('writer mid-stream', async () => (await stats('kafka-kill')).raw_events >= EVENTS * 0.5)
    await core!.kill9()
    await startCore()
    await sending
    await waitFor('100k rows after the restarts', async () => (await stats('kafka-kill')).raw_events >= EVENTS, 180_000)
    await waitFor('the writer caught up', caughtUp)
    const s = await stats('kafka-kill')
    expect(s.raw_events).toBe(EVENTS)
    expect(s.rollup_requests).toBe(EVENTS)
  })

  it('broker down for 20 s during ingest: every acknowledged event arrives', { timeout: 300_000 }, async () => {
    const token = await gateway('kafka-outage')
    let stoppedAt = 0
    const acked = await send('kafka-outage', token, async (n) => {
      if (n === 20 && !stoppedAt) {
        stoppedAt = Date.now()
        await stopKafka()
      }
      if (stoppedAt && Date.now() - stoppedAt > 20_000 && stoppedAt > 0) {
        stoppedAt = -1
        await startKafka({ port: 19092 })
      }
    })
    if (stoppedAt > 0) {
      await sleep(Math.max(0, 20_000 - (Date.now() - stoppedAt)))
      await startKafka({ port: 19092 })
    }
    expect(acked).toBe(EVENTS / BATCH)
    await waitFor('all acknowledged events after the outage', async () => (await stats('kafka-outage')).raw_events >= EVENTS, 240_000)
    await waitFor('the writer caught up', caughtUp)
    expect((await stats('kafka-outage')).raw_events).toBe(EVENTS)
  })

  it('a spool frame resent by a collector (retry or crash replay) is stored once', { timeout: 120_000 }, async () => {
    await gateway('kafka-resend')
    const now = Date.now()
    const event = (n: number) =>
      eventRow({
        ts: now - n,
        instansi: 'kafka-resend',
        gateway_id: 'kafka-resend-spl',
        api_name: 'resend',
        api_version: '1',
        request_id: `rs-${n}`,
        ingested_at: now,
      })
    const value = compactRows(STREAM_SPECS.events.columns, [event(1), event(2), event(3)])
    const message = { key: 'kafka-resend-spl', value, headers: { 'pantau-schema': 'v1', 'pantau-frame': 'test-spool:1.0#0' } }
    const producer = new Kafka({ clientId: 'test', brokers: [BROKERS], logLevel: logLevel.NOTHING }).producer()
    await producer.connect()
    await producer.send({ topic: 'pantau.events.v1', messages: [message] })
    await waitFor('the frame', async () => (await stats('kafka-resend')).raw_events === 3)
    await producer.send({ topic: 'pantau.events.v1', messages: [message, message] }) // resent twice, at new offsets
    await producer.send({ topic: 'pantau.events.v1', messages: [{ ...message, headers: { ...message.headers, 'pantau-frame': 'test-spool:1.0#1' } }] })
    await waitFor('the next frame', async () => (await stats('kafka-resend')).raw_events >= 6)
    await waitFor('the writer caught up', caughtUp)
    await producer.disconnect()
    expect((await stats('kafka-resend')).raw_events).toBe(6)
  })

  it('a malformed message on the topic lands in the DLQ and the pipeline keeps going', { timeout: 120_000 }, async () => {
    const token = await gateway('kafka-poison')
    // counted before the poison is sent: the writer may set it aside right away
    const before = await stats()
    const kafka = new Kafka({ clientId: 'test', brokers: [BROKERS], logLevel: logLevel.NOTHING })
    const producer = kafka.producer()
    await producer.connect()
    await producer.send({
      topic: 'pantau.events.v1',
      messages: [
        { key: 'kafka-poison', value: '["not", "an", "event"]\n', headers: { 'pantau-schema': 'v1' } },
        { key: 'kafka-poison', value: 'garbage', headers: { 'pantau-schema': 'v1' } },
      ],
    })
    await producer.disconnect()
    const res = await fetch(`${ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: body('kafka-poison', 0) })
    expect(res.status).toBe(200)
    await waitFor('events after the poison', async () => (await stats('kafka-poison')).raw_events === BATCH)
    await waitFor('two dead letters', async () => (await stats()).dead_letters >= before.dead_letters + 2)
    expect(core!.output()).toContain('poison message kafka:pantau.events.v1')
  })

  it('rows outside the bounds in a message are set aside alone, attributed; their neighbours and later messages are stored', { timeout: 120_000 }, async () => {
    await gateway('kafka-bounds')
    const now = Date.now()
    const event = (n: number, ts: number) =>
      eventRow({ ts, instansi: 'kafka-bounds', gateway_id: 'kafka-bounds-spl', api_name: 'bounds', api_version: '1', request_id: `kb-${n}`, ingested_at: now })
    // 150 rows, one per month from 2027 (one insert block over 150 partitions before), between two good ones
    const future = Array.from({ length: 150 }, (_, i) => event(100 + i, Date.UTC(2027 + Math.floor(i / 12), i % 12, 1)))
    const value = compactRows(STREAM_SPECS.events.columns, [event(1, now - 1), ...future, event(2, now - 2)])
    const producer = new Kafka({ clientId: 'test', brokers: [BROKERS], logLevel: logLevel.NOTHING }).producer()
    await producer.connect()
    await producer.send({ topic: 'pantau.events.v1', messages: [{ key: 'kafka-bounds-spl', value, headers: { 'pantau-schema': 'v1' } }] })
    await producer.send({
      topic: 'pantau.events.v1',
      messages: [{ key: 'kafka-bounds-spl', value: compactRows(STREAM_SPECS.events.columns, [event(3, now - 3)]), headers: { 'pantau-schema': 'v1' } }],
    })
    await producer.disconnect()
    await waitFor('the good rows', async () => (await stats('kafka-bounds')).raw_events === 3)
    const setAside = async () =>
      (await (await fetch(`${api}/v1/admin/dead-letters?instansi=kafka-bounds&stage=set_aside&limit=500`, { headers: admin })).json()).data
    await waitFor('the set-aside rows', async () => (await setAside()).length === 150)
    const letters = { data: await setAside() }
    expect(letters.data[0]).toMatchObject({ instansi: 'kafka-bounds', gateway_id: 'kafka-bounds-spl', field: expect.stringMatching(/^row \d+\.ts$/) })
  })
})
