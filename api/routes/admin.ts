/** `/v1/admin/*`: bearer tokens (issued and revoked, audited) and storage and ingest counts, for admins. */
import { createRoute, z } from '@hono/zod-openapi'
import type { ApiApp, ApiDeps } from '../deps.js'
import { audit } from '../../shared/access/audit.js'
import { Role } from '../../shared/access/principal.js'
import { TokenInfo } from '../../shared/access/tokens.js'
import { badRequest, notFound } from '../../shared/http/problem.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { count } from '../../storage/columns.js'
import { errorResponses } from './common.js'
import { csvToo } from './csv.js'

const TableStat = z.object({ table: z.string(), rows: z.number(), bytes_on_disk: z.number(), parts: z.number() })
const Stats = z
  .object({
    tables: z.array(TableStat),
    raw_events: z.number().describe('rows in request_events (for the instansi, if given)'),
    rollup_requests: z.number().describe('requests counted by the minute rollup: equals raw_events'),
    dead_letters: z.number(),
    dead_letters_by_instansi: z
      .array(z.object({ instansi: z.string(), rejected: z.number(), set_aside: z.number() }))
      .describe('rejected: named in the answer to the gateway; set_aside: acknowledged, then refused by storage'),
  })
  .openapi('StorageStats')

const TokenInput = z
  .object({
    name: z.string().min(2).max(128).openapi({ example: 'Operator Diskominfo Kota Bandung' }),
    role: Role,
    instansi: z.string().min(1).max(64).optional().describe('Required for operators: the only instansi they may see'),
  })
  .openapi('TokenInput')
const TokenIssued = z.object({ name: z.string(), role: Role, instansi: z.string(), token: z.string().describe('Shown once'), prefix: z.string() })

const Count = z.object({ n: count })
const StoredTableStat = z.object({ table: z.string(), rows: count, bytes_on_disk: count, parts: count })
const StoredDeadLetterCounts = z.object({ instansi: z.string(), rejected: count, set_aside: count })

export function registerAdmin(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/tokens',
      tags: ['admin'],
      summary: 'Issued bearer tokens (without their secrets)',
      security: [{ bearer: [] }],
      responses: { 200: csvToo({ description: 'Tokens', content: { 'application/json': { schema: envelopeSchema(z.array(TokenInfo)) } } }), ...errorResponses },
    }),
    async (c) => c.json(envelope(await deps.tokens.list()), 200),
  )
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/admin/tokens/{prefix}',
      tags: ['admin'],
      summary: 'Revoke a bearer token by its prefix',
      security: [{ bearer: [] }],
      request: { params: z.object({ prefix: z.string().min(4).max(16) }) },
      responses: {
        200: { description: 'Revoked', content: { 'application/json': { schema: envelopeSchema(z.object({ revoked: z.number().int() })) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { prefix } = c.req.valid('param')
      const revoked = await deps.tokens.revoke(prefix)
      if (revoked.length === 0) throw notFound(`no token with prefix '${prefix}'`, 'prefix')
      await audit(deps.storage, c.var.principal, { action: 'token.revoke', resource: prefix, instansi: revoked[0]?.instansi, detail: revoked })
      return c.json(envelope({ revoked: revoked.length }), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/tokens',
      tags: ['admin'],
      summary: 'Issue a bearer token for a role (admin)',
      security: [{ bearer: [] }],
      request: { body: { content: { 'application/json': { schema: TokenInput } }, required: true } },
      responses: { 201: { description: 'Issued', content: { 'application/json': { schema: envelopeSchema(TokenIssued) } } }, ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json')
      if (input.role === 'operator' && !input.instansi) throw badRequest('body.instansi', 'an operator token needs its instansi')
      const issued = await deps.tokens.issue(input.name, input.role, input.instansi ?? '')
      await audit(deps.storage, c.var.principal, {
        action: 'token.issue',
        resource: issued.prefix,
        instansi: input.instansi,
        detail: { name: input.name, role: input.role, instansi: input.instansi },
      })
      return c.json(envelope({ name: input.name, role: input.role, instansi: input.instansi ?? '', ...issued }, { code: 201, message: 'Created' }), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/stats',
      tags: ['admin'],
      summary: 'Storage and ingest counts (admin)',
      security: [{ bearer: [] }],
      request: { query: z.object({ instansi: z.string().min(1).max(64).optional() }) },
      responses: { 200: { description: 'Stats', content: { 'application/json': { schema: envelopeSchema(Stats) } } }, ...errorResponses },
    }),
    async (c) => {
      const { instansi } = c.req.valid('query')
      const where = instansi === undefined ? '1' : 'instansi = {i:String}'
      const params = { i: instansi }
      const one = async (sql: string) => (await deps.storage.rows(Count, sql, params))[0]?.n ?? 0
      const [tables, raw, rolled, dlq, byInstansi] = await Promise.all([
        deps.storage.rows(
          StoredTableStat,
          `SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes_on_disk, count() AS parts
           FROM system.parts WHERE database = currentDatabase() AND active GROUP BY table ORDER BY table`,
        ),
        one(`SELECT count() AS n FROM request_events WHERE ${where}`),
        one(`SELECT sum(requests) AS n FROM request_rollup_1m WHERE ${where}`),
        one(`SELECT count() AS n FROM dead_letters WHERE ${where}`),
        deps.storage.rows(
          StoredDeadLetterCounts,
          `SELECT instansi, countIf(stage = 'rejected') AS rejected, countIf(stage = 'set_aside') AS set_aside
           FROM dead_letters WHERE ${where} GROUP BY instansi ORDER BY instansi`,
          params,
        ),
      ])
      return c.json(
        envelope({
          tables,
          raw_events: raw,
          rollup_requests: rolled,
          dead_letters: dlq,
          dead_letters_by_instansi: byInstansi,
        }),
        200,
      )
    },
  )
}
