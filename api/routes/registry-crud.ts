/**
 * One registry resource as REST: list (paged, filtered), get, create, replace,
 * delete — OpenAPI routes from the resource's zod schemas, with the tenant
 * rules: everyone who reads may list, operators only their own instansi;
 * admins write everything, operators write their own instansi.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { ApiApp } from '../deps.js'
import { requireRole, scopeInstansi } from '../auth/middleware.js'
import { READERS, type Principal, type Role } from '../../shared/access/principal.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { notFound } from '../../shared/http/problem.js'
import type { EntityTable, Row } from '../../shared/registry/entity-table.js'
import { errorResponses, IdParam } from './common.js'

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

/** Generic routes lose the route-specific typing of `c.req.valid`; the schemas still validate. */
const valid = (c: { req: { valid: unknown } }, target: 'json' | 'param' | 'query'): unknown => (c.req.valid as (t: string) => unknown)(target)

export interface ResourceSpec<I extends z.ZodType, O extends z.ZodType> {
  path: string
  tag: string
  input: I
  output: O
  table: EntityTable<Row>
  /** Column holding the owning instansi ('code' for instansi themselves). */
  instansiColumn: string
  /** Extra equality filters allowed on the list (column names). */
  filters?: readonly string[]
  /** Roles that may create/replace/delete (operators are further confined to their instansi). */
  writers?: readonly Role[]
  /** Shape a row for responses (e.g. hide secrets); identity when absent. */
  present?: (row: Row) => Row
  create(who: Principal, input: z.infer<I>): Promise<Row>
  update(who: Principal, id: string, input: z.infer<I>): Promise<Row>
  remove(who: Principal, id: string): Promise<void>
}

export function registerResource<I extends z.ZodType, O extends z.ZodType>(app: ApiApp, spec: ResourceSpec<I, O>): void {
  const security = [{ bearer: [] }]
  const tags = [spec.tag]
  const writers = spec.writers ?? ['admin', 'operator']
  const present = spec.present ?? ((row: Row) => row)
  const keyColumn = spec.instansiColumn === 'code' ? 'code' : 'id'
  const filterSchema = z.object(Object.fromEntries((spec.filters ?? []).map((f) => [f, z.string().min(1).max(256).optional()])))
  const owned = async (who: Principal, id: string): Promise<Row> => {
    const row = await spec.table.get({ [keyColumn]: id })
    if (!row) throw notFound(`${spec.tag} '${id}' does not exist`, 'id')
    scopeInstansi(who, String(row[spec.instansiColumn]))
    return row
  }
  const ownInput = (who: Principal, input: Record<string, unknown>) => {
    requireRole(who, writers)
    scopeInstansi(who, String(input[spec.instansiColumn]), `body.${spec.instansiColumn}`)
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: spec.path,
      tags,
      security,
      summary: `List ${spec.tag}`,
      request: { query: ListQuery.merge(filterSchema) },
      responses: { 200: json(envelopeSchema(z.array(spec.output)), 'List'), ...errorResponses },
    }),
    async (c) => {
      const who = c.var.principal
      requireRole(who, READERS)
      const q = c.req.valid('query') as z.infer<typeof ListQuery> & Record<string, string | undefined>
      const filter: Record<string, string | undefined> = { [spec.instansiColumn]: scopeInstansi(who, q.instansi) }
      for (const f of spec.filters ?? []) filter[f] = q[f]
      const [rows, total] = await Promise.all([spec.table.list(filter, { limit: q.per_page, offset: (q.page - 1) * q.per_page }), spec.table.count(filter)])
      return c.json(envelope(rows.map(present), { pagination: { page: q.page, per_page: q.per_page, total } }) as never, 200)
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
      responses: { 200: json(envelopeSchema(spec.output), 'Found'), 404: json(z.unknown(), 'Not found'), ...errorResponses },
    }),
    async (c) => {
      requireRole(c.var.principal, READERS)
      return c.json(envelope(present(await owned(c.var.principal, c.req.valid('param').id))) as never, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: spec.path,
      tags,
      security,
      summary: `Register ${spec.tag}`,
      request: jsonBody(spec.input),
      responses: { 201: json(envelopeSchema(spec.output), 'Created'), 409: json(z.unknown(), 'Exists'), ...errorResponses },
    }),
    async (c) => {
      const input = valid(c, 'json') as Record<string, unknown>
      ownInput(c.var.principal, input)
      const row = await spec.create(c.var.principal, input as z.infer<I>)
      return c.json(envelope(present(row), { code: 201, message: 'Created' }) as never, 201)
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
      responses: { 200: json(envelopeSchema(spec.output), 'Replaced'), 404: json(z.unknown(), 'Not found'), ...errorResponses },
    }),
    async (c) => {
      const { id } = valid(c, 'param') as { id: string }
      const input = valid(c, 'json') as Record<string, unknown>
      ownInput(c.var.principal, input)
      await owned(c.var.principal, id)
      return c.json(envelope(present(await spec.update(c.var.principal, id, input as z.infer<I>))) as never, 200)
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
      requireRole(c.var.principal, writers)
      await owned(c.var.principal, id)
      await spec.remove(c.var.principal, id)
      return c.json(envelope({ deleted: id }), 200)
    },
  )
}
