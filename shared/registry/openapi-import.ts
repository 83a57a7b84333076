/**
 * Register an API from its OpenAPI 3 document (JSON or YAML): name and version
 * from `info`, base path and host from the first server URL (or the paths'
 * common prefix), authentication type from the security schemes.
 */
import { parse as parseYaml } from 'yaml'
import { badRequest } from '../http/problem.js'
import type { ApiInput } from './schemas.js'

interface OpenApiDoc {
  openapi?: unknown
  info?: { title?: unknown; version?: unknown }
  servers?: Array<{ url?: unknown }>
  paths?: Record<string, unknown>
  components?: { securitySchemes?: Record<string, { type?: string; scheme?: string; bearerFormat?: string }> }
}

export interface ImportedApi {
  name: string
  version: string
  base_path: string
  host: string
  auth_type: ApiInput['auth_type']
  operations: number
}

export function readOpenApi(text: string): ImportedApi {
  let doc: OpenApiDoc
  try {
    doc = (text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text)) as OpenApiDoc
  } catch (e) {
    throw badRequest('body.document', `not JSON or YAML: ${(e as Error).message}`)
  }
  if (!doc || typeof doc !== 'object') throw badRequest('body.document', 'not an OpenAPI document')
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.'))
    throw badRequest('body.document.openapi', 'an OpenAPI 3.x document is required (field "openapi": "3.x.y")')
  const title = typeof doc.info?.title === 'string' ? doc.info.title.trim() : ''
  if (title.length < 2) throw badRequest('body.document.info.title', 'the document needs info.title')
  const version = typeof doc.info?.version === 'string' ? doc.info.version : String(doc.info?.version ?? '1.0.0')
  const paths = Object.keys(doc.paths ?? {})
  const server = typeof doc.servers?.[0]?.url === 'string' ? doc.servers[0].url : ''
  const { host, path } = splitServer(server)
  const basePath = path !== '/' && path !== '' ? path : commonPrefix(paths)
  const operations = paths.reduce((n, p) => {
    const item = (doc.paths as Record<string, Record<string, unknown>>)[p] ?? {}
    return n + Object.keys(item).filter((m) => /^(get|put|post|delete|patch|head|options|trace)$/.test(m)).length
  }, 0)
  return { name: title.slice(0, 256), version: version.slice(0, 32), base_path: basePath || '/', host, auth_type: authType(doc), operations }
}

function splitServer(url: string): { host: string; path: string } {
  if (!url) return { host: '', path: '' }
  try {
    // Relative server URLs ("/v1") are allowed by OpenAPI.
    const u = new URL(url.replace(/\{[^}]+\}/g, 'x'), 'http://relative.invalid')
    const host = u.hostname === 'relative.invalid' ? '' : u.hostname
    return { host, path: u.pathname.replace(/\/+$/, '') || '/' }
  } catch {
    return { host: '', path: '' }
  }
}

/** The longest common segment prefix of the document's paths (e.g. "/v1/penduduk"). */
function commonPrefix(paths: string[]): string {
  if (paths.length === 0) return '/'
  const split = paths.map((p) => p.split('/').filter(Boolean))
  const prefix: string[] = []
  for (let i = 0; ; i++) {
    const seg = split[0][i]
    if (seg === undefined || seg.startsWith('{') || !split.every((s) => s[i] === seg)) break
    prefix.push(seg)
  }
  // A single path's last segment is the resource, not the base.
  if (paths.length === 1 && prefix.length === split[0].length) prefix.pop()
  return `/${prefix.join('/')}`
}

function authType(doc: OpenApiDoc): ApiInput['auth_type'] {
  const schemes = Object.values(doc.components?.securitySchemes ?? {})
  const kinds: Array<ApiInput['auth_type'] | undefined> = schemes.map((s) => {
    if (s.type === 'oauth2') return 'oauth2' as const
    if (s.type === 'openIdConnect') return 'oidc'
    if (s.type === 'mutualTLS') return 'mtls'
    if (s.type === 'apiKey') return 'api_key'
    if (s.type === 'http' && s.scheme?.toLowerCase() === 'bearer') return s.bearerFormat?.toUpperCase() === 'JWT' ? 'jwt' : 'oauth2'
    if (s.type === 'http' && s.scheme?.toLowerCase() === 'basic') return 'basic'
    return undefined
  })
  const order: ApiInput['auth_type'][] = ['oidc', 'oauth2', 'jwt', 'mtls', 'api_key', 'basic']
  return order.find((k) => kinds.includes(k)) ?? 'none'
}
