/**
 * What the report routes share: one set of report services per API
 * instance, the roles, the public base URL, reading an uploaded PDF (raw
 * `application/pdf` body or `multipart/form-data` field `file`), and
 * answering with a PDF.
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { EvidenceRegisters } from '../../shared/registers/store.js'
import type { ReportsPort } from '../../shared/reports/contract.js'
import type { ApiDeps } from '../deps.js'
import type { Role } from '../../shared/access/principal.js'
import { badRequest } from '../../shared/http/problem.js'

/** Who may list and download reports (operators: their own instansi only). */
export const REPORT_READERS: readonly Role[] = ['admin', 'koordinator', 'operator', 'asesor']
/** Who may generate reports. */
export const REPORT_WRITERS: readonly Role[] = ['admin', 'koordinator', 'operator']

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

const bare = (address: string) => address.trim().replace(/^::ffff:/, '')

/**
 * The caller's address for the audit log: the TCP peer, unless the peer is one
 * of the trusted proxies (PANTAU_TRUSTED_PROXIES) — then the right-most
 * X-Forwarded-For hop that is not a trusted proxy. A client cannot choose
 * what is recorded by sending the header itself.
 */
export function clientAddress(deps: ApiDeps, c: Context): string {
  let peer = ''
  try {
    peer = bare(getConnInfo(c).remote.address ?? '')
  } catch {
    /* not served by a Node socket (in-process requests) */
  }
  const trusted = new Set((deps.trustedProxies ?? []).map(bare))
  if (!trusted.has(peer)) return peer
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map(bare).filter(Boolean)
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i])) return hops[i]
  return peer
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
