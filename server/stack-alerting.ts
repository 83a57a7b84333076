/**
 * Alerting pieces of a Pantau process (wired by stack.ts): the probe runner
 * of the collector role and the alert evaluator of the api role.
 *
 * Environment: PANTAU_PROBES_ENABLED (default true), PANTAU_PROBE_RELOAD_S
 * (10), PANTAU_PROBE_TICK_MS (500); the evaluator reads PANTAU_ALERT_*
 * (shared/alerting/config.ts).
 */
import { AlertEngine } from '../shared/alerting/engine.js'
import { alertingConfigFromEnv } from '../shared/alerting/config.js'
import type { ApiConfig } from '../api/config.js'
import type { CollectorConfig } from '../collector/config.js'
import { ProbeRunner } from '../collector/probes/runner.js'
import { HttpProbeStore, StorageProbeStore } from '../collector/probes/store.js'
import type { Storage } from '../storage/client.js'

export async function startProbes(
  storage: Storage | undefined,
  cfg: CollectorConfig,
  env: NodeJS.ProcessEnv,
  log: (msg: string) => void,
): Promise<ProbeRunner | undefined> {
  if (env.PANTAU_PROBES_ENABLED === 'false') return undefined
  const store = storage ? new StorageProbeStore(storage) : cfg.registryUrl ? new HttpProbeStore(cfg.registryUrl, cfg.registryToken ?? '') : undefined
  if (!store) return undefined
  const runner = new ProbeRunner({
    store,
    reloadMs: Number(env.PANTAU_PROBE_RELOAD_S ?? 10) * 1000,
    tickMs: Number(env.PANTAU_PROBE_TICK_MS ?? 500),
    log,
  })
  await runner.start()
  return runner
}

export function createAlertEngine(storage: Storage, env: NodeJS.ProcessEnv, api: ApiConfig, log: (msg: string) => void): AlertEngine {
  const cfg = alertingConfigFromEnv(env, api.publicUrl ?? `http://localhost:${api.port}`)
  return new AlertEngine(storage, cfg, log)
}
