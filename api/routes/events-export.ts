/**
 * Export of `/v1/events` as CSV or NDJSON: every matching event, newest
 * first, streamed from the engine to the client chunk by chunk (the slices
 * of shared/metrics/events-export.ts), pulled only as fast as the client
 * reads, so memory stays flat whatever the row count; a client that goes
 * away cancels the query. CSV is for spreadsheets in Indonesia: UTF-8 with a
 * byte-order mark (Excel then reads the text right), a WIB time column, and
 * with `?sep=semicolon` the `;` separator and decimal commas of id-ID. Every
 * export is audited.
 */
import type { Context } from 'hono'
import { audit } from '../../shared/access/audit.js'
import { componentLogger } from '../../shared/log/logger.js'
import type { EventRange } from '../../shared/metrics/events.js'
import { type ExportFormat, exportChunks, planExport } from '../../shared/metrics/events-export.js'
import type { AuthEnv } from '../auth/middleware.js'
import type { ApiDeps } from '../deps.js'

const BOM = new Uint8Array([0xef, 0xbb, 0xbf])
const TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson' }

/** An export format asked for by `?format=` or, failing that, the Accept header; undefined: a JSON page. */
export function exportFormat(format: string | undefined, accept: string | undefined): ExportFormat | undefined {
  if (format === 'csv' || format === 'ndjson') return format
  if (format === 'json') return undefined
  const wanted = (accept ?? '').toLowerCase()
  if (wanted.includes('text/csv')) return 'csv'
  if (wanted.includes('application/x-ndjson') || wanted.includes('application/jsonl')) return 'ndjson'
  return undefined
}

const stamp = (ms: number) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')

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
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (format === 'csv') controller.enqueue(BOM)
        if (first.done) controller.close()
        else controller.enqueue(first.value)
      },
      async pull(controller) {
        try {
          const next = await chunks.next()
          if (next.done) controller.close()
          else controller.enqueue(next.value)
        } catch (error) {
          // the status line is long gone: the client sees a cut file, the log says why
          log.error({ error }, 'events: export failed mid-stream')
          controller.error(error)
        }
      },
      async cancel() {
        abort.abort()
        await chunks.return?.(undefined)
      },
    },
    { highWaterMark: 0 },
  )
  const name = `pantau-events-${stamp(f.fromMs)}-${stamp(f.toMs)}.${format === 'csv' ? 'csv' : 'ndjson'}`
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': TYPES[format],
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'private, no-store',
      'x-pantau-export-limit': String(limit),
    },
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
