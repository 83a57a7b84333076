/**
 * `/v1/openapi.json` (OpenAPI 3.1 generated from the zod schemas) and an
 * interactive explorer at `/docs`, served from the swagger-ui-dist package
 * so it works without internet access.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { ApiApp } from '../deps.js'

const require = createRequire(import.meta.url)
const ASSET_DIR = dirname(require.resolve('swagger-ui-dist/package.json'))
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css',
  'swagger-ui-bundle.js': 'text/javascript',
  'swagger-ui-standalone-preset.js': 'text/javascript',
}

const PAGE = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Pantau API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/v1/openapi.json', dom_id: '#ui', persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' })</script>
</body></html>`

export function registerDocs(app: ApiApp): void {
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Pantau API',
      version: '1.0.0',
      description:
        'Observability and SPBE evidence for government API gateways. Responses follow the Permenkomdigi 3/2025 Pasal 6 envelope; errors are RFC 7807 problem+json.',
    },
  })
  app.get('/docs', (c) => c.html(PAGE))
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file')
    const type = ASSETS[file]
    if (!type) return c.notFound()
    const body = await readFile(join(ASSET_DIR, file))
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' })
  })
}
