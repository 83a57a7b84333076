/**
 * One registry resource as REST: list (paged, filtered), get, create, replace,
 * delete — OpenAPI routes from the resource's zod schemas. Who may call them
 * is the route policy (auth/policy.ts); here the tenant rule that depends on
 * data: operators read and write only rows of their own instansi.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { ApiApp } from '../deps.js'
import { scopeInstansi } from '../auth/middleware.js'
import type { Principal } from '../../shared/access/principal.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { notFound } from '../../shared/http/problem.js'
import { columnsOf, csvResponse } from '../../shared/http/csv.js'
import type { EntityTable, Row } from '../../shared/registry/entity-table.js'
import { errorResponses, IdParam } from './common.js'
import { csvFilename, csvToo, semicolon, wantsCsv } from './csv.js'

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } })

const ListQuery = z.object({
  instansi: z.string().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(1000).default(100),
})

export interface ResourceSpec<In extends Row, Out extends Row> {
  path: string
  tag: string
  input: z.ZodType<In>
  output: z.ZodType<Out>
  table: EntityTable<Out>
  /** Column holding the owning instansi ('code' for instansi themselves). */
  instansiColumn: string
  /** Extra equality filters allowed on the list (column names). */
  filters?: readonly string[]
  /** Shape a row for responses (e.g. hide secrets); identity when absent. */
  present?: (row: Out) => Out
  /** Absent: the resource registers its own POST (an answer of another shape). */
  create?: (who: Principal, input: In) => Promise<Out>
  update(who: Principal, id: string, input: In): Promise<Out>
  remove(who: Principal, id: string): Promise<void>
}

export function registerResource<In extends Row, Out extends Row>(app: ApiApp, spec: ResourceSpec<In, Out>): void {
  const security = [{ bearer: [] }]
  const tags = [spec.tag]
  const present = spec.present ?? ((row: Out) => row)
  const keyColumn = spec.instansiColumn === 'code' ? 'code' : 'id'
  const filterSchema = z.object(Object.fromEntries((spec.filters ?? []).map((f) => [f, z.string().min(1).max(256).optional()])))
  // Routes of a generic resource are typed with the row type erased (Row); the schemas are the resource's own.
  const output: z.ZodType<Row> = spec.output
  const csvColumns = columnsOf(spec.output) ?? []
  const owned = async (who: Principal, id: string): Promise<Out> => {
    const row = await spec.table.get({ [keyColumn]: id })
    if (!row) throw notFound(`${spec.tag} '${id}' does not exist`, 'id')
    scopeInstansi(who, String(row[spec.instansiColumn]))
    return row
  }
  /** The validated input, if it is of the caller's instansi. */
  const ownInput = (who: Principal, body: In): In => {
    scopeInstansi(who, String(body[spec.instansiColumn]), `body.${spec.instansiColumn}`)
    return body
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: spec.path,
      tags,
      security,
      summary: `List ${spec.tag}`,
      request: { query: ListQuery.extend(filterSchema.shape) },
      responses: { 200: csvToo(json(envelopeSchema(z.array(output)), 'List (CSV: every matching row, streamed, without paging)')), ...errorResponses },
    }),
    async (c) => {
      const who = c.var.principal
      const valid: Record<string, unknown> = c.req.valid('query')
      // the filters are runtime names, so the validated query is typed by its fixed part, read again from it
      const q = ListQuery.parse(valid)
      const filter: Record<string, string | undefined> = { [spec.instansiColumn]: scopeInstansi(who, q.instansi) }
      for (const f of spec.filters ?? []) filter[f] = c.req.query(f)
      if (wantsCsv(c)) return csvResponse(csvColumns, allPages(spec.table, filter, present), csvFilename(spec.path), { semicolon: semicolon(c) })
      const [rows, total] = await Promise.all([spec.table.list(filter, { limit: q.per_page, offset: (q.page - 1) * q.per_page }), spec.table.count(filter)])
      return c.json(envelope<Row[]>(rows.map(present), { pagination: { page: q.page, per_page: q.per_page, total } }), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${spec.path}/{id}`,
      tags,
      security,
      summary: `One ${spec.tag}`,
      request: { params: IdParam },
      responses: { 200: json(envelopeSchema(output), 'Found'), 404: json(z.unknown(), 'Not found'), ...errorResponses },
    }),
    async (c) => c.json(envelope<Row>(present(await owned(c.var.principal, c.req.valid('param').id))), 200),
  )

  const create = spec.create
  if (create)
    app.openapi(
      createRoute({
        method: 'post',
        path: spec.path,
        tags,
        security,
        summary: `Register ${spec.tag}`,
        request: jsonBody(spec.input),
        responses: { 201: json(envelopeSchema(output), 'Created'), 409: json(z.unknown(), 'Exists'), ...errorResponses },
      }),
      async (c) => {
        const row = await create(c.var.principal, ownInput(c.var.principal, c.req.valid('json')))
        return c.json(envelope<Row>(present(row), { code: 201, message: 'Created' }), 201)
      },
    )

  app.openapi(
    createRoute({
      method: 'put',
      path: `${spec.path}/{id}`,
      tags,
      security,
      summary: `Replace ${spec.tag}`,
      request: { params: IdParam, ...jsonBody(spec.input) },
      responses: { 200: json(envelopeSchema(output), 'Replaced'), 404: json(z.unknown(), 'Not found'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const body = ownInput(c.var.principal, c.req.valid('json'))
      await owned(c.var.principal, id)
      return c.json(envelope<Row>(present(await spec.update(c.var.principal, id, body))), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${spec.path}/{id}`,
      tags,
      security,
      summary: `Delete ${spec.tag}`,
      request: { params: IdParam },
      responses: { 200: json(envelopeSchema(z.object({ deleted: z.string() })), 'Deleted'), 404: json(z.unknown(), 'Not found'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      await owned(c.var.principal, id)
      await spec.remove(c.var.principal, id)
      return c.json(envelope({ deleted: id }), 200)
    },
  )
}

/** Every matching row, a page at a time (a CSV download of a list is the whole list). */
async function* allPages<Out extends Row>(table: EntityTable<Out>, filter: Record<string, string | undefined>, present: (row: Out) => Out) {
  const PAGE = 5000
  for (let offset = 0; ; offset += PAGE) {
    const rows = await table.list(filter, { limit: PAGE, offset })
    yield rows.map(present)
    if (rows.length < PAGE) return
  }
}
