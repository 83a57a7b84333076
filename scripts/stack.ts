/**
 * Wire the roles of one Pantau process from the environment: storage
 * (embedded chDB or server), migrations, the API, and the collector with its
 * spool drain. Used by `npm start`, the demo, the benchmarks and the tests.
 */
import type { ServerType } from '@hono/node-server'
import { createApi } from '../api/app.js'
import { apiConfigFromEnv } from '../api/config.js'
import { TokenStore } from '../api/auth/tokens.js'
import { closeHttp, listen, startCollector, type Collector } from '../collector/collector.js'
import { collectorConfigFromEnv } from '../collector/config.js'
import { HttpRegistrySource, StorageRegistrySource } from '../collector/registry-cache.js'
import { ClickHouseTarget } from '../collector/sinks/clickhouse.js'
import { openStorage, type Storage } from '../storage/client.js'
import { storageConfigFromEnv } from '../storage/config.js'
import { migrate } from '../storage/migrate.js'
import { loadOrCreateSecret } from '../storage/secrets.js'
import type { Telemetry } from './telemetry.js'

export const ROLES = ['collector', 'api'] as const
export type RoleName = (typeof ROLES)[number]

export function rolesFrom(argv: string[], env: NodeJS.ProcessEnv): Set<RoleName> {
  const arg = argv.find((a) => a.startsWith('--role='))?.slice(7) ?? env.PANTAU_ROLES ?? 'all'
  const names = arg === 'all' ? [...ROLES] : arg.split(',').map((s) => s.trim())
  for (const n of names) if (!ROLES.includes(n as RoleName)) throw new Error(`unknown role '${n}'; roles: ${ROLES.join(', ')}, all`)
  return new Set(names as RoleName[])
}

export interface Stack {
  storage?: Storage
  collector?: Collector
  apiPort?: number
  adminToken?: string
  stop(): Promise<void>
}

export interface StackOptions {
  roles: Set<RoleName>
  env?: NodeJS.ProcessEnv
  telemetry?: Telemetry
  log?: (msg: string) => void
}

export async function startStack({ roles, env = process.env, log = console.log }: StackOptions): Promise<Stack> {
  const storageCfg = storageConfigFromEnv(env)
  const collectorCfg = collectorConfigFromEnv(env)
  const needsStorage = roles.has('api') || !collectorCfg.registryUrl
  const storage = needsStorage ? await openStorage(storageCfg) : undefined
  if (storage) {
    const applied = await migrate(storage, storageCfg)
    if (applied.length) log(`storage: ${storage.mode}, migrations applied: ${applied.join(', ')}`)
  }

  let api: { server: ServerType; port: number } | undefined
  let adminToken: string | undefined
  if (roles.has('api') && storage) {
    const apiCfg = apiConfigFromEnv(env)
    const admin = apiCfg.adminToken ? { value: apiCfg.adminToken, created: false } : loadOrCreateSecret(storageCfg.dataDir, 'admin-token')
    adminToken = admin.value
    if (admin.created) log(`admin token (shown once, also in ${storageCfg.dataDir}/admin-token): ${admin.value}`)
    const app = createApi({ storage, tokens: new TokenStore(storage, admin.value), readiness: { check: async () => [] } })
    api = await listen(app.fetch, apiCfg.host, apiCfg.port)
    log(`api: http://localhost:${api.port}  (docs at /docs)`)
  }

  let collector: Collector | undefined
  if (roles.has('collector')) {
    if (!storage) throw new Error('the collector needs ClickHouse (or KAFKA_BROKERS) to drain its spool into')
    const registrySource = collectorCfg.registryUrl
      ? new HttpRegistrySource(collectorCfg.registryUrl, collectorCfg.registryToken ?? '')
      : new StorageRegistrySource(storage)
    collector = await startCollector({
      config: collectorCfg,
      dataDir: storageCfg.dataDir,
      registrySource,
      target: new ClickHouseTarget(storage),
      log,
    })
    log(`collector: OTLP/HTTP + native ingest on :${collector.httpPort}, OTLP/gRPC on :${collector.grpcPort}`)
  }

  return {
    storage,
    collector,
    apiPort: api?.port,
    adminToken,
    async stop() {
      if (api) await closeHttp(api.server)
      await collector?.stop()
      await storage?.close()
    },
  }
}
