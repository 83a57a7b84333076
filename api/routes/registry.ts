/**
 * `/v1/registry/*` (Permenkomdigi 3/2025 Pasal 16): instansi, unit kerja,
 * gateways with their ingest tokens, APIs (also imported from OpenAPI
 * documents), consumers, and the shadow APIs seen in traffic.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { ApiApp, ApiDeps } from '../deps.js'
import { scopeInstansi } from '../auth/middleware.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { notFound } from '../../shared/http/problem.js'
import { readOpenApi } from '../../shared/registry/openapi-import.js'
import { Registry } from '../../shared/registry/registry.js'
import {
  Api,
  ApiInput,
  Consumer,
  ConsumerInput,
  Gateway,
  GatewayInput,
  Instansi,
  InstansiInput,
  UnitKerja,
  UnitKerjaInput,
} from '../../shared/registry/schemas.js'
import { shadowApis, ShadowApi } from '../../shared/registry/shadow.js'
import { errorResponses, IdParam } from './common.js'
import { csvToo } from './csv.js'
import { json, jsonBody, registerResource } from './registry-crud.js'
import { registerRegistryImport } from './registry-import.js'

const GatewayCreated = z.object({ gateway: Gateway, ingest_token: z.string().describe('Shown once; configure it in the gateway') })

export function registerRegistry(app: ApiApp, deps: ApiDeps): Registry {
  const registry = new Registry(deps.storage, deps.onRegistryChange)
  const security = [{ bearer: [] }]

  registerResource(app, {
    path: '/v1/registry/instansi',
    tag: 'instansi',
    input: InstansiInput,
    output: Instansi,
    table: registry.instansi,
    instansiColumn: 'code',
    filters: ['kind', 'parent'],
    create: (who, i) => registry.createInstansi(who, i),
    update: (who, id, i) => registry.updateInstansi(who, id, i),
    remove: (who, id) => registry.deleteInstansi(who, id),
  })
  registerResource(app, {
    path: '/v1/registry/gateways',
    tag: 'gateways',
    input: GatewayInput,
    output: Gateway,
    table: registry.gateways,
    instansiColumn: 'instansi',
    filters: ['product'],
    // POST answers the gateway and its ingest token: registered below
    update: (who, id, i) => registry.updateGateway(who, id, i),
    remove: (who, id) => registry.deleteGateway(who, id),
  })
  registerResource(app, {
    path: '/v1/registry/apis',
    tag: 'apis',
    input: ApiInput,
    output: Api,
    table: registry.apis,
    instansiColumn: 'instansi',
    filters: ['gateway_id', 'unit_kerja', 'lifecycle', 'auth_type'],
    create: (who, i) => registry.createApi(who, i),
    update: (who, id, i) => registry.updateApi(who, id, i),
    remove: (who, id) => registry.deleteApi(who, id),
  })
  registerResource(app, {
    path: '/v1/registry/consumers',
    tag: 'consumers',
    input: ConsumerInput,
    output: Consumer,
    table: registry.consumers,
    instansiColumn: 'instansi',
    create: (who, i) => registry.createConsumer(who, i),
    update: (who, id, i) => registry.updateConsumer(who, id, i),
    remove: (who, id) => registry.deleteConsumer(who, id),
  })

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/registry/unit-kerja',
      tags: ['instansi'],
      security,
      summary: 'Unit kerja / perangkat daerah of an instansi',
      request: { query: z.object({ instansi: z.string().min(1).max(64).optional() }) },
      responses: { 200: csvToo(json(envelopeSchema(z.array(UnitKerja)), 'List')), ...errorResponses },
    }),
    async (c) => {
      const instansi = scopeInstansi(c.var.principal, c.req.valid('query').instansi)
      return c.json(envelope(await registry.unitKerja.list({ instansi })), 200)
    },
  )
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registry/unit-kerja',
      tags: ['instansi'],
      security,
      request: jsonBody(UnitKerjaInput),
      responses: { 201: json(envelopeSchema(UnitKerja), 'Created'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json')
      scopeInstansi(c.var.principal, input.instansi, 'body.instansi')
      return c.json(envelope(await registry.createUnitKerja(c.var.principal, input), { code: 201, message: 'Created' }), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registry/gateways',
      tags: ['gateways'],
      security,
      summary: 'Register gateways (the answer holds its ingest token, shown once)',
      request: jsonBody(GatewayInput),
      responses: { 201: json(envelopeSchema(GatewayCreated), 'Created'), 409: json(z.unknown(), 'Exists'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json')
      scopeInstansi(c.var.principal, input.instansi, 'body.instansi')
      return c.json(envelope(await registry.createGateway(c.var.principal, input), { code: 201, message: 'Created' }), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registry/gateways/{id}/token',
      tags: ['gateways'],
      security,
      summary: 'Rotate a gateway ingest token (the old one stops working)',
      request: { params: IdParam },
      responses: { 200: json(envelopeSchema(GatewayCreated), 'Rotated'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const gw = await registry.gateways.get({ id })
      if (!gw) throw notFound(`gateway '${id}'`, 'id')
      scopeInstansi(c.var.principal, gw.instansi)
      return c.json(envelope(await registry.rotateGatewayToken(c.var.principal, id)), 200)
    },
  )

  const ImportInput = ApiInput.omit({ name: true, version: true, base_path: true, host: true, auth_type: true, openapi: true })
    .extend({ document: z.string().min(10).max(2_000_000).describe('OpenAPI 3 document, JSON or YAML') })
    .openapi('ApiImport')
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registry/apis/import',
      tags: ['apis'],
      security,
      summary: 'Register (or update) an API from its OpenAPI 3 document',
      request: jsonBody(ImportInput),
      responses: { 200: json(envelopeSchema(Api), 'Registered'), ...errorResponses },
    }),
    async (c) => {
      const { document, ...rest } = c.req.valid('json')
      scopeInstansi(c.var.principal, rest.instansi, 'body.instansi')
      const doc = readOpenApi(document)
      const input = ApiInput.parse({
        ...rest,
        name: doc.name,
        version: doc.version,
        base_path: doc.base_path,
        host: doc.host,
        auth_type: doc.auth_type,
        openapi: document,
      })
      const existing = rest.id ? await registry.apis.get({ id: rest.id }) : undefined
      const row = existing ? await registry.updateApi(c.var.principal, existing.id, input) : await registry.createApi(c.var.principal, input)
      return c.json(envelope(row, { meta: { operations: doc.operations } }), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/registry/shadow-apis',
      tags: ['apis'],
      security,
      summary: 'Routes seen in traffic that no registered API covers (shadow APIs)',
      request: { query: z.object({ instansi: z.string().min(1).max(64).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
      responses: { 200: csvToo(json(envelopeSchema(z.array(ShadowApi)), 'Shadow APIs')), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(envelope(await shadowApis(deps.storage, scopeInstansi(c.var.principal, q.instansi), q.limit)), 200)
    },
  )
  registerRegistryImport(app, deps, registry)
  return registry
}
