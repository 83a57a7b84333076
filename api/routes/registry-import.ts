/**
 * `POST /v1/registry/import`: a catalogue at once (shared/registry/import.ts).
 * The body is a JSON object of entity arrays (`{instansi: [...], gateways:
 * [...], apis: [...]}`), a JSON array of one entity's rows, or CSV of one
 * entity (`Content-Type: text/csv`, the header line naming the fields, `,` or
 * `;` separated — a CSV download of the entity's list imports as it is);
 * `?entity=` names the entity of an array or a CSV. All or nothing: a failing
 * row refuses the import with every failing row named; `?dry_run=true`
 * checks without writing. Admins import anything; operators the unit kerja,
 * gateways, APIs and consumers of their own instansi.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { badRequest, ProblemError } from '../../shared/http/problem.js'
import { csvRows, IMPORT_ENTITIES, IMPORT_MAX_ROWS, ImportEntity, type ImportRows, ImportSummary, importRegistry } from '../../shared/registry/import.js'
import type { Registry } from '../../shared/registry/registry.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { errorResponses } from './common.js'
import { json } from './registry-crud.js'

/** Largest body taken (a 60,000-API catalogue without OpenAPI documents is ~20 MB of JSON). */
export const IMPORT_MAX_BODY_BYTES = 64 * 1024 * 1024

const Rows = z.array(z.record(z.string(), z.unknown()))
const Catalogue = z
  .object(Object.fromEntries(IMPORT_ENTITIES.map((e) => [e, Rows.optional()])) as Record<ImportEntity, z.ZodOptional<typeof Rows>>)
  .strict()
  .openapi('RegistryImport', { description: 'Rows of each entity, with the fields of its single-row route (InstansiInput, GatewayInput, ApiInput, …)' })

const ImportQuery = z.object({
  entity: ImportEntity.optional().describe('The entity of a JSON array or a CSV body'),
  dry_run: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Check only; nothing is written'),
})

export function registerRegistryImport(app: ApiApp, deps: ApiDeps, registry: Registry): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/registry/import',
      tags: ['registry'],
      security: [{ bearer: [] }],
      summary: 'Import a catalogue: instansi, unit kerja, gateways, APIs, consumers (JSON or CSV), all or nothing, idempotent on ids',
      description:
        `A JSON object of entity arrays, or with \`?entity=\` a JSON array or CSV of one entity (at most ${IMPORT_MAX_ROWS} rows, ${IMPORT_MAX_BODY_BYTES / 1024 / 1024} MiB: a larger body is a 413). ` +
        'Every row is checked first (schema, references — also to rows of the same import —, duplicate ids, consumer ids); ' +
        'a 400 problem lists every failing row (`errors[].index`, `errors[].field` as `apis[3].base_path`) and nothing is written. ' +
        'Rows equal to the stored ones are counted unchanged: importing the same file again changes nothing. ' +
        'New gateways answer their ingest tokens, shown once.',
      // before the body is read (the JSON validator, the CSV text): by content-length, or counted as a chunked body streams in
      middleware: [
        bodyLimit({
          maxSize: IMPORT_MAX_BODY_BYTES,
          onError: () => {
            throw new ProblemError(413, 'too-large', 'Payload too large', { detail: `at most ${IMPORT_MAX_BODY_BYTES} bytes per import`, field: 'body' })
          },
        }),
      ],
      request: {
        query: ImportQuery,
        body: {
          content: {
            'application/json': { schema: z.union([Catalogue, Rows]) },
            'text/csv': { schema: z.string().openapi({ description: 'One entity (`?entity=`); the header names its fields' }) },
          },
          required: true,
        },
      },
      responses: { 200: json(envelopeSchema(ImportSummary), 'Imported (or checked, with dry_run)'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query')
      const type = (c.req.header('content-type') ?? '').toLowerCase()
      let rows: ImportRows
      if (type.startsWith('text/csv')) {
        if (!q.entity) throw badRequest('entity', 'a CSV body is one entity: name it (?entity=apis)')
        rows = { [q.entity]: csvRows(q.entity, await c.req.text()) }
      } else {
        const body = c.req.valid('json') as z.infer<typeof Catalogue> | z.infer<typeof Rows>
        if (Array.isArray(body)) {
          if (!q.entity) throw badRequest('entity', 'a JSON array is one entity: name it (?entity=apis)')
          rows = { [q.entity]: body }
        } else rows = body
      }
      const summary = await importRegistry(registry, deps.storage, c.var.principal, rows, { dryRun: q.dry_run, onChange: deps.onRegistryChange })
      return c.json(envelope(summary, { message: q.dry_run ? 'Checked' : 'Imported' }), 200)
    },
  )
}
