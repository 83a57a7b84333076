/** Liveness and readiness (no authentication). */
import type { ApiApp, ApiDeps } from '../deps.js'
import { prometheusHandler } from '../../shared/http/prometheus.js'

export function registerHealth(app: ApiApp, deps: ApiDeps): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/metrics', prometheusHandler(deps.telemetry?.scrape, deps.metricsToken))
  app.get('/readyz', async (c) => {
    const problems = await deps.readiness.check()
    const ping = await deps.storage.client.ping()
    if (!ping.success) problems.push(`clickhouse: ${ping.error.message}`)
    return c.json({ status: problems.length ? 'unready' : 'ready', problems }, problems.length ? 503 : 200)
  })
}
