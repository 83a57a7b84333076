/** A minimal OpenAPI 3.0 document for a demo API (its resources, security and envelope). */
import type { DemoApi } from './model.js'

const SECURITY: Record<DemoApi['auth_type'], object | undefined> = {
  oauth2: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/oauth2/token', scopes: {} } } },
  oidc: { type: 'openIdConnect', openIdConnectUrl: '/.well-known/openid-configuration' },
  jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
  api_key: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
  mtls: { type: 'mutualTLS' },
  basic: { type: 'http', scheme: 'basic' },
  none: undefined,
}

const SUMMARY: Record<string, string> = { GET: 'Ambil', POST: 'Kirim', PUT: 'Perbarui', DELETE: 'Hapus' }

export function openapiDocument(api: Pick<DemoApi, 'name' | 'version' | 'host' | 'base_path' | 'auth_type' | 'resources' | 'lifecycle'>): string {
  const paths: Record<string, Record<string, object>> = {}
  for (const r of api.resources) {
    const params = [...r.template.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }))
    paths[r.template] ??= {}
    paths[r.template][r.method.toLowerCase()] = {
      summary: `${SUMMARY[r.method] ?? r.method} ${r.template}`,
      ...(params.length ? { parameters: params } : {}),
      ...(r.method === 'GET' ? {} : { requestBody: { content: { 'application/json': { schema: { type: 'object' } } } } }),
      responses: {
        200: { description: 'Berhasil', content: { 'application/json': { schema: { $ref: '#/components/schemas/Envelope' } } } },
        400: { description: 'Permintaan tidak valid', content: { 'application/problem+json': {} } },
        401: { description: 'Tidak terautentikasi' },
      },
    }
  }
  const scheme = SECURITY[api.auth_type]
  const doc = {
    openapi: '3.0.3',
    info: { title: api.name, version: api.version, ...(api.lifecycle === 'deprecated' ? { 'x-deprecated': true } : {}) },
    servers: [{ url: `https://${api.host}${api.base_path}` }],
    paths,
    components: {
      schemas: {
        Envelope: {
          type: 'object',
          properties: {
            status: { type: 'string' },
            code: { type: 'integer' },
            message: { type: 'string' },
            data: {},
            pagination: { type: 'object' },
            meta: { type: 'object' },
            timestamp: { type: 'string', format: 'date-time' },
          },
        },
      },
      ...(scheme ? { securitySchemes: { default: scheme } } : {}),
    },
    ...(scheme ? { security: [{ default: [] }] } : {}),
  }
  return JSON.stringify(doc)
}
