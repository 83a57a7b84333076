/**
 * Edge OpenTelemetry Collector → Kafka → Pantau's writer → ClickHouse, with
 * real peers: the collector (scripts/otelcol-build.sh) runs
 * collector/examples/otelcol/edge-kafka.yaml as shipped (kafka exporter,
 * otlp_proto, zstd, the gateway's ingest token in the `x-pantau-token` record
 * header), a real Apache Kafka 4 broker (scripts/kafka-local.sh, on its own
 * ports and home), and Pantau's writer (role writer, with the api role in the
 * same process for the registry; PANTAU_OTLP_KAFKA_TOPICS) storing into its
 * embedded ClickHouse. The files' requests must be stored exactly once, with
 * counts per status class and latency sums as the files say, once the writer
 * has committed every record of the topic.
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Kafka, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKafka, stopKafka } from '../../scripts/kafka-local.js'
import { freePort, type PantauProcess, spawnPantau, waitForHttp } from '../../scripts/process.js'
import { openStorage, type Storage } from '../../storage/client.js'
import { storageConfigFromEnv } from '../../storage/config.js'
import { edgeOverlay, example, otelcolBinary, otelcolDrops, type Peer, startOtelcol } from '../support/shippers.js'
import {
  deadLetters,
  envoyJsonLines,
  envoyLogTotals,
  nginxJsonLines,
  nginxLogTotals,
  pantauTotals,
  wso2LogTotals,
  wso2MetricLines,
} from '../support/gateway-logs.js'
import { tempDir } from '../support/temp.js'
import { waitFor } from '../support/wait.js'

const KAFKA_ENV = {
  KAFKA_PORT: '19292',
  KAFKA_CONTROLLER_PORT: '19293',
  PANTAU_KAFKA_HOME: fileURLToPath(new URL('../../.cache/kafka-otelcol-test', import.meta.url)),
}
Object.assign(process.env, KAFKA_ENV)
const BROKERS = '127.0.0.1:19292'
const TOPIC = 'otlp_logs' // the example's logs topic
const GROUP = 'pantau-otlp-writer' // the writer's default group for the collectors' topics
const ADMIN = 'otelcol-kafka-test-admin-token-0123'
const INSTANSI = 'edge-kafka'
const N_NGINX = 200
const N_ENVOY = 20
const N_WSO2 = 40

let pantau: PantauProcess | undefined
let collector: Peer | undefined
let storage: Storage | undefined
let api = ''
let finalStats: Awaited<ReturnType<typeof stats>>
const lines = { nginx: nginxJsonLines(N_NGINX), envoy: envoyJsonLines(N_ENVOY), wso2: wso2MetricLines(N_WSO2) }

const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }

async function stats(): Promise<{ raw_events: number; rollup_requests: number; dead_letters: number }> {
  const res = await fetch(`${api}/v1/admin/stats?instansi=${INSTANSI}`, { headers: admin })
  return (await res.json()).data
}

/** The writer has committed every record of the topic (and no insert intent is pending). */
async function caughtUp(): Promise<boolean> {
  const kafkaAdmin = new Kafka({ clientId: 'otelcol-kafka-test', brokers: [BROKERS], logLevel: logLevel.NOTHING }).admin()
  await kafkaAdmin.connect()
  try {
    const [committed] = await kafkaAdmin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] })
    for (const { partition, high } of await kafkaAdmin.fetchTopicOffsets(TOPIC)) {
      const c = committed?.partitions.find((p) => p.partition === partition)
      if (Math.max(0, Number(c?.offset ?? -1)) !== Number(high) || c?.metadata?.startsWith('pending:')) return false
    }
    return true
  } finally {
    await kafkaAdmin.disconnect()
  }
}

beforeAll(async () => {
  const [bin] = await Promise.all([otelcolBinary(), startKafka({ reset: true, port: 19292 })])
  const apiPort = await freePort()
  api = `http://127.0.0.1:${apiPort}`
  const dataDir = tempDir('pantau-otelcol-kafka-')
  pantau = spawnPantau(['server/start.ts', '--role=api,writer'], {
    KAFKA_BROKERS: BROKERS,
    PANTAU_OTLP_KAFKA_TOPICS: 'otlp_logs,otlp_metrics,otlp_spans',
    PANTAU_KAFKA_PARTITIONS: '2',
    PANTAU_DATA_DIR: dataDir,
    PANTAU_ADMIN_TOKEN: ADMIN,
    PANTAU_PSEUDONYM_KEY: 'otelcol-kafka-test-pseudonym-key-0123456789',
    PANTAU_API_PORT: String(apiPort),
  })
  await waitForHttp(`${api}/healthz`, pantau, 120_000)
  await fetch(`${api}/v1/registry/instansi`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ code: INSTANSI, name: 'Instansi edge', kind: 'lembaga' }),
  })
  const gw = await (
    await fetch(`${api}/v1/registry/gateways`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ instansi: INSTANSI, name: 'edge gw', product: 'wso2' }),
    })
  ).json()
  const token: string = gw.data.ingest_token

  const dir = tempDir('pantau-otelcol-kafka-files-')
  const files = { wso2: join(dir, 'apim_metrics.log'), nginx: join(dir, 'access.json.log'), envoy: join(dir, 'envoy.json.log') }
  const half = (l: string[]) => Math.floor(l.length / 2)
  for (const k of ['wso2', 'nginx', 'envoy'] as const) writeFileSync(files[k], `${lines[k].slice(0, half(lines[k])).join('\n')}\n`)
  const { path: overlay } = await edgeOverlay(dir, files)
  collector = await startOtelcol(bin, [example('otelcol/edge-kafka.yaml'), overlay], {
    KAFKA_BROKERS: BROKERS,
    PANTAU_INGEST_TOKEN: token,
    OTELCOL_STORAGE_DIR: join(dir, 'storage'),
  })
  const metricLines = (l: string[]) => l.filter((x) => x.includes('apimMetrics:')).length
  const answered = async (n: number) => {
    const s = await stats()
    return s.raw_events + s.dead_letters >= n
  }
  const detail = () => `collector:\n${collector?.output().slice(-3000)}\npantau:\n${pantau?.output().slice(-3000)}`
  await waitFor(
    'the first halves',
    () => answered(half(lines.nginx) + half(lines.envoy) + metricLines(lines.wso2.slice(0, half(lines.wso2)))),
    90_000,
    detail,
    250,
  )
  for (const k of ['wso2', 'nginx', 'envoy'] as const) appendFileSync(files[k], `${lines[k].slice(half(lines[k])).join('\n')}\n`)
  await waitFor('every record', () => answered(N_NGINX + N_ENVOY + N_WSO2), 90_000, detail, 250)
  await collector.stop()
  await waitFor('the writer committed the whole topic', caughtUp, 60_000, detail, 250)
  finalStats = await stats()
  await pantau.stop()
  // the writer's ClickHouse (embedded), read directly now that its process is gone
  storage = await openStorage(storageConfigFromEnv({ PANTAU_DATA_DIR: dataDir }))
}, 1_800_000)

afterAll(async () => {
  await collector?.stop()
  await pantau?.stop()
  await storage?.close()
  await stopKafka()
}, 120_000)

describe('OTel Collector kafka exporter → Kafka → Pantau writer → ClickHouse', () => {
  it('nothing was refused and the collector dropped nothing', async () => {
    expect(await deadLetters(storage!, INSTANSI)).toBe('')
    expect(otelcolDrops(collector!.output())).toEqual([])
  })

  it(`nginx JSON access log: ${N_NGINX} requests, status classes and latency sums as in the file`, async () => {
    const { requestIds, ...fromFile } = nginxLogTotals(lines.nginx)
    expect(await pantauTotals(storage!, INSTANSI, 'nginx')).toEqual(fromFile)
    const ids = await storage!.query<{ request_id: string }>(
      "SELECT request_id FROM request_events WHERE instansi = {i:String} AND source_format = 'nginx' ORDER BY request_id",
      { i: INSTANSI },
    )
    expect(ids.map((r) => r.request_id)).toEqual(requestIds)
  })

  it(`Envoy JSON access log: ${N_ENVOY} requests as in the file`, async () => {
    expect(await pantauTotals(storage!, INSTANSI, 'envoy')).toEqual(envoyLogTotals(lines.envoy))
  })

  it(`WSO2 apim_metrics.log: ${N_WSO2} events, the start-up line filtered out`, async () => {
    const { responses, faults, ...fromFile } = wso2LogTotals(lines.wso2)
    expect(responses + faults).toBe(N_WSO2)
    expect(await pantauTotals(storage!, INSTANSI, 'wso2')).toEqual(fromFile)
  })

  it('the API counted the same: raw events and the minute rollup', () => {
    expect(finalStats).toMatchObject({ raw_events: N_NGINX + N_ENVOY + N_WSO2, rollup_requests: N_NGINX + N_ENVOY + N_WSO2, dead_letters: 0 })
  })
})
