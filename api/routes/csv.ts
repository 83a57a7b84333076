/**
 * CSV for every route that answers a table: `Accept: text/csv` or
 * `?format=csv` (with `?sep=semicolon` for id-ID spreadsheets, `?table=`
 * choosing among several tables of one answer). A route opts in through its
 * OpenAPI declaration — `csvToo(...)` adds `text/csv` to its 200 response, so
 * /v1/openapi.json documents it — and the middleware below does the rest:
 * the handler answers its JSON envelope as always (tenancy, filters and
 * validation stay the route's), and the envelope's `data` (or the chosen
 * array in it) becomes CSV with the columns of the route's zod row schema, in
 * declaration order. A route that streams its own CSV (events, registry
 * lists) answers text/csv itself and is left alone. CSV asked of a route that
 * has no table is 406 problem+json.
 */
import { z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import { type CsvTable, csvResponse, exportFormat, tablesOf, wibStamp } from '../../shared/http/csv.js'
import { badRequest, ProblemError } from '../../shared/http/problem.js'
import type { AuthEnv } from '../auth/middleware.js'
import type { ApiApp } from '../deps.js'

export const CsvTableText = z.string().openapi('CsvTable', {
  description:
    'The table as CSV (`Accept: text/csv` or `?format=csv`): UTF-8 with a byte-order mark, a header line of the JSON field names; ' +
    '`?sep=semicolon`: `;` separator and decimal commas (id-ID spreadsheets); `?table=<name>` picks one of several arrays of the answer ' +
    '(default: the first). Nested values are JSON, lists joined with ", ", and text starting with = + - @ is prefixed with \'.',
})

/** A 200 response that also answers its table as CSV. */
export function csvToo<R extends { description: string; content: Record<string, unknown> }>(
  response: R,
): R & { content: R['content'] & { 'text/csv': { schema: typeof CsvTableText } } } {
  return { ...response, content: { ...response.content, 'text/csv': { schema: CsvTableText } } }
}

/** Whether this request asks for CSV. */
export function wantsCsv(c: { req: { query(k: string): string | undefined; header(k: string): string | undefined } }): boolean {
  return exportFormat(c.req.query('format'), c.req.header('accept')) === 'csv'
}

/** `?sep=semicolon`. */
export const semicolon = (c: { req: { query(k: string): string | undefined } }) => c.req.query('sep') === 'semicolon'

/** A file name for a download of `path`: `pantau-registry-apis-20261127-2234.csv`. */
export function csvFilename(path: string, table = ''): string {
  const slug = path
    .replace(/^\/v1\//, '')
    .replace(/\{[^}]*\}|:[a-z_]+/gi, 'x')
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-+|-+$/g, '')
  return `pantau-${slug}${table ? `-${table}` : ''}-${wibStamp(Date.now())}.csv`
}

interface RouteDefinition {
  type: string
  route?: { method: string; path: string; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }
}

/** Every documented route: its tables when it declares text/csv, else null (CSV refused). */
function csvRoutes(app: ApiApp): Map<string, CsvTable[] | null> {
  const out = new Map<string, CsvTable[] | null>()
  for (const d of app.openAPIRegistry.definitions as unknown as RouteDefinition[]) {
    if (d.type !== 'route' || !d.route) continue
    const key = `${d.route.method.toUpperCase()} ${d.route.path.replace(/\{(\w+)\}/g, ':$1')}`
    const ok = d.route.responses?.['200']?.content
    const envelope = ok?.['application/json']?.schema as z.ZodType | undefined
    const data = (envelope as { shape?: { data?: z.ZodType } } | undefined)?.shape?.data
    out.set(key, ok?.['text/csv'] && data ? tablesOf(data) : null)
  }
  return out
}

/** The middleware (after the route guard, before the routes); reads the routes' declarations at the first request. */
export function csvTables(app: ApiApp): MiddlewareHandler<AuthEnv> {
  let routes: Map<string, CsvTable[] | null> | undefined
  return async (c, next) => {
    if (!wantsCsv(c)) return next()
    const route = matchedRoutes(c).find((r) => r.method !== 'ALL')
    routes ??= csvRoutes(app)
    const tables = route ? routes.get(`${route.method} ${route.path}`) : undefined
    if (tables === undefined) return next() // not a documented route (web UI, docs): as usual
    if (tables === null || tables.length === 0)
      throw new ProblemError(406, 'not-acceptable', 'Not acceptable', {
        detail: `${c.req.method} ${route?.path} answers no table: CSV is not available here (ask for application/json)`,
        field: 'Accept',
      })
    const wanted = c.req.query('table')
    const table = wanted === undefined ? tables[0] : tables.find((t) => t.name === wanted)
    if (!table) throw badRequest('table', `one of ${tables.map((t) => t.name).join(', ')}`)
    await next()
    const res = c.res
    // errors stay problem+json; a route that streamed its own CSV is answered as it is
    if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith('application/json')) return
    const body = (await res.json()) as { data?: unknown }
    const data = table.name ? (body.data as Record<string, unknown> | undefined)?.[table.name] : body.data
    const rows = Array.isArray(data) ? (data as Record<string, unknown>[]) : []
    c.res = undefined as unknown as Response
    c.res = csvResponse(table.columns, rows, csvFilename(route?.path ?? c.req.path, table.name), { semicolon: semicolon(c) })
  }
}
