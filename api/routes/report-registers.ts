/**
 * `/v1/policies` (internal policy documents on using the SPL, with the
 * uploaded PDF) and `/v1/spl-reviews` (reviews and evaluations with their
 * follow-ups): the registers the SPBE reports draw on, as registry-style
 * resources. Everyone who reads may list (operators: own instansi); admins
 * and operators (own instansi) write. Document downloads are audited.
 */
import { z } from '@hono/zod-openapi'
import { MAX_DOCUMENT_BYTES } from '../../shared/registers/store.js'
import { Policy, PolicyInput, Review, ReviewInput } from '../../shared/registers/schemas.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { audit } from '../../shared/access/audit.js'
import { scopeInstansi } from '../auth/middleware.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { notFound } from '../../shared/http/problem.js'
import { errorResponses, IdParam, idParam } from './common.js'
import { pdfResponse, pdfUploadBody, readUpload, reportServices } from './report-http.js'
import { json, registerResource } from './registry-crud.js'

const security = [{ bearer: [] }]

export function registerReportRegisters(app: ApiApp, deps: ApiDeps): void {
  const { registers } = reportServices(deps)

  registerResource(app, {
    path: '/v1/policies',
    tag: 'policies',
    input: PolicyInput,
    output: Policy,
    table: registers.policies,
    instansiColumn: 'instansi',
    filters: ['status', 'kind'],
    create: (who, i) => registers.createPolicy(who, i),
    update: (who, id, i) => registers.updatePolicy(who, id, i),
    remove: (who, id) => registers.removePolicy(who, id),
  })
  registerResource(app, {
    path: '/v1/spl-reviews',
    tag: 'spl-reviews',
    input: ReviewInput,
    output: Review,
    table: registers.reviews,
    instansiColumn: 'instansi',
    filters: ['kind', 'subject'],
    create: (who, i) => registers.createReview(who, i),
    update: (who, id, i) => registers.updateReview(who, id, i),
    remove: (who, id) => registers.removeReview(who, id),
  })

  const documentPath = { method: 'put' as const, path: '/v1/policies/{id}/document', tags: ['policies'], security, request: { params: IdParam } }
  app.openAPIRegistry.registerPath({
    ...documentPath,
    summary: `Upload the policy document (PDF, at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB); stored by its SHA-256`,
    request: { params: IdParam, body: pdfUploadBody },
    responses: { 200: json(envelopeSchema(Policy), 'Attached'), 404: json(z.unknown(), 'No such policy'), ...errorResponses },
  })
  app.openAPIRegistry.registerPath({
    ...documentPath,
    method: 'get',
    summary: 'Download the policy document (recorded in the audit log)',
    responses: {
      200: { description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
      404: json(z.unknown(), 'No document'),
      ...errorResponses,
    },
  })

  app.put('/v1/policies/:id/document', async (c) => {
    const who = c.var.principal
    const id = idParam(c.req.param('id'))
    const policy = await registers.policies.get({ id })
    if (!policy) throw notFound(`policy '${id}'`, 'id')
    scopeInstansi(who, policy.instansi)
    const { bytes, name } = await readUpload(c, MAX_DOCUMENT_BYTES)
    return c.json(envelope(await registers.attachDocument(who, id, bytes, name)), 200)
  })

  app.get('/v1/policies/:id/document', async (c) => {
    const who = c.var.principal
    const id = idParam(c.req.param('id'))
    const policy = await registers.policies.get({ id })
    if (!policy) throw notFound(`policy '${id}'`, 'id')
    scopeInstansi(who, policy.instansi)
    const bytes = policy.document_sha256 ? await registers.blobs.get(policy.document_sha256) : undefined
    if (!bytes) throw notFound(`policy '${id}' has no uploaded document`, 'id')
    await audit(deps.storage, who, { action: 'policy.document.download', resource: id, instansi: policy.instansi, detail: { sha256: policy.document_sha256 } })
    return pdfResponse(c, bytes, policy.document_name || `${id}.pdf`, policy.document_sha256)
  })
}
