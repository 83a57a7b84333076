/**
 * Assemble the collector: sources (OTLP/HTTP + native on one port, OTLP/gRPC)
 * → transforms → durable spool → drain into a target (ClickHouse for the
 * embedded default, Kafka when configured).
 */
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { type Logger, rootLogger } from '../shared/log/logger.js'
import { loadOrCreateSecret } from '../storage/secrets.js'
import type { CollectorConfig } from './config.js'
import { Ingestor } from './ingest.js'
import { RegistryCache, type RegistrySource } from '../shared/registry/cache.js'
import { type DrainTarget, SpoolDrain } from './sinks/drain.js'
import { Spool } from './sinks/spool.js'
import { closeGrpc, startGrpcSource } from './sources/grpc.js'
import { InflightBudget } from './sources/admission.js'
import { httpSource } from './sources/http.js'
import { Pseudonymizer } from './transforms/redact.js'

export interface Collector {
  httpPort: number
  grpcPort: number
  spool: Spool
  drain: SpoolDrain
  registry: RegistryCache
  stop(): Promise<void>
}

export interface CollectorDeps {
  config: CollectorConfig
  dataDir: string
  registrySource: RegistrySource
  target: DrainTarget
  telemetry?: { scrape(): Promise<string> }
  /** Bearer token the collector's /metrics requires (open when unset). */
  metricsToken?: string
  /** The process's logger (default: the root logger); each piece logs as its own component (spool, registry, drain). */
  log?: Logger
}

export async function startCollector({
  config,
  dataDir,
  registrySource,
  target,
  telemetry,
  metricsToken,
  log = rootLogger(),
}: CollectorDeps): Promise<Collector> {
  const spool = await Spool.open({
    dir: join(dataDir, 'spool'),
    segmentBytes: config.spoolSegmentBytes,
    maxBytes: config.spoolMaxBytes,
    fsync: config.spoolFsync,
    log: log.child({ component: 'spool' }),
  })
  const registry = new RegistryCache(registrySource)
  await registry.start(log.child({ component: 'registry' }))
  const key = config.pseudonymKey ?? loadOrCreateSecret(dataDir, 'pseudonym.key').value
  const ingestor = new Ingestor({
    registry,
    pseudonymizer: new Pseudonymizer(Buffer.from(key)),
    spool,
    timeWindow: { maxAgeDays: config.maxEventAgeDays, maxFutureMs: config.maxFutureSeconds * 1000 },
    rawRecords: config.rawRecordDays > 0,
  })

  const drainLog = log.child({ component: 'drain' })
  const drain = new SpoolDrain(spool, target, {
    batchBytes: config.batchBytes,
    lingerMs: config.batchLingerMs,
    maxBackoffMs: 30_000,
    onError: (error, attempt) => {
      if (attempt === 1 || attempt % 10 === 0) drainLog.warn({ target: target.name, attempt, error }, `drain to ${target.name} failed; retrying`)
    },
  })
  drain.start()

  // one budget for both sources: HTTP and gRPC bodies in flight share the process's memory
  const deps = { ingestor, registry, spool, maxBodyBytes: config.maxBodyBytes, inflight: new InflightBudget(config.maxInflightBytes) }
  const app = httpSource({ ...deps, drain, scrape: telemetry?.scrape, metricsToken })
  const http = await listen(app.fetch, config.host, config.httpPort)
  const grpcSource = await startGrpcSource(deps, config.host, config.grpcPort)

  return {
    httpPort: http.port,
    grpcPort: grpcSource.port,
    spool,
    drain,
    registry,
    async stop() {
      await Promise.all([closeHttp(http.server), closeGrpc(grpcSource.server)])
      registry.stop()
      await drain.stop()
      await spool.close()
    },
  }
}

export function listen(fetch: (req: Request) => Response | Promise<Response>, hostname: string, port: number): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, (info) => resolve({ server, port: info.port }))
    server.once('error', reject)
  })
}

export function closeHttp(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
  })
}
