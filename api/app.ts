/**
 * The Hono API (:8080). Every route is an OpenAPI route whose request and
 * response shapes are zod schemas; `/v1/openapi.json` is generated from them.
 * Errors are RFC 7807 problem+json; successes use the Pasal 6 envelope.
 *
 * Who may call what is the route policy (auth/policy.ts), enforced by one
 * guard in front of every route (auth/middleware.ts); a route without an
 * entry is refused. Stores in shared/ throw the shared http kit's
 * ProblemError, naming fields as the request has them (`body.instansi`):
 * kept so, rather than a separate domain error mapped here, because every
 * store input is a request body and the field names are part of the API's
 * tested contract; this file renders them.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { ApiApp, ApiDeps } from './deps.js'

export type { ApiApp, ApiDeps, Readiness } from './deps.js'
import { guard, type AuthEnv } from './auth/middleware.js'
import { SessionAuth } from './auth/session-auth.js'
import { createAuth } from './auth/setup.js'
import { fromZodError, ProblemError, problemResponse } from '../shared/http/problem.js'
import { csvTables } from './routes/csv.js'
import { registerDocs } from './routes/docs.js'
import { registerEvents } from './routes/events.js'
import { registerHealth } from './routes/health.js'
import { registerInternal } from './routes/internal.js'
import { registerAdmin } from './routes/admin.js'
import { registerAudit } from './routes/audit.js'
import { registerAuth } from './routes/auth.js'
import { registerMe } from './routes/me.js'
import { registerDeadLetters } from './routes/dead-letters.js'
import { registerMetrics } from './routes/metrics.js'
import { registerSecurityMetrics } from './routes/metrics-security.js'
import { registerAdoptionMetrics } from './routes/metrics-adoption.js'
import { registerAvailabilityMetrics } from './routes/metrics-availability.js'
import { registerRegistry } from './routes/registry.js'
import { registerUi } from './routes/ui.js'
import { registerAlerting } from './routes/alerts.js'
import { registerMaintenance } from './routes/maintenance.js'
import { registerReports, registerReportVerification } from './routes/reports.js'
import { registerAssessment } from './routes/assessment.js'
import { registerPublicStatus } from './routes/public-status.js'

export function createApi(deps: ApiDeps): ApiApp {
  const app: ApiApp = new OpenAPIHono<AuthEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = (result as { target?: string }).target ?? 'request'
        return problemResponse(c, fromZodError(result.error, where === 'json' ? 'body' : where))
      }
    },
  })
  app.onError((err, c) => problemResponse(c, err))
  app.notFound((c) => problemResponse(c, new ProblemError(404, 'not-found', 'Not found', { detail: `no route ${c.req.method} ${c.req.path}` })))

  // First: the route policy (public, or a bearer token or session of an allowed role) before any route's validators.
  const sessions = new SessionAuth(deps.auth ?? createAuth(deps.storage, undefined, { people: deps.tokens.people }), deps.tokens, deps.storage)
  app.use('*', guard(deps.tokens, deps.trustedProxies, sessions))
  // CSV of any route that declares it (routes/csv.ts): after the guard, so the caller is known and allowed
  app.use('*', csvTables(app))
  registerHealth(app, deps)
  registerDocs(app)
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })
  registerReportVerification(app, deps)
  registerPublicStatus(app, deps)
  registerMetrics(app, deps)
  registerSecurityMetrics(app, deps)
  registerAdoptionMetrics(app, deps)
  registerAvailabilityMetrics(app, deps)
  registerEvents(app, deps)
  registerRegistry(app, deps)
  registerInternal(app, deps)
  registerAdmin(app, deps)
  registerAudit(app, deps)
  registerMe(app, deps, sessions.deps.config)
  registerAuth(app, deps, sessions)
  registerDeadLetters(app, deps)
  registerAlerting(app, deps)
  registerMaintenance(app, deps)
  registerAssessment(app, deps)
  registerReports(app, deps)
  // The web UI (/ and /ui/*): public in the route policy; its data comes from /v1 with the user's token.
  registerUi(app, deps)
  return app
}
