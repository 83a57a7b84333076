/**
 * `npm run demo`: start Pantau (collector + API, embedded ClickHouse in
 * PANTAU_DATA_DIR, default ./data) and, the first time for that data
 * directory, seed it with the demo: 33 real instansi, their gateways, 200+
 * APIs, consumers, and 30 days of traffic (PANTAU_DEMO_EVENTS, default
 * 2,000,000) pushed through the real ingest endpoints. The summary is kept
 * in `demo.json` in the data directory; later runs just start. Runs until
 * Ctrl-C, like `npm start`; PANTAU_DEMO_EXIT=1 exits after seeding and
 * flushing (CI, benchmarks); otherwise a live trickle of traffic (a few
 * events/s per gateway, PANTAU_DEMO_TRICKLE; demo/trickle.ts) keeps the
 * dashboards moving until Ctrl-C. Logs are one readable line each
 * (PANTAU_LOG_FORMAT=pretty) unless PANTAU_LOG_FORMAT says otherwise.
 *
 * `npm run demo -- --sso` also starts a development OpenID Provider on this
 * machine (scripts/oidc-dev-provider.ts, :8090 or PANTAU_DEMO_SSO_PORT) and
 * points Pantau at it, so "Masuk dengan SSO" works with its test accounts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { telemetryConfigFromEnv } from '../server/config.js'
import { startStack } from '../server/stack.js'
import { startTelemetry } from '../server/telemetry.js'
import { createLogger, infoLine, logConfigFromEnv, setRootLogger } from '../shared/log/logger.js'
import type { DevProvider } from './oidc-dev-provider.js'
import { buildCatalog } from './demo/catalog.js'
import { overview, watchCoverage } from './demo/coverage.js'
import { ApiClient } from './demo/register.js'
import { type DemoSummary, seedDemo } from './demo/seed.js'
import { startTrickle, type Trickle, trickleRateFromEnv } from './demo/trickle.js'

const env: NodeJS.ProcessEnv = {
  ...process.env,
  PANTAU_DATA_DIR: process.env.PANTAU_DATA_DIR || './data',
  PANTAU_LOG_FORMAT: process.env.PANTAU_LOG_FORMAT || 'pretty',
}
const logger = createLogger('pantau-demo', logConfigFromEnv(env))
setRootLogger(logger)
const log = infoLine(logger)
const telemetry = startTelemetry('pantau-demo', telemetryConfigFromEnv(env))
const dataDir = env.PANTAU_DATA_DIR!
const exitAfterSeeding = ['1', 'true', 'yes'].includes(env.PANTAU_DEMO_EXIT ?? '')
const startedAt = Date.now()

// --sso: a development identity provider on this machine, and Pantau pointed at it
let sso: DevProvider | undefined
// loaded only here: oidc-provider is a development dependency
const devSso = process.argv.includes('--sso') ? await import('./oidc-dev-provider.js') : undefined
if (devSso) {
  const { startDevProvider, DEV_ROLE_MAP } = devSso
  const port = Number(env.PANTAU_API_PORT || 8080)
  const publicUrl = (env.PANTAU_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '')
  sso = await startDevProvider({
    port: Number(env.PANTAU_DEMO_SSO_PORT || 8090),
    redirectUris: [`${publicUrl}/auth/callback`],
    postLogoutRedirectUris: [`${publicUrl}/`],
  })
  Object.assign(env, {
    PANTAU_PUBLIC_URL: publicUrl,
    PANTAU_OIDC_ISSUER: sso.issuer,
    PANTAU_OIDC_CLIENT_ID: sso.clientId,
    PANTAU_OIDC_CLIENT_SECRET: sso.clientSecret,
    PANTAU_OIDC_ROLE_MAP: DEV_ROLE_MAP,
  })
}

const stack = await startStack({ roles: new Set(['collector', 'api']), env, telemetry, log: logger })
const apiUrl = `http://localhost:${stack.apiPort}`
const ingestUrl = `http://localhost:${stack.collector!.httpPort}`
const adminToken = stack.adminToken!
const client = new ApiClient(apiUrl, adminToken)

let stopping = false
let trickle: Trickle | undefined
const stop = async (reason: string, code = 0) => {
  if (stopping) return
  stopping = true
  logger.info({ reason }, 'stopping…')
  const force = setTimeout(() => process.exit(1), 20_000)
  force.unref()
  await trickle?.stop()
  await stack.stop()
  await sso?.stop()
  await telemetry.shutdown()
  process.exit(code)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))

const marker = join(dataDir, 'demo.json')
if (existsSync(marker)) {
  log(`demo: ${marker} exists, not seeding again (remove it or use another PANTAU_DATA_DIR to reseed)`)
} else {
  try {
    const coverage = watchCoverage(client, 30, log)
    const summary = await seedDemo({
      apiUrl,
      ingestUrl,
      adminToken,
      log,
      refreshRegistry: () => stack.collector!.registry.refresh(),
    })
    const flushStart = Date.now()
    await stack.collector!.drain.flushed(30 * 60_000)
    log(
      `demo: flushed to ClickHouse ${((Date.now() - flushStart) / 1000).toFixed(1)} s after the push; seeding took ${((Date.now() - startedAt) / 1000).toFixed(1)} s in all`,
    )
    const o = await overview(client).catch((e: Error) => void log(`demo: overview failed: ${e.message}`))
    coverage.stop()
    const coveredAfterMs = await coverage.reached
    writeFileSync(marker, JSON.stringify({ ...summary, coveredAfterMs, overview: o ?? null }, null, 2), { mode: 0o600 })
    if (o)
      log(
        `demo: last 30 days: ${o.requests.toLocaleString('en')} requests, ${o.instansi} instansi, ${o.apis} APIs, ${o.consumers} consumers, ` +
          `5xx ${(o.error_rate * 100).toFixed(2)} %, p95 ${o.latency_ms.p95.toFixed(0)} ms`,
      )
    log(
      `demo: outage ${summary.scenarios.outage.apiId} ${new Date(summary.scenarios.outage.startMs).toISOString()} (+3 h); auth storm from ${summary.scenarios.authStorm.sourceIp} on ${summary.scenarios.authStorm.apiId}; details in ${marker}`,
    )
  } catch (e) {
    logger.error({ error: e }, 'demo: seeding failed')
    await stop('error', 1)
  }
}

log(`Pantau demo is running\n  API:         ${apiUrl}\n  docs:        ${apiUrl}/docs\n  admin token: ${adminToken}\n  ingest:      ${ingestUrl}\n`)
if (sso && devSso) {
  const accounts = Object.entries(devSso.DEV_ACCOUNTS).map(([login, a]) => {
    const what = [a.claims.roles, (a.claims.realm_access as { roles?: unknown } | undefined)?.roles, a.claims.groups].flat().filter(Boolean).join(' ')
    return `    ${login} / ${a.password}  (${what}${a.claims.instansi ? `, instansi ${a.claims.instansi}` : ''})`
  })
  log(`SSO: open ${env.PANTAU_PUBLIC_URL}/ and choose "Masuk dengan SSO"; identity provider ${sso.issuer}, accounts:\n${accounts.join('\n')}\n`)
}
if (exitAfterSeeding) await stop('PANTAU_DEMO_EXIT')
else if (!stopping) {
  // live traffic from now on (PANTAU_DEMO_TRICKLE events/s per gateway, 0 = none), with the tokens of the seeding
  const seeded = JSON.parse(readFileSync(marker, 'utf8')) as Pick<DemoSummary, 'seed' | 'window' | 'tokens'>
  const catalog = buildCatalog({ seed: seeded.seed, endMs: seeded.window.endMs })
  trickle = startTrickle({ ingestUrl, tokens: seeded.tokens, catalog, perGatewayPerSec: trickleRateFromEnv(env), log })
}
