/**
 * Assessment season: `GET /v1/assessment/recap` (every instansi's Indikator
 * 7/18 level for a period, each criterion met or not with its reason, the
 * latest report, the change against the previous period) and report batches
 * (`POST /v1/reports/batch`, progress, and the ZIP evidence pack). The work
 * is the reports part's, behind the port; this edge scopes operators to their
 * own instansi and audits batches and downloads.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { audit } from '../../shared/access/audit.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { conflict, notFound } from '../../shared/http/problem.js'
import { Batch, BatchRequest, Recap, RecapQuery } from '../../shared/reports/assessment.js'
import type { BatchStatus } from '../../shared/reports/contract.js'
import { scopeInstansi, type AuthEnv } from '../auth/middleware.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { errorResponses, IdParam } from './common.js'
import { csvToo } from './csv.js'
import { baseUrl } from './report-http.js'
import { json, jsonBody } from './registry-crud.js'

const security = [{ bearer: [] }]

export function registerAssessment(app: ApiApp, deps: ApiDeps): void {
  const { reports } = deps
  const batches = reports.batches

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/assessment/recap',
      tags: ['assessment'],
      security,
      summary: 'National recap: every instansi’s level for an indicator and period, with each criterion and the latest report',
      description:
        'The same evidence and criteria as the PDF of each instansi (`POST /v1/reports`), gathered for all instansi at once. ' +
        'Operators get their own instansi’s row only.',
      request: { query: RecapQuery },
      responses: { 200: csvToo(json(envelopeSchema(Recap), 'Recap (rows first: the CSV table)')), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const instansi = scopeInstansi(c.var.principal, q.instansi)
      const recap = await reports.recap({ ...q, instansi })
      return c.json(envelope(recap), 200)
    },
  )

  const links = (b: BatchStatus, base: string) => ({ self: `${base}/v1/reports/batch/${b.id}`, zip: `${base}/v1/reports/batch/${b.id}/zip` })
  const answer = (b: BatchStatus, c: Context) => {
    const { instansi: _codes, ...rest } = b
    return { ...rest, links: links(b, baseUrl(deps, c)) }
  }
  /** The batch, if the caller may read it (operators: a batch of their instansi only). */
  const readable = async (c: Context<AuthEnv>, id: string) => {
    const b = await batches.status(id)
    if (!b) throw notFound(`report batch '${id}'`, 'id')
    for (const code of b.instansi) scopeInstansi(c.var.principal, code, 'id')
    return b
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/reports/batch',
      tags: ['reports'],
      security,
      summary: 'Generate the reports of many instansi in the background (progress and ZIP evidence pack below)',
      request: jsonBody(BatchRequest),
      responses: { 202: json(envelopeSchema(Batch), 'Queued'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const who = c.var.principal
      // operators: their own instansi only (the default list, and any list they name)
      const instansi = who.role === 'operator' ? [scopeInstansi(who, undefined)!] : body.instansi
      for (const code of body.instansi ?? []) scopeInstansi(who, code, 'body.instansi')
      const b = await batches.create({ ...body, instansi }, who.name, baseUrl(deps, c))
      await audit(deps.storage, who, {
        action: 'report.batch',
        resource: b.id,
        instansi: b.instansi.length === 1 ? b.instansi[0] : '',
        detail: { indicator: b.indicator, period: b.period, total: b.total, instansi: body.instansi ?? 'all' },
      })
      return c.json(envelope(answer(b, c), { code: 202, message: 'Accepted' }), 202)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reports/batch/{id}',
      tags: ['reports'],
      security,
      summary: 'Progress of a report batch: total, done, failed (with reasons), state',
      request: { params: IdParam },
      responses: { 200: json(envelopeSchema(Batch), 'Batch'), 404: json(z.unknown(), 'No such batch'), ...errorResponses },
    }),
    async (c) => c.json(envelope(answer(await readable(c, c.req.valid('param').id), c)), 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reports/batch/{id}/zip',
      tags: ['reports'],
      security,
      summary: 'The evidence pack of a finished batch: every PDF and a manifest of report ids and SHA-256 digests (ZIP, streamed; audited)',
      request: { params: IdParam },
      responses: {
        200: { description: 'ZIP', content: { 'application/zip': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } } },
        404: json(z.unknown(), 'No such batch'),
        409: json(z.unknown(), 'The batch has not finished'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const b = await readable(c, c.req.valid('param').id)
      if (b.state !== 'done') throw conflict(`report batch '${b.id}' is ${b.state}: ${b.done + b.failed} of ${b.total} finished`, 'id')
      await audit(deps.storage, c.var.principal, {
        action: 'report.batch.download',
        resource: b.id,
        instansi: b.instansi.length === 1 ? b.instansi[0] : '',
        detail: { indicator: b.indicator, period: b.period, reports: b.done, failed: b.failed },
      })
      const name = `pantau-${b.indicator}-${b.period.replaceAll('.', '')}-${b.id}.zip`
      return new Response(batches.zip(b), {
        status: 200,
        headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
      }) as never
    },
  )
}
