/**
 * Export of `/v1/events` as CSV or NDJSON: every matching event, newest
 * first, streamed from the engine to the client chunk by chunk (the slices
 * of shared/metrics/events-export.ts), pulled only as fast as the client
 * reads, so memory stays flat whatever the row count; a client that goes
 * away cancels the query. CSV is for spreadsheets in Indonesia (the BOM,
 * negotiation and streaming are shared/http/csv.ts's, as for every table):
 * a WIB time column, and with `?sep=semicolon` the `;` separator and
 * decimal commas of id-ID. Every export is audited.
 */
import type { Context } from 'hono'
import { audit } from '../../shared/access/audit.js'
import { attachmentHeaders, BOM, CSV_CONTENT_TYPE, NDJSON_CONTENT_TYPE, pullStream, wibStamp } from '../../shared/http/csv.js'
import { componentLogger } from '../../shared/log/logger.js'
import type { EventRange } from '../../shared/metrics/events.js'
import { type ExportFormat, exportChunks, planExport } from '../../shared/metrics/events-export.js'
import type { AuthEnv } from '../auth/middleware.js'
import type { ApiDeps } from '../deps.js'

export { exportFormat } from '../../shared/http/csv.js'

const TYPES: Record<ExportFormat, string> = { csv: CSV_CONTENT_TYPE, ndjson: NDJSON_CONTENT_TYPE }

export async function streamExport(
  c: Context<AuthEnv>,
  deps: ApiDeps,
  f: EventRange,
  format: ExportFormat,
  limit: number,
  semicolon: boolean,
): Promise<Response> {
  const slices = await planExport(deps.storage, f, limit)
  const abort = new AbortController()
  const chunks = exportChunks(deps.storage, slices, f, format, { semicolon: format === 'csv' && semicolon, signal: abort.signal })
  // The first chunk before the answer: a refused query is still a problem+json answer, not a cut file.
  const first = await chunks.next()
  try {
    await audit(deps.storage, c.var.principal, {
      action: 'events.export',
      resource: format,
      instansi: f.instansi,
      detail: { from: new Date(f.fromMs).toISOString(), to: new Date(f.toMs).toISOString(), limit, filters: filtersOf(f) },
    })
  } catch (error) {
    await chunks.return?.(undefined)
    throw error
  }
  const log = componentLogger('events')
  const head = [...(format === 'csv' ? [BOM] : []), ...(first.done ? [] : [first.value])]
  // once done, a generator's next() stays done: the first pull then closes the stream
  const body = pullStream(chunks, {
    head,
    onError: (error) => log.error({ error }, 'events: export failed mid-stream'),
    onCancel: () => abort.abort(),
  })
  const name = `pantau-events-${wibStamp(f.fromMs)}-${wibStamp(f.toMs)}.${format === 'csv' ? 'csv' : 'ndjson'}`
  return new Response(body, {
    status: 200,
    headers: { ...attachmentHeaders(TYPES[format], name), 'x-pantau-export-limit': String(limit) },
  })
}

/** The filters that were set, for the audit log. */
function filtersOf(f: EventRange): Record<string, unknown> {
  const keys = [
    'instansi',
    'gateway',
    'api',
    'consumer',
    'status',
    'status_class',
    'method',
    'path_prefix',
    'client_address',
    'min_latency_ms',
    'source_format',
  ]
  return Object.fromEntries(keys.flatMap((k) => (f[k as keyof EventRange] === undefined ? [] : [[k, f[k as keyof EventRange]]])))
}
