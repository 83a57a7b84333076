/**
 * What the report routes share: one set of report services per API
 * instance, the public base URL, reading an uploaded PDF (raw
 * `application/pdf` body or `multipart/form-data` field `file`), and
 * answering with a PDF.
 */
import type { Context } from 'hono'
import { EvidenceRegisters } from '../../shared/registers/store.js'
import type { ReportsPort } from '../../shared/reports/contract.js'
import type { ApiDeps } from '../deps.js'
import { badRequest } from '../../shared/http/problem.js'
import { clientAddress as addressBehind } from '../auth/address.js'

const registers = new WeakMap<ApiDeps, EvidenceRegisters>()

/** The reports port and the evidence registers (policies, SPL reviews) of this API. */
export function reportServices(deps: ApiDeps): { store: ReportsPort; registers: EvidenceRegisters } {
  let r = registers.get(deps)
  if (!r) registers.set(deps, (r = new EvidenceRegisters(deps.storage)))
  return { store: deps.reports, registers: r }
}

/** PANTAU_PUBLIC_URL, or the origin the request came to. */
export function baseUrl(deps: ApiDeps, c: Context): string {
  return (deps.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '')
}

/**
 * The caller's address with this API's trusted proxies (auth/address.ts). Routes
 * read it from the principal, where the route guard puts it; this stays for
 * callers that hold the deps (test/unit/client-address.test.ts).
 */
export function clientAddress(deps: Pick<ApiDeps, 'trustedProxies'>, c: Context): string {
  return addressBehind(deps.trustedProxies ?? [], c)
}

/** The uploaded file and its name; 400 when there is none or it is larger than `maxBytes`. */
export async function readUpload(c: Context, maxBytes: number): Promise<{ bytes: Buffer; name: string }> {
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > maxBytes + 64 * 1024) throw badRequest('body', `the file is larger than ${maxBytes} bytes`)
  const type = c.req.header('content-type') ?? ''
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody()
    const file = form.file
    if (!(file instanceof File)) throw badRequest('body.file', 'a multipart field `file` with the PDF is required')
    if (file.size > maxBytes) throw badRequest('body.file', `the file is larger than ${maxBytes} bytes`)
    return { bytes: Buffer.from(await file.arrayBuffer()), name: file.name }
  }
  const bytes = Buffer.from(await c.req.arrayBuffer())
  if (bytes.length === 0) throw badRequest('body', 'send the PDF as the request body (application/pdf) or as multipart field `file`')
  if (bytes.length > maxBytes) throw badRequest('body', `the file is larger than ${maxBytes} bytes`)
  const name = /filename="?([^";]+)"?/.exec(c.req.header('content-disposition') ?? '')?.[1] ?? ''
  return { bytes, name }
}

export function pdfResponse(c: Context, bytes: Buffer, filename: string, sha256: string): Response {
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': 'application/pdf',
    // header values are Latin-1: anything else (and quotes) becomes '_'
    'content-disposition': `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"`,
    'x-content-sha256': sha256,
    'cache-control': 'private, no-store',
  })
}

/** OpenAPI description of a PDF upload body. */
export const pdfUploadBody = {
  required: true,
  content: {
    'application/pdf': { schema: { type: 'string' as const, format: 'binary' } },
    'multipart/form-data': { schema: { type: 'object' as const, properties: { file: { type: 'string' as const, format: 'binary' } }, required: ['file'] } },
  },
}
