/** `GET /v1/admin/audit`: the audit log (who did what, as whom, from where), newest first, for admins. */
import { createRoute, z } from '@hono/zod-openapi'
import { AuditEntry, listAudit } from '../../shared/access/audit.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { badRequest } from '../../shared/http/problem.js'
import { parseInstant } from '../../shared/metrics/range.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { errorResponses } from './common.js'
import { csvToo } from './csv.js'

const AuditQuery = z.object({
  actor: z.string().min(1).max(256).optional().openapi({ description: "A person's sub or an actor's name (token name, 'admin')" }),
  from: z.string().optional().openapi({ description: 'ISO 8601 instant, epoch seconds/ms, or relative (now-7d)', example: 'now-7d' }),
  to: z.string().optional().openapi({ description: 'End (exclusive); default now' }),
  action: z.string().min(1).max(64).optional().openapi({ example: 'report.download' }),
  instansi: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
})

export function registerAudit(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/audit',
      tags: ['admin'],
      summary: 'The audit log: writes, evidence downloads, sign-ins and sign-outs, with the person behind each (admin)',
      security: [{ bearer: [] }],
      request: { query: AuditQuery },
      responses: {
        200: csvToo({ description: 'Audit rows, newest first', content: { 'application/json': { schema: envelopeSchema(z.array(AuditEntry)) } } }),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const now = Date.now()
      const instant = (field: 'from' | 'to') => {
        const v = q[field]
        if (v === undefined) return undefined
        const ms = parseInstant(v, now)
        if (ms === undefined) throw badRequest(field, `not an instant: '${v}'`)
        return ms
      }
      const rows = await listAudit(deps.storage, {
        actor: q.actor,
        from: instant('from'),
        to: instant('to'),
        action: q.action,
        instansi: q.instansi,
        limit: q.limit,
      })
      return c.json(envelope(rows), 200)
    },
  )
}
