/**
 * Alerting pieces of a Pantau process (wired by stack.ts): the probe runner
 * of the collector role and the alert evaluator of the api role.
 *
 * The probe settings are the collector's (collector/config.ts: PANTAU_PROBES_ENABLED,
 * PANTAU_PROBE_RELOAD_S, PANTAU_PROBE_TICK_MS); the evaluator's are PANTAU_ALERT_*
 * (shared/alerting/config.ts).
 */
import { AlertEngine } from '../shared/alerting/engine.js'
import { alertingConfigFromEnv } from '../shared/alerting/config.js'
import type { ApiConfig } from '../api/config.js'
import type { CollectorConfig } from '../collector/config.js'
import { ProbeRunner } from '../collector/probes/runner.js'
import { HttpProbeStore, StorageProbeStore } from '../collector/probes/store.js'
import type { Logger } from '../shared/log/logger.js'
import type { Storage } from '../storage/client.js'

export async function startProbes(storage: Storage | undefined, cfg: CollectorConfig, log: Logger): Promise<ProbeRunner | undefined> {
  if (!cfg.probes.enabled) return undefined
  const store = storage ? new StorageProbeStore(storage) : cfg.registryUrl ? new HttpProbeStore(cfg.registryUrl, cfg.registryToken ?? '') : undefined
  if (!store) return undefined
  const runner = new ProbeRunner({ store, reloadMs: cfg.probes.reloadMs, tickMs: cfg.probes.tickMs, log })
  await runner.start()
  return runner
}

export function createAlertEngine(storage: Storage, env: NodeJS.ProcessEnv, api: ApiConfig, log: Logger): AlertEngine {
  const cfg = alertingConfigFromEnv(env, api.publicUrl ?? `http://localhost:${api.port}`)
  return new AlertEngine(storage, cfg, log)
}
