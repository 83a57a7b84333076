/**
 * `/v1/reports`: SPBE evidence reports (Indikator 7 and 18) — generate,
 * list, download (audited), and verify. Verification is public (the route
 * policy says so): the URL and QR code printed on every page must work for an
 * assessor without a Pantau token.
 * The registers the reports draw on (policies, SPL reviews) are in
 * report-registers.ts.
 */
import { bodyLimit } from 'hono/body-limit'
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { Indicator, type ReportRecord, ReportRequest, Verification, verifyUrl } from '../../shared/reports/contract.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { audit } from '../../shared/access/audit.js'
import { scopeInstansi, type AuthEnv } from '../auth/middleware.js'
import { REPORT_PDF_PATTERN } from '../auth/policy.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { notFound, ProblemError } from '../../shared/http/problem.js'
import { errorResponses, IdParam, idParam } from './common.js'
import { csvToo } from './csv.js'
import { registerReportRegisters } from './report-registers.js'
import { verificationPage } from './report-verify-page.js'
import { baseUrl, pdfResponse, pdfUploadBody, readUpload, reportServices } from './report-http.js'
import { json, jsonBody } from './registry-crud.js'

const security = [{ bearer: [] }]
const tags = ['reports']
/** A received report to verify is at most this large. */
const MAX_VERIFY_BYTES = 50 * 1024 * 1024

const ReportInfo = z
  .object({
    id: z.string(),
    instansi: z.string(),
    indicator: Indicator,
    period: z.string(),
    period_from: z.string(),
    period_to: z.string(),
    generated_at: z.string(),
    generated_by: z.string(),
    trigger: z.enum(['manual', 'monthly', 'yearly']),
    level: z.number().int().describe('Maturity level (0–5) the data supports'),
    sha256: z.string().describe('SHA-256 of the PDF'),
    size: z.number().int(),
    pages: z.number().int(),
    evidence_sha256: z.string().describe('SHA-256 of the parameters, evidence and assessment: equal for the same data'),
    renderer: z.string(),
    links: z.object({ pdf: z.string(), verify: z.string() }),
  })
  .openapi('Report')

const ListQuery = z.object({
  instansi: z.string().min(1).max(64).optional(),
  indicator: Indicator.optional(),
  period: z.string().max(32).optional(),
  trigger: z.enum(['manual', 'monthly', 'yearly']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(200).default(50),
})

const info = (r: ReportRecord, base: string) => ({ ...r, links: { pdf: `${base}/v1/reports/${r.id}.pdf`, verify: verifyUrl(base, r.id) } })

const wantsHtml = (c: Context) => (c.req.header('accept') ?? '').includes('text/html')

/** The answer of a verification: the envelope, or a page for browsers (`Accept: text/html`). */
const verificationAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: envelopeSchema(Verification) }, 'text/html': { schema: z.string() } },
})

/** Public verification routes (public in the route policy). */
export function registerReportVerification(app: ApiApp, deps: ApiDeps): void {
  const { store } = reportServices(deps)
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reports/{id}/verify',
      tags,
      summary: 'Verify a report: is the PDF Pantau holds the one it generated? (public; HTML for browsers)',
      request: { params: IdParam },
      responses: { 200: verificationAnswer('Verification'), 404: verificationAnswer('No such report') },
    }),
    async (c) => {
      const v = await store.verifyStored(c.req.valid('param').id)
      if (wantsHtml(c)) return c.html(verificationPage(v, c.req.path), v.report_id ? 200 : 404)
      return v.report_id ? c.json(envelope(v, { message: v.message }), 200) : c.json(envelope(v, { code: 404, message: v.message }), 404)
    },
  )
  const verifyUploaded = async (c: Context, id: string | undefined) => {
    const { bytes } = await readUpload(c, MAX_VERIFY_BYTES)
    const v = await store.verifyUpload(id, bytes)
    const status = v.report_id ? 200 : 404
    if (wantsHtml(c)) return c.html(verificationPage(v, c.req.path), status)
    return c.json(envelope(v, { code: status, message: v.message }), status)
  }
  const uploadRoute = (path: string, summary: string, params?: typeof IdParam) =>
    app.openAPIRegistry.registerPath({
      method: 'post',
      path,
      tags,
      summary,
      request: { ...(params ? { params } : {}), body: pdfUploadBody },
      responses: {
        200: json(envelopeSchema(Verification), 'Verification: `valid` false when a byte differs'),
        404: json(envelopeSchema(Verification), 'No report has this id / digest'),
      },
    })
  uploadRoute('/v1/reports/{id}/verify', 'Verify a received PDF against report {id} (public)', IdParam)
  uploadRoute('/v1/reports/verify', 'Find the report a received PDF is, by its SHA-256 (public)')
  // Public endpoints: the body limit is enforced while reading, chunked bodies included.
  const limit = bodyLimit({
    maxSize: 50 * 1024 * 1024,
    onError: () => {
      throw new ProblemError(413, 'too-large', 'Payload too large', { detail: 'a PDF to verify is at most 50 MiB', field: 'body' })
    },
  })
  app.post('/v1/reports/verify', limit, (c) => verifyUploaded(c, undefined))
  app.post('/v1/reports/:id/verify', limit, (c) => verifyUploaded(c, idParam(c.req.param('id'))))
}

export function registerReports(app: ApiApp, deps: ApiDeps): void {
  const { store } = reportServices(deps)

  /** The report, if the caller may read it (operators: only their instansi's). */
  const readable = async (c: Context<AuthEnv>, id: string) => {
    const report = await store.get(id)
    if (!report) throw notFound(`report '${id}'`, 'id')
    scopeInstansi(c.var.principal, report.instansi)
    return report
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/reports',
      tags,
      security,
      summary: 'Generate the evidence report of an instansi for an indicator and a period (synchronous)',
      request: jsonBody(ReportRequest.openapi('ReportRequest')),
      responses: { 201: json(envelopeSchema(ReportInfo), 'Generated and stored'), 404: json(z.unknown(), 'Unknown instansi'), ...errorResponses },
    }),
    async (c) => {
      const request = c.req.valid('json')
      const who = c.var.principal
      scopeInstansi(who, request.instansi, 'body.instansi')
      const report = await store.generate({ request, by: who.name, trigger: 'manual', baseUrl: baseUrl(deps, c) })
      await audit(deps.storage, who, { action: 'report.create', resource: report.id, instansi: report.instansi, detail: { ...request, sha256: report.sha256 } })
      return c.json(envelope(info(report, baseUrl(deps, c)), { code: 201, message: 'Created' }), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reports',
      tags,
      security,
      summary: 'Generated reports, newest first',
      request: { query: ListQuery },
      responses: { 200: csvToo(json(envelopeSchema(z.array(ReportInfo)), 'Reports')), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const filter = { instansi: scopeInstansi(c.var.principal, q.instansi), indicator: q.indicator, period: q.period, trigger: q.trigger }
      const { rows, total } = await store.list(filter, q.per_page, (q.page - 1) * q.per_page)
      const base = baseUrl(deps, c)
      return c.json(
        envelope(
          rows.map((r) => info(r, base)),
          { pagination: { page: q.page, per_page: q.per_page, total } },
        ),
        200,
      )
    },
  )

  // `{id}.pdf` is one path segment: a Hono pattern route, documented by hand (registered before `{id}`).
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/reports/{id}.pdf',
    tags,
    security,
    summary: 'Download the report PDF (recorded in the audit log)',
    request: { params: IdParam },
    responses: {
      200: { description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
      404: json(z.unknown(), 'Not found'),
      ...errorResponses,
    },
  })
  app.get(REPORT_PDF_PATTERN, async (c) => {
    const report = await readable(c, c.req.param('file').slice(0, -4))
    const bytes = await store.pdf(report)
    if (!bytes) throw notFound(`the PDF of report '${report.id}'`, 'id')
    await audit(deps.storage, c.var.principal, { action: 'report.download', resource: report.id, instansi: report.instansi, detail: { sha256: report.sha256 } })
    return pdfResponse(c, bytes, `${report.id}.pdf`, report.sha256)
  })

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reports/{id}',
      tags,
      security,
      summary: 'One report (metadata and links)',
      request: { params: IdParam },
      responses: { 200: json(envelopeSchema(ReportInfo), 'Report'), 404: json(z.unknown(), 'Not found'), ...errorResponses },
    }),
    async (c) => c.json(envelope(info(await readable(c, c.req.valid('param').id), baseUrl(deps, c))), 200),
  )

  registerReportRegisters(app, deps)
}
