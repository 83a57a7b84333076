/** `/v1/registry/*`: instansi, unit kerja, gateways (ingest tokens), APIs, consumers. */
import { createRoute, z } from '@hono/zod-openapi'
import type { ApiApp, ApiDeps } from '../app.js'
import { requireRole, scopeInstansi } from '../auth/middleware.js'
import { READERS, type Principal } from '../auth/principal.js'
import { envelope, envelopeSchema } from '../http/envelope.js'
import { notFound } from '../http/problem.js'
import { Registry } from '../registry/registry.js'
import {
  Api,
  ApiInput,
  Consumer,
  ConsumerInput,
  Gateway,
  GatewayInput,
  Instansi,
  InstansiInput,
  UnitKerjaInput,
} from '../registry/schemas.js'
import { errorResponses, IdParam } from './common.js'

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } })

const ListQuery = z.object({
  instansi: z.string().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(1000).default(100),
})

/** Admins manage everything; operators manage their own instansi. */
function requireWriter(who: Principal, instansi: string): void {
  requireRole(who, ['admin', 'operator'])
  scopeInstansi(who, instansi)
}

export function registerRegistry(app: ApiApp, deps: ApiDeps): Registry {
  const registry = new Registry(deps.storage)
  const security = [{ bearer: [] }]
  const tags = ['registry']

  const list = <S extends z.ZodType>(path: string, schema: S, table: 'instansi' | 'gateways' | 'apis' | 'consumers', instansiColumn: string) =>
    app.openapi(
      createRoute({
        method: 'get',
        path,
        tags,
        security,
        request: { query: ListQuery },
        responses: { 200: json(envelopeSchema(z.array(schema)), 'List'), ...errorResponses },
      }),
      async (c) => {
        const who = c.var.principal
        requireRole(who, READERS)
        const q = c.req.valid('query')
        const instansi = scopeInstansi(who, q.instansi)
        const filter = { [instansiColumn]: instansi }
        const offset = (q.page - 1) * q.per_page
        const [rows, total] = await Promise.all([
          registry[table].list(filter, { limit: q.per_page, offset }),
          registry[table].count(filter),
        ])
        return c.json(envelope(rows, { pagination: { page: q.page, per_page: q.per_page, total } }) as never, 200)
      },
    )

  list('/v1/registry/instansi', Instansi, 'instansi', 'code')
  list('/v1/registry/gateways', Gateway, 'gateways', 'instansi')
  list('/v1/registry/apis', Api, 'apis', 'instansi')
  list('/v1/registry/consumers', Consumer, 'consumers', 'instansi')

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registry/instansi',
      tags,
      security,
      request: body(InstansiInput),
      responses: { 201: json(envelopeSchema(Instansi), 'Created'), ...errorResponses },
    }),
    async (c) => {
      const who = c.var.principal
      requireRole(who, ['admin'])
      const row = await registry.createInstansi(who, c.req.valid('json'))
      return c.json(envelope(row, { code: 201, message: 'Created' }), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registry/unit-kerja',
      tags,
      security,
      request: body(UnitKerjaInput),
      responses: { 201: json(envelopeSchema(UnitKerjaInput), 'Created'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json')
      requireWriter(c.var.principal, input.instansi)
      const row = await registry.createUnitKerja(c.var.principal, input)
      return c.json(envelope(row, { code: 201, message: 'Created' }), 201)
    },
  )

  const GatewayCreated = z.object({ gateway: Gateway, ingest_token: z.string().describe('Shown once; store it in the gateway') })
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registry/gateways',
      tags,
      security,
      summary: 'Register a gateway and get its ingest token',
      request: body(GatewayInput),
      responses: { 201: json(envelopeSchema(GatewayCreated), 'Created'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json')
      requireWriter(c.var.principal, input.instansi)
      const created = await registry.createGateway(c.var.principal, input)
      return c.json(envelope(created, { code: 201, message: 'Created' }), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registry/gateways/{id}/token',
      tags,
      security,
      summary: 'Rotate a gateway ingest token (the old one stops working)',
      request: { params: IdParam },
      responses: { 200: json(envelopeSchema(GatewayCreated), 'Rotated'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const gw = await registry.gateways.get({ id })
      if (!gw) throw notFound(`gateway '${id}'`, 'id')
      requireWriter(c.var.principal, gw.instansi)
      return c.json(envelope(await registry.rotateGatewayToken(c.var.principal, id)), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registry/apis',
      tags,
      security,
      request: body(ApiInput),
      responses: { 201: json(envelopeSchema(Api), 'Created'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json')
      requireWriter(c.var.principal, input.instansi)
      const row = await registry.createApi(c.var.principal, input)
      return c.json(envelope(row, { code: 201, message: "Created" }) as never, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registry/consumers',
      tags,
      security,
      request: body(ConsumerInput),
      responses: { 201: json(envelopeSchema(Consumer), 'Created'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json')
      requireWriter(c.var.principal, input.instansi)
      const row = await registry.createConsumer(c.var.principal, input)
      return c.json(envelope(row, { code: 201, message: "Created" }) as never, 201)
    },
  )
  return registry
}
