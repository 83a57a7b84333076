/**
 * The composition root: wires the roles of one process (collector, writer,
 * api) from each part's config and hands every component its settings and
 * a child of the process's logger. The only place that knows all parts.
 */
import { Hono } from 'hono'
import { createApi } from '../api/app.js'
import { prometheusHandler } from '../shared/http/prometheus.js'
import { TokenStore } from '../shared/access/tokens.js'
import { apiConfigFromEnv } from '../api/config.js'
import { authConfigFromEnv } from '../api/auth/config.js'
import { createAuth } from '../api/auth/setup.js'
import { closeHttp, listen, startCollector, type Collector } from '../collector/collector.js'
import { collectorConfigFromEnv } from '../collector/config.js'
import { createKafka, ensureTopics } from '../collector/kafka/client.js'
import { kafkaConfigFromEnv } from '../collector/kafka/config.js'
import { HttpRegistrySource, StorageRegistrySource } from '../shared/registry/cache.js'
import { ClickHouseTarget } from '../collector/sinks/clickhouse.js'
import { KafkaTarget } from '../collector/sinks/kafka.js'
import { KafkaWriter } from '../collector/writer/kafka-writer.js'
import { OtlpKafkaWriter } from '../collector/writer/otlp-writer.js'
import { Pseudonymizer } from '../collector/transforms/redact.js'
import { type LogSink, rootLogger, toLogger } from '../shared/log/logger.js'
import { openStorage, type Storage } from '../storage/client.js'
import { storageConfigFromEnv } from '../storage/config.js'
import { migrate } from '../storage/migrate.js'
import { loadOrCreateSecret } from '../storage/secrets.js'
import { type RoleName, serverConfigFromEnv } from './config.js'
import type { Telemetry } from './telemetry.js'
import type { AlertEngine } from '../shared/alerting/engine.js'
import type { ProbeRunner } from '../collector/probes/runner.js'
import { countInsertErrors, observeCollector } from '../collector/self-metrics.js'
import { createAlertEngine, startProbes } from './stack-alerting.js'
import { createReportServices } from '../reports/generate.js'
import { createReportsPort } from '../reports/port.js'
import { BatchRunner, batchOptionsFromEnv } from '../reports/batch/runner.js'
import { ReportScheduler, scheduleConfigFromEnv } from '../reports/schedule.js'
import { UptimeRecorder } from '../shared/metrics/uptime-hours.js'

export { ROLES, type RoleName, rolesFrom } from './config.js'

export interface Stack {
  storage?: Storage
  collector?: Collector
  writer?: KafkaWriter
  /** The OpenTelemetry Collector topics' writer (writer role with PANTAU_OTLP_KAFKA_TOPICS). */
  otlpWriter?: OtlpKafkaWriter
  apiPort?: number
  writerPort?: number
  adminToken?: string
  /** Alert evaluator (api role) and probe runner (collector role). */
  alerts?: AlertEngine
  probes?: ProbeRunner
  /** Monthly/yearly SPBE report generation (api role). */
  reports?: ReportScheduler
  stop(): Promise<void>
}

export interface StackOptions {
  roles: Set<RoleName>
  /** Where every part reads its settings (server/start.ts passes process.env). */
  env: NodeJS.ProcessEnv
  telemetry?: Telemetry
  /** The process's logger (default: the root logger), or a line callback (`() => undefined` keeps an in-process stack silent). */
  log?: LogSink
}

export async function startStack({ roles, env, telemetry, log: sink = rootLogger() }: StackOptions): Promise<Stack> {
  const log = toLogger(sink)
  const serverCfg = serverConfigFromEnv(env)
  const storageCfg = storageConfigFromEnv(env)
  const collectorCfg = collectorConfigFromEnv(env)
  const kafkaCfg = kafkaConfigFromEnv(env)
  const kafka = kafkaCfg ? createKafka(kafkaCfg, log.child({ component: 'kafka' })) : undefined
  // the api's /metrics (api/routes/health.ts) is not handed the token: it reads the process's
  const stops: Array<() => Promise<void>> = []
  const stack: Stack = {
    async stop() {
      for (const stop of stops.reverse()) await stop()
    },
  }

  const needsStorage = roles.has('api') || roles.has('writer') || (roles.has('collector') && (!kafka || !collectorCfg.registryUrl))
  if (needsStorage) {
    const storage = await openStorage(storageCfg)
    stack.storage = storage
    stops.push(() => storage.close())
    const applied = await migrate(storage, storageCfg)
    if (applied.length) log.info({ component: 'storage', mode: storage.mode, applied }, 'storage: migrations applied')
  }
  if (kafka && kafkaCfg && (roles.has('collector') || roles.has('writer')))
    await ensureTopics(kafka, kafkaCfg, roles.has('writer') ? kafkaCfg.otlp.topics.map((t) => t.name) : [])

  if (roles.has('writer')) {
    if (kafka && kafkaCfg) {
      const writer = new KafkaWriter(kafka, kafkaCfg, stack.storage!, {
        log: log.child({ component: 'writer' }),
        window: { maxAgeDays: collectorCfg.maxEventAgeDays, maxFutureMs: collectorCfg.maxFutureSeconds * 1000 },
        crashAfterInserts: serverCfg.writerCrashAfterInserts,
      })
      await writer.start()
      stack.writer = writer
      stops.push(() => writer.stop())
      if (kafkaCfg.otlp.topics.length) {
        const writerLog = log.child({ component: 'otlp-writer' })
        // the collectors' key, so a user hashes alike whichever way the record came in
        if (!collectorCfg.pseudonymKey)
          writerLog.warn("otlp writer: PANTAU_PSEUDONYM_KEY is not set; user ids are hashed with this data dir's key, not the collectors'")
        const key = collectorCfg.pseudonymKey ?? loadOrCreateSecret(storageCfg.dataDir, 'pseudonym.key').value
        const otlpWriter = new OtlpKafkaWriter(kafka, kafkaCfg.otlp, stack.storage!, {
          log: writerLog,
          pseudonymizer: new Pseudonymizer(Buffer.from(key)),
          window: { maxAgeDays: collectorCfg.maxEventAgeDays, maxFutureMs: collectorCfg.maxFutureSeconds * 1000 },
          maxRecordBytes: collectorCfg.maxBodyBytes,
          rawRecords: collectorCfg.rawRecordDays > 0,
          crashAfterInserts: serverCfg.writerCrashAfterInserts,
        })
        await otlpWriter.start()
        stack.otlpWriter = otlpWriter
        stops.push(() => otlpWriter.stop())
        const topics = kafkaCfg.otlp.topics.map((t) => `${t.name}${t.signal ? `:${t.signal}` : ''}`).join(',')
        writerLog.info(`otlp writer: ${topics} (group ${kafkaCfg.otlp.groupId}) → ClickHouse`)
      }
      const lag = () => writer.totalLag() + (stack.otlpWriter?.totalLag() ?? 0)
      if (!roles.has('api')) {
        const health = new Hono()
          .get('/healthz', (c) => c.json({ status: 'ok', lag: lag() }))
          .get('/metrics', prometheusHandler(telemetry?.scrape, serverCfg.metricsToken))
        const server = await listen(health.fetch, serverCfg.writerHost, serverCfg.writerPort)
        stack.writerPort = server.port
        stops.push(() => closeHttp(server.server))
      }
      log.info({ component: 'writer' }, `writer: ${kafkaCfg.brokers.join(',')} (group ${kafkaCfg.groupId}) → ClickHouse`)
    } else if (roles.size === 1) {
      throw new Error('the writer role needs KAFKA_BROKERS: without Kafka the collector writes to ClickHouse itself')
    }
  }

  if (roles.has('collector')) {
    const registrySource = collectorCfg.registryUrl
      ? new HttpRegistrySource(collectorCfg.registryUrl, collectorCfg.registryToken ?? '')
      : new StorageRegistrySource(stack.storage!)
    const target = countInsertErrors(kafka && kafkaCfg ? new KafkaTarget(kafka, kafkaCfg) : new ClickHouseTarget(stack.storage!))
    const collector = await startCollector({
      config: collectorCfg,
      dataDir: storageCfg.dataDir,
      registrySource,
      target,
      telemetry,
      metricsToken: serverCfg.metricsToken,
      log,
    })
    stack.collector = collector
    stops.push(async () => {
      await collector.stop()
      if (target instanceof KafkaTarget) await target.close()
    })
    log.info({ component: 'collector' }, `collector: OTLP/HTTP + native ingest on :${collector.httpPort}, OTLP/gRPC on :${collector.grpcPort} → ${target.name}`)
    observeCollector(collector)
    const probes = await startProbes(stack.storage, collectorCfg, log.child({ component: 'probes' }))
    if (probes) (stack.probes = probes), stops.push(() => probes.stop())
  }

  if (roles.has('api') && stack.storage) {
    const storage = stack.storage
    const apiCfg = apiConfigFromEnv(env)
    const apiLog = log.child({ component: 'api' })
    const admin = apiCfg.adminToken ? { value: apiCfg.adminToken, created: false } : loadOrCreateSecret(storageCfg.dataDir, 'admin-token')
    stack.adminToken = admin.value
    // shown once, at info: the operator finds it in the first start's output (or in the file)
    if (admin.created) apiLog.info(`admin token (shown once, also in ${storageCfg.dataDir}/admin-token): ${admin.value}`)
    const tokens = new TokenStore(storage, admin.value)
    // sign-in: sessions, people and OpenID Connect (an unreachable provider is retried in the background)
    const auth = createAuth(storage, authConfigFromEnv(env), { publicUrl: apiCfg.publicUrl, log: log.child({ component: 'auth' }), people: tokens.people })
    stops.push(async () => auth.stop())
    const alerts = createAlertEngine(storage, env, apiCfg, log.child({ component: 'alerts' }))
    const reportServices = createReportServices(storage)
    const reportBatches = new BatchRunner(reportServices, { ...batchOptionsFromEnv(env), log: log.child({ component: 'report-batches' }) })
    const app = createApi({
      auth,
      alerts,
      storage,
      reports: createReportsPort(storage, reportServices, reportBatches),
      publicUrl: apiCfg.publicUrl,
      trustedProxies: apiCfg.trustedProxies,
      metricsToken: serverCfg.metricsToken,
      uiDev: apiCfg.uiDev,
      tokens,
      telemetry,
      // awaited, so a rotated token is refused as soon as the rotation is answered; the write's change is applied, not reloaded
      onRegistryChange: async (change) => {
        await Promise.all([
          stack.collector?.registry.update(change).catch(() => undefined),
          // the Kafka OTLP writer keeps its own gateway maps beside its cache: it reloads
          stack.otlpWriter?.registry.cache.refresh().catch(() => undefined),
        ])
      },
      readiness: {
        check: async () => {
          const problems: string[] = []
          if (stack.collector && stack.collector.drain.failures > 2) problems.push(`collector drain failing (${stack.collector.drain.failures} attempts)`)
          return problems
        },
      },
    })
    const server = await listen(app.fetch, apiCfg.host, apiCfg.port)
    stack.apiPort = server.port
    stops.push(() => closeHttp(server.server))
    await alerts.start()
    stack.alerts = alerts
    stops.push(() => alerts.stop())
    const reports = new ReportScheduler(reportServices, {
      baseUrl: apiCfg.publicUrl ?? `http://localhost:${server.port}`,
      config: scheduleConfigFromEnv(env),
      log: log.child({ component: 'reports' }),
    })
    reports.start()
    stack.reports = reports
    stops.push(() => reports.stop())
    // batches a stopped process left unfinished are taken up again (and finish their report before a stop)
    await reportBatches.start()
    stops.push(() => reportBatches.stop())
    const uptimeHours = new UptimeRecorder(storage, { everyMs: serverCfg.uptimeRefreshMs, log: log.child({ component: 'uptime' }) })
    uptimeHours.start()
    stops.push(() => uptimeHours.stop())
    apiLog.info(`api: http://localhost:${server.port}  (docs at /docs)`)
  }
  return stack
}
