/** Endpoints for Pantau's own processes (split-out collectors). */
import { createRoute } from '@hono/zod-openapi'
import { loadSnapshotFromStorage, RegistrySnapshot } from '../../shared/registry/cache.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { errorResponses } from './common.js'

export function registerInternal(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/internal/registry-snapshot',
      tags: ['internal'],
      summary: 'What a collector needs of the registry: gateways (token hashes), API base paths, consumers',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Snapshot', content: { 'application/json': { schema: envelopeSchema(RegistrySnapshot) } } }, ...errorResponses },
    }),
    async (c) => c.json(envelope(await loadSnapshotFromStorage(deps.storage)), 200),
  )
}
