/**
 * What the API edge is given by the process that composes it (server/):
 * storage, tokens, readiness, the alert engine, the reports port, and the
 * deployment settings. Routes take these; nothing here imports a route.
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { TokenStore } from '../shared/access/tokens.js'
import type { AlertEngine } from '../shared/alerting/engine.js'
import type { RegistryChange } from '../shared/registry/cache.js'
import type { ReportsPort } from '../shared/reports/contract.js'
import type { Storage } from '../storage/client.js'
import type { AuthEnv } from './auth/middleware.js'
import type { AuthDeps } from './auth/session-auth.js'

export interface Readiness {
  /** Problems that make this process unready; empty when ready. */
  check(): Promise<string[]>
}

export interface ApiDeps {
  storage: Storage
  tokens: TokenStore
  readiness: Readiness
  /** The evidence reports (generation, store, verification): the reports part behind its port. */
  reports: ReportsPort
  /** Called (and awaited) after every registry write with what it changed: an in-process collector updates its registry view. */
  onRegistryChange?: (change?: RegistryChange) => void | Promise<void>
  /** Prometheus exposition of this process's own metrics (served at /metrics). */
  telemetry?: { scrape(): Promise<string> }
  /** The alert evaluator of this process (probes, SLOs, alerts, silences); created unstarted when absent. */
  alerts?: AlertEngine
  /** Public base URL (PANTAU_PUBLIC_URL): verification links of reports; else the request origin. */
  publicUrl?: string
  /** Reverse proxies whose X-Forwarded-For is believed (PANTAU_TRUSTED_PROXIES). */
  trustedProxies?: readonly string[]
  /** Bearer token `/metrics` requires (PANTAU_METRICS_TOKEN); open when unset. */
  metricsToken?: string
  /** Rebuild the UI bundle on every request (PANTAU_UI_DEV), for working on the pages. */
  uiDev?: boolean
  /** Sign-in: sessions, people, OpenID Connect (api/auth/setup.ts); token sign-in only, with default timeouts, when absent. */
  auth?: AuthDeps
}

export type ApiApp = OpenAPIHono<AuthEnv>
