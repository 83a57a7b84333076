/**
 * Kafka pipeline benchmark: end-to-end events/s from the collector's HTTP
 * port through a real broker and the writer into ClickHouse, then the
 * writer's drain rate over a backlog left in Kafka while it was stopped.
 */
import { Agent } from 'node:http'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { startKafka, stopKafka } from '../kafka-local.js'
import { freePort, npmScriptNodeFlags, spawnPantau, waitForHttp, type PantauProcess } from '../process.js'
import { type BenchContext, rate } from './report.js'
import { cpuSeconds, largeKongBody, peakRssMb, postBody, resetPeakRss, RSS_TARGET_MB } from './ingest.js'
import { kongBodies } from './workload.js'

const ADMIN = 'bench-kafka-admin-token-0123456789'
const PER_BODY = 2000

export async function benchKafka(ctx: BenchContext): Promise<void> {
  Object.assign(process.env, {
    KAFKA_PORT: '29092',
    KAFKA_CONTROLLER_PORT: '29093',
    PANTAU_KAFKA_HOME: fileURLToPath(new URL('../../.cache/kafka-bench', import.meta.url)),
  })
  const events = ctx.scale(400_000)
  const bodies = kongBodies(Math.ceil(events / PER_BODY), PER_BODY).map((b) => gzipSync(b))
  const n = bodies.length * PER_BODY
  await startKafka({ reset: true, port: 29092 })
  const [apiPort, httpPort, grpcPort] = [await freePort(), await freePort(), await freePort()]
  const common = { KAFKA_BROKERS: '127.0.0.1:29092', PANTAU_KAFKA_PARTITIONS: '4', PANTAU_KAFKA_TOPIC_PREFIX: 'bench' }
  const coreEnv = { ...common, PANTAU_DATA_DIR: ctx.tempDir('kafka-core'), PANTAU_ADMIN_TOKEN: ADMIN, PANTAU_API_PORT: String(apiPort) }
  const api = `http://127.0.0.1:${apiPort}`
  const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }
  let core: PantauProcess = spawnPantau(['server/start.ts', '--role=api,writer'], coreEnv)
  let collector: PantauProcess | undefined
  try {
    await waitForHttp(`${api}/healthz`, core, 90_000)
    const issued = await (
      await fetch(`${api}/v1/admin/tokens`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'collector', role: 'collector' }) })
    ).json()
    await fetch(`${api}/v1/registry/instansi`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ code: 'bench', name: 'Instansi Bench', kind: 'lembaga' }),
    })
    const gw = await (
      await fetch(`${api}/v1/registry/gateways`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ instansi: 'bench', name: 'Bench', product: 'kong' }),
      })
    ).json()
    // as `npm run collector` starts it (compose's collector service): with its heap limit
    collector = spawnPantau(
      ['server/start.ts', '--role=collector'],
      {
        ...common,
        PANTAU_DATA_DIR: ctx.tempDir('kafka-collector'),
        PANTAU_OTLP_HTTP_PORT: String(httpPort),
        PANTAU_OTLP_GRPC_PORT: String(grpcPort),
        PANTAU_REGISTRY_URL: api,
        PANTAU_REGISTRY_TOKEN: issued.data.token,
      },
      npmScriptNodeFlags('collector'),
    )
    await waitForHttp(`http://127.0.0.1:${httpPort}/healthz`, collector, 90_000)
    const rows = async () => Number((await (await fetch(`${api}/v1/admin/stats?instansi=bench`, { headers: admin })).json()).data.raw_events)
    const until = async (target: number) => {
      while ((await rows().catch(() => 0)) < target) await new Promise((r) => setTimeout(r, 100))
    }
    const agent = new Agent({ keepAlive: true, maxSockets: 8 })
    const push = async () => {
      let i = 0
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          while (i < bodies.length) {
            const body = bodies[i++]
            while (
              (await postBody(agent, httpPort, '/ingest/kong', body, { authorization: `Bearer ${gw.data.ingest_token}`, 'content-encoding': 'gzip' })) !== 200
            )
              await new Promise((r) => setTimeout(r, 200))
          }
        }),
      )
    }

    const pid = collector.child.pid!
    resetPeakRss(pid)
    const cpu0 = cpuSeconds(pid)
    const t0 = performance.now()
    await push()
    const acked = performance.now()
    await until(n)
    const e2e = n / ((performance.now() - t0) / 1000)
    ctx.figure('kafka.e2e collector → Kafka → writer → ClickHouse', e2e, 'events/s', `acknowledged in ${((acked - t0) / 1000).toFixed(1)} s`)
    ctx.figure(
      'kafka.collector role CPU per event',
      ((cpuSeconds(pid) - cpu0) * 1e6) / n,
      'µs',
      'read, transformed, spooled, produced; steadier than rates on a shared machine',
    )
    ctx.ratio('kafka.e2e / target 50k events/s', e2e / 50_000, 1)
    // issue 14: the collector process on its own (the deployment where the engine runs elsewhere)
    ctx.check('kafka.collector role peak RSS under load', peakRssMb(pid), 'MB', RSS_TARGET_MB, true, `${rate(n, acked - t0)} events/s acknowledged`)
    const large = largeKongBody()
    resetPeakRss(pid)
    const status = await postBody(agent, httpPort, '/ingest/kong', large.body, {
      authorization: `Bearer ${gw.data.ingest_token}`,
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
    })
    if (status !== 200) throw new Error(`one large request: HTTP ${status}`)
    await until(n + large.n)
    ctx.check(
      `kafka.collector role peak RSS, one request of ${large.n} records (${large.mb} MB)`,
      peakRssMb(pid),
      'MB',
      RSS_TARGET_MB,
      true,
      'read, produced to Kafka',
    )

    // Writer drain rate: leave a backlog in Kafka while the writer is down, then time its catch-up.
    await core.stop()
    await push()
    while ((await (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).json()).spool_bytes > 0) await new Promise((r) => setTimeout(r, 100))
    core = spawnPantau(['server/start.ts', '--role=api,writer'], coreEnv)
    await waitForHttp(`${api}/healthz`, core, 90_000)
    const d0 = performance.now()
    await until(2 * n + large.n)
    const drain = n / ((performance.now() - d0) / 1000)
    ctx.figure('kafka.writer drain of a backlog', drain, 'events/s', `${n} events`)
    ctx.ratio('kafka.writer drain / target 50k events/s', drain / 50_000, 1)
  } finally {
    await Promise.all([core.stop(), collector?.stop()])
    await stopKafka()
  }
}
