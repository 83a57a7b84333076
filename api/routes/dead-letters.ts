/**
 * `/v1/admin/dead-letters`: the records Pantau did not store as events, and
 * why — those rejected in the answer to the gateway (`stage=rejected`) and
 * those acknowledged and then set aside because storage refused them
 * (`stage=set_aside`, collector/sinks/poison.ts), which the gateway was never
 * told about. Operators see their own instansi's only. Newest first,
 * keyset-paged.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { ApiApp, ApiDeps } from '../deps.js'
import { scopeInstansi } from '../auth/middleware.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { badRequest } from '../../shared/http/problem.js'
import { parseInstant } from '../../shared/metrics/range.js'
import { u64 } from '../../storage/columns.js'
import { errorResponses } from './common.js'
import { csvToo } from './csv.js'

const Stage = z.enum(['rejected', 'set_aside'])

const DeadLettersQuery = z.object({
  instansi: z.string().min(1).max(64).optional(),
  gateway: z.string().min(1).max(64).optional(),
  stage: Stage.optional(),
  from: z.string().optional().openapi({ description: 'ISO 8601 instant, epoch ms, or relative (now-7d); default now-7d' }),
  to: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(64).optional().describe('next_cursor of the previous page'),
})

export const DeadLetterRow = z
  .object({
    ts: z.string(),
    instansi: z.string(),
    gateway_id: z.string(),
    stage: Stage,
    source: z.string(),
    field: z.string(),
    reason: z.string(),
    payload: z.string().describe('the record as received (redacted), at most 4 KiB here'),
  })
  .openapi('DeadLetter')

/** A stored dead letter as the SELECT reads it: epoch ms, the row key (text) and the payload's head. */
const StoredDeadLetter = DeadLetterRow.omit({ ts: true, payload: true }).extend({ ts_ms: u64, row_key: z.string(), payload_head: z.string() })

const CURSOR = /^(\d{1,15})_(\d{1,20})$/

export function registerDeadLetters(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/dead-letters',
      tags: ['admin'],
      summary: 'Records not stored as events: rejected in the answer, or set aside after it',
      security: [{ bearer: [] }],
      request: { query: DeadLettersQuery },
      responses: {
        200: csvToo({ description: 'Dead letters', content: { 'application/json': { schema: envelopeSchema(z.array(DeadLetterRow)) } } }),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const instansi = scopeInstansi(c.var.principal, q.instansi)
      const now = Date.now()
      const from = parseInstant(q.from ?? 'now-7d', now)
      if (from === undefined) throw badRequest('from', `not an instant: '${q.from}'`)
      const to = q.to === undefined ? now + 60_000 : parseInstant(q.to, now)
      if (to === undefined) throw badRequest('to', `not an instant: '${q.to}'`)
      const params: Record<string, unknown> = { from, to, limit: q.limit + 1 }
      let where = 'ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})'
      if (instansi !== undefined) (params.instansi = instansi), (where += ' AND instansi = {instansi:String}')
      if (q.gateway !== undefined) (params.gateway = q.gateway), (where += ' AND gateway_id = {gateway:String}')
      if (q.stage !== undefined) (params.stage = q.stage), (where += ' AND stage = {stage:String}')
      if (q.cursor !== undefined) {
        const m = CURSOR.exec(q.cursor)
        if (!m) throw badRequest('cursor', 'not a cursor from a previous page')
        Object.assign(params, { c_ts: Number(m[1]), c_key: m[2] })
        where += ' AND (toUnixTimestamp64Milli(ts), cityHash64(gateway_id, source, reason, payload)) < ({c_ts:Int64}, {c_key:UInt64})'
      }
      const rows = await deps.storage.rows(
        StoredDeadLetter,
        `SELECT toUnixTimestamp64Milli(ts) AS ts_ms, cityHash64(gateway_id, source, reason, payload) AS key_n, toString(key_n) AS row_key,
                instansi, gateway_id, stage, source, field, reason, substring(payload, 1, 4096) AS payload_head
         FROM dead_letters WHERE ${where}
         ORDER BY ts_ms DESC, key_n DESC LIMIT {limit:UInt32}`,
        params,
      )
      const page = rows.slice(0, q.limit)
      const last = page.at(-1)
      const next = rows.length > q.limit && last ? `${last.ts_ms}_${last.row_key}` : undefined
      const data = page.map(({ ts_ms, row_key: _key, payload_head, ...r }) => ({
        ...r,
        payload: payload_head,
        ts: new Date(Number(ts_ms)).toISOString(),
      }))
      return c.json(envelope(data, { pagination: { page: 1, per_page: q.limit, next_cursor: next } }), 200)
    },
  )
}
