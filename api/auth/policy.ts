/**
 * The route policy: who may call each route, declared in one table next to
 * nothing else, and enforced by one middleware before any handler or
 * validator runs. A route missing from the table is refused (403) to every
 * authenticated caller, admins included: forgetting an entry closes a route,
 * it never opens one.
 *
 * Keys are the method and the OpenAPI path template (`GET /v1/registry/apis/{id}`);
 * hono's form (`:id`) is derived, or given as `pattern` for routes whose hono
 * pattern is not a plain template (a regex segment). `scope: 'instansi'` says
 * an operator is confined to its own instansi there: the middleware refuses an
 * operator token without one and a `?instansi=` naming another; handlers
 * still scope what depends on data (a row's instansi, a body's) with
 * `scopeInstansi`.
 */
import type { Role } from '../../shared/access/principal.js'

export interface RoutePolicy {
  /** Roles allowed, or 'public': no token is asked for. */
  allow: readonly Role[] | 'public'
  /** Operators see and change only their own instansi here. */
  scope?: 'instansi'
  /** Hono's pattern, when it is not the template with `{x}` written `:x`. */
  pattern?: string
  /** Outside /v1/openapi.json (web UI, docs, probes of the process). */
  undocumented?: true
}

/** Every human role: metrics, the registry, alerts (read). */
export const READERS: readonly Role[] = ['admin', 'koordinator', 'operator', 'asesor', 'sre']
/** Registry and register writers (operators: their own instansi). */
export const REGISTRY_WRITERS: readonly Role[] = ['admin', 'operator']
/** Alerting writers: probes, SLOs, rules, receivers, silences. */
export const ALERT_WRITERS: readonly Role[] = ['admin', 'sre', 'operator']
/** Who may list and download reports and policy documents. */
export const REPORT_READERS: readonly Role[] = ['admin', 'koordinator', 'operator', 'asesor']
/** Who may generate reports. */
export const REPORT_WRITERS: readonly Role[] = ['admin', 'koordinator', 'operator']
/** Who may announce maintenance windows (operators: their own instansi). */
export const MAINTENANCE_WRITERS: readonly Role[] = ['admin', 'koordinator', 'operator']
const ADMIN: readonly Role[] = ['admin']
/** Service accounts of split-out collectors (and admins). */
const COLLECTORS: readonly Role[] = ['admin', 'collector']

/** The hono pattern of the report download (`{id}.pdf` is not a whole path segment). */
export const REPORT_PDF_PATTERN = '/v1/reports/:file{[A-Za-z0-9_-]+\\.pdf}'

const PUBLIC: RoutePolicy = { allow: 'public' }
const PUBLIC_UNDOCUMENTED: RoutePolicy = { allow: 'public', undocumented: true }
const scoped = (allow: readonly Role[]): RoutePolicy => ({ allow, scope: 'instansi' })

/** The five routes of a registry-style resource (registry-crud.ts): list, get, create, replace, delete. */
function resource(path: string, readers: readonly Role[], writers: readonly Role[]): Record<string, RoutePolicy> {
  return {
    [`GET ${path}`]: scoped(readers),
    [`GET ${path}/{id}`]: scoped(readers),
    [`POST ${path}`]: scoped(writers),
    [`PUT ${path}/{id}`]: scoped(writers),
    [`DELETE ${path}/{id}`]: scoped(writers),
  }
}

export const ROUTE_POLICY: Readonly<Record<string, RoutePolicy>> = {
  // the process and its documents
  'GET /healthz': PUBLIC_UNDOCUMENTED,
  'GET /readyz': PUBLIC_UNDOCUMENTED,
  'GET /metrics': PUBLIC_UNDOCUMENTED, // PANTAU_METRICS_TOKEN, checked by its handler
  'GET /v1/openapi.json': PUBLIC_UNDOCUMENTED,
  'GET /docs': PUBLIC_UNDOCUMENTED,
  'GET /docs/assets/{file}': PUBLIC_UNDOCUMENTED,
  // the web UI (its data comes from the routes below, with the user's session cookie)
  'GET /': PUBLIC_UNDOCUMENTED,
  'GET /ui/app.js': PUBLIC_UNDOCUMENTED,
  'GET /ui/app.css': PUBLIC_UNDOCUMENTED,
  'GET /ui/vendor/{file}': PUBLIC_UNDOCUMENTED,
  // signing in and out (api/routes/auth.ts checks sessions, CSRF and tokens itself)
  'GET /auth/session': PUBLIC_UNDOCUMENTED,
  'POST /auth/token-session': PUBLIC_UNDOCUMENTED,
  'GET /auth/login': PUBLIC_UNDOCUMENTED,
  'GET /auth/callback': PUBLIC_UNDOCUMENTED,
  'GET /auth/logout': PUBLIC_UNDOCUMENTED,
  'POST /auth/logout': PUBLIC_UNDOCUMENTED,
  // report verification: the URL and QR code on every page work without a token
  'GET /v1/reports/{id}/verify': PUBLIC,
  'POST /v1/reports/{id}/verify': PUBLIC,
  'POST /v1/reports/verify': PUBLIC,
  // public status pages of the instansi that opted in (api/routes/public-status.ts: cached, nothing but published APIs)
  'GET /status/{instansi}': PUBLIC_UNDOCUMENTED,
  'GET /v1/public/status/{instansi}': PUBLIC,

  // metrics and events
  'GET /v1/metrics/overview': scoped(READERS),
  'GET /v1/metrics/performance': scoped(READERS),
  'GET /v1/metrics/compliance': scoped(READERS),
  'GET /v1/metrics/security': scoped(READERS),
  'GET /v1/metrics/security/findings': scoped(READERS),
  'GET /v1/metrics/security/new-sources': scoped(READERS),
  'GET /v1/metrics/adoption': scoped(READERS),
  'GET /v1/metrics/integrations': scoped(READERS),
  'GET /v1/metrics/availability': scoped(READERS),
  'GET /v1/metrics/incidents': scoped(READERS),
  'GET /v1/metrics/sla': scoped(READERS),
  'GET /v1/events': scoped(READERS),
  'GET /v1/events/histogram': scoped(READERS),
  'GET /v1/events/{id}': scoped(READERS),

  // registry
  ...resource('/v1/registry/instansi', READERS, ADMIN),
  ...resource('/v1/registry/gateways', READERS, REGISTRY_WRITERS),
  ...resource('/v1/registry/apis', READERS, REGISTRY_WRITERS),
  ...resource('/v1/registry/consumers', READERS, REGISTRY_WRITERS),
  'GET /v1/registry/unit-kerja': scoped(READERS),
  'POST /v1/registry/unit-kerja': scoped(REGISTRY_WRITERS),
  'POST /v1/registry/gateways/{id}/token': scoped(REGISTRY_WRITERS),
  'POST /v1/registry/apis/import': scoped(REGISTRY_WRITERS),
  'POST /v1/registry/import': scoped(REGISTRY_WRITERS), // operators: their own instansi's rows only (no instansi rows)
  'GET /v1/registry/shadow-apis': scoped(READERS),

  // service accounts of split-out collectors
  'GET /v1/internal/registry-snapshot': { allow: COLLECTORS },
  'GET /v1/internal/probes': { allow: COLLECTORS },
  'POST /v1/internal/probe-results': { allow: COLLECTORS },

  // administration
  'GET /v1/admin/tokens': { allow: ADMIN },
  'POST /v1/admin/tokens': { allow: ADMIN },
  'DELETE /v1/admin/tokens/{prefix}': { allow: ADMIN },
  'GET /v1/admin/stats': { allow: ADMIN },
  'GET /v1/admin/audit': { allow: ADMIN },

  // the caller, and a signed-in person's own API tokens
  'GET /v1/me': scoped(READERS),
  'GET /v1/me/tokens': scoped(READERS),
  'POST /v1/me/tokens': scoped(READERS),
  'DELETE /v1/me/tokens/{prefix}': scoped(READERS),
  'GET /v1/admin/dead-letters': scoped(['admin', 'koordinator', 'operator', 'sre']),

  // alerting
  'GET /v1/alerts': scoped(READERS),
  'GET /v1/alerts/history': scoped(READERS),
  'POST /v1/alerts/evaluate': { allow: ['admin', 'sre'] },
  ...resource('/v1/alerts/rules', READERS, ALERT_WRITERS),
  ...resource('/v1/alerts/receivers', READERS, ALERT_WRITERS),
  'GET /v1/probes/uptime': scoped(READERS),
  ...resource('/v1/probes', READERS, ALERT_WRITERS),
  'GET /v1/probes/{id}/results': scoped(READERS),
  'GET /v1/slos/status': scoped(READERS),
  ...resource('/v1/slos', READERS, ALERT_WRITERS),
  'GET /v1/slos/{id}/status': scoped(READERS),
  ...resource('/v1/silences', READERS, ALERT_WRITERS),
  // maintenance windows: operators their own instansi's, admins and koordinators any (api/routes/maintenance.ts)
  ...resource('/v1/maintenance', READERS, MAINTENANCE_WRITERS),

  // SPBE evidence: reports and the registers they draw on
  'POST /v1/reports': scoped(REPORT_WRITERS),
  'GET /v1/reports': scoped(REPORT_READERS),
  'GET /v1/reports/{id}': scoped(REPORT_READERS),
  'GET /v1/reports/{id}.pdf': { ...scoped(REPORT_READERS), pattern: REPORT_PDF_PATTERN },
  // assessment season (api/routes/assessment.ts): the national recap (operators: their own row) and report batches
  'GET /v1/assessment/recap': scoped(REPORT_READERS),
  'POST /v1/reports/batch': scoped(REPORT_WRITERS),
  'GET /v1/reports/batch/{id}': scoped(REPORT_READERS),
  'GET /v1/reports/batch/{id}/zip': scoped(REPORT_READERS),
  ...resource('/v1/policies', READERS, REGISTRY_WRITERS),
  ...resource('/v1/spl-reviews', READERS, REGISTRY_WRITERS),
  'PUT /v1/policies/{id}/document': scoped(REGISTRY_WRITERS),
  'GET /v1/policies/{id}/document': scoped(REPORT_READERS),
}

/** `GET /v1/registry/apis/{id}` → hono's `GET /v1/registry/apis/:id` (as @hono/zod-openapi registers it). */
export function honoKey(key: string, policy: RoutePolicy): string {
  const space = key.indexOf(' ')
  const path = key.slice(space + 1)
  return `${key.slice(0, space)} ${policy.pattern ?? path.replaceAll(/\/{(.+?)}/g, '/:$1')}`
}

const BY_HONO_ROUTE = new Map(Object.entries(ROUTE_POLICY).map(([key, policy]) => [honoKey(key, policy), policy]))

/** The policy of a hono route (method and registered pattern); undefined: none, so denied. */
export function policyOf(method: string, honoPath: string): RoutePolicy | undefined {
  return BY_HONO_ROUTE.get(`${method} ${honoPath}`)
}
