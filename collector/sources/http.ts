/**
 * The collector's HTTP source (:4318): OTLP/HTTP (`/v1/logs`, `/v1/metrics`,
 * `/v1/traces`; protobuf or JSON; gzip, deflate, br, zstd or snappy) and native gateway logs
 * (`/ingest/{format}`: NDJSON, a JSON array or object, or raw text lines, whatever
 * the Content-Type says — syslog-ng sends bare lines as application/x-www-form-urlencoded
 * without encoding them, so the body is never URL-decoded; binary record encodings
 * are a 415). Each request is authenticated by its
 * gateway's ingest token, decoded, handed to the Ingestor, and acknowledged
 * only after the spool write.
 */
import { Hono, type Context } from 'hono'
import { badRequest, ProblemError, problemResponse, unauthorized } from '../../shared/http/problem.js'
import { prometheusHandler } from '../../shared/http/prometheus.js'
import type { Ingestor, IngestResult } from '../ingest.js'
import type { RegistryCache } from '../../shared/registry/cache.js'
import type { SpoolDrain } from '../sinks/drain.js'
import { SpoolFullError, type Spool } from '../sinks/spool.js'
import type { GatewayContext, Rejection } from '../transforms/types.js'
import { canDecode, decompress, ENCODINGS, TooLargeError } from './decompress.js'
import { decodeNativeSlices, NATIVE_FORMATS, type NativeFormatName } from './native.js'
import { decodeOtlp, ingestOtlp } from './otlp/export.js'
import { encodeResponse, responseObject } from './otlp/proto.js'
import { type InflightBudget, OverloadedError } from './admission.js'
import { ReplayGuard } from './replay-guard.js'

export interface HttpSourceDeps {
  ingestor: Ingestor
  registry: RegistryCache
  spool: Spool
  drain?: SpoolDrain
  maxBodyBytes: number
  /** Bodies decoded at once (shared with the gRPC source). */
  inflight: InflightBudget
  /** Prometheus exposition of this process's metrics. */
  scrape?: () => Promise<string>
  /** Bearer token /metrics requires (open when unset). */
  metricsToken?: string
  /** How long a body's answer is remembered for resends (replay-guard.ts); default 15 min. */
  replayWindowMs?: number
}

type Env = { Variables: { gateway: GatewayContext } }

/** Binary encodings shippers can be set to, with what to send instead (every text body is read as records or lines). */
const BINARY_TYPES: Record<string, string> = {
  'application/msgpack': 'set the shipper to JSON (Fluent Bit: format json or json_lines)',
  'application/x-msgpack': 'set the shipper to JSON (Fluent Bit: format json or json_lines)',
  'application/x-protobuf': 'OTLP/protobuf goes to /v1/logs',
}

/** What a resent body is answered with again: counts and the first rejections, no payloads. */
interface Answer {
  accepted: number
  /** All rejections, of which `rejections` lists the first (bounded memory per remembered answer). */
  total: number
  rejections: Array<Pick<Rejection, 'index' | 'field' | 'reason'>>
}
const MAX_LISTED = 20
const answer = (r: IngestResult): Answer => ({
  accepted: r.accepted,
  total: r.rejections.length,
  rejections: r.rejections.slice(0, MAX_LISTED).map(({ index, field, reason }) => ({ index, field, reason: reason.slice(0, 300) })),
})

export function httpSource(deps: HttpSourceDeps): Hono<Env> {
  const app = new Hono<Env>()
  // partial successes are remembered (≤ 20 rejections of ≤ 300 characters each: a few MB at most)
  const replays = new ReplayGuard<Answer>({ ttlMs: deps.replayWindowMs ?? 15 * 60_000, maxEntries: 10_000 }, (a) => a.total > 0)
  const once = async (c: Context<Env>, body: Buffer, run: () => Promise<IngestResult>) => {
    const { result, replayed } = await replays.once(c.var.gateway.gatewayId, c.req.path, body, async () =>
      answer(await deps.inflight.admit(c.var.gateway.gatewayId, body.length, run)),
    )
    if (replayed) c.header('Pantau-Replayed', 'true')
    return result
  }

  app.onError((err, c) => problem(c, err))
  app.notFound((c) => problem(c, new ProblemError(404, 'not-found', 'Not found', { detail: `no route ${c.req.method} ${c.req.path}` })))

  app.get('/healthz', (c) => c.json({ status: 'ok', spool_bytes: deps.spool.unconsumedBytes, drain_failures: deps.drain?.failures ?? 0 }))
  app.get('/metrics', prometheusHandler(deps.scrape, deps.metricsToken))

  app.use('/v1/*', auth(deps))
  app.use('/ingest/*', auth(deps))

  for (const signal of ['logs', 'metrics', 'traces'] as const) {
    app.post(`/v1/${signal}`, async (c) => {
      const isJson = (c.req.header('content-type') ?? '').includes('json')
      const body = await readBody(c, deps.maxBodyBytes)
      const result = await once(c, body, () => ingestOtlp(deps.ingestor, c.var.gateway, signal, decodeOtlp(signal, body, isJson)))
      const partial = result.total > 0 ? { rejected: result.total, errorMessage: summarize(result.rejections, result.total) } : undefined
      if (isJson) return c.json(responseObject(signal, partial))
      return c.body(Buffer.from(encodeResponse(signal, partial)), 200, { 'content-type': 'application/x-protobuf' })
    })
  }

  app.post('/ingest/:format', async (c) => {
    const format = c.req.param('format') as NativeFormatName
    if (!NATIVE_FORMATS.includes(format)) throw badRequest('format', `unknown format '${format}'; one of ${NATIVE_FORMATS.join(', ')}`)
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    const binary = BINARY_TYPES[type]
    if (binary)
      throw new ProblemError(415, 'unsupported-media-type', 'Unsupported Content-Type', {
        detail: `a ${type} body cannot be read here: ${binary}`,
        field: 'Content-Type',
      })
    const body = await readBody(c, deps.maxBodyBytes)
    const result = await once(c, body, async () => {
      // decoded and transformed a slice at a time; nothing is spooled for a body without records
      const slices = decodeNativeSlices(body.toString('utf8'), format)
      const ingested = await deps.ingestor.requestSlices(c.var.gateway, format, slices)
      if (slices.total === 0) throw badRequest('body', 'the body holds no records (NDJSON lines or a JSON array of records)')
      return ingested
    })
    if (result.total === 0) return c.json({ accepted: result.accepted, rejected: 0 })
    throw rejectedRecords(result)
  })

  return app
}

function auth(deps: HttpSourceDeps) {
  return async (c: Context<Env>, next: () => Promise<void>) => {
    const header = c.req.header('authorization')
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : c.req.header('x-pantau-token')
    if (!token) throw unauthorized('an ingest token is required: Authorization: Bearer <token>')
    const gateway = await deps.registry.gatewayForToken(token)
    if (!gateway && !deps.registry.loaded)
      throw new ProblemError(
        503,
        'registry-unavailable',
        'Ingest temporarily unavailable',
        { detail: 'the collector cannot read the registry yet; retry later' },
        { 'Retry-After': '10' },
      )
    if (!gateway) throw unauthorized('unknown or revoked ingest token')
    if (deps.spool.isFull()) {
      throw new ProblemError(
        503,
        'spool-full',
        'Ingest temporarily unavailable',
        {
          detail: 'the collector spool is full; retry later',
        },
        { 'Retry-After': '5' },
      )
    }
    c.set('gateway', { gatewayId: gateway.id, instansi: gateway.instansi })
    await next()
  }
}

/**
 * The request body, read as a stream and cut off at `maxBytes` whether or
 * not the client declared its length (a chunked upload of any size costs at
 * most `maxBytes` of memory), then decompressed within the same limit.
 */
async function readBody(c: Context, maxBytes: number): Promise<Buffer> {
  const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase()
  if (!canDecode(encoding))
    throw new ProblemError(415, 'unsupported-encoding', 'Unsupported Content-Encoding', {
      detail: `unsupported Content-Encoding '${encoding}'; use ${ENCODINGS.join(', ')} or none`,
      field: 'Content-Encoding',
    })
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > maxBytes) throw tooLarge(maxBytes)
  const raw = await readLimited(c.req.raw.body, maxBytes)
  try {
    return await decompress(encoding, raw, maxBytes)
  } catch (e) {
    if (e instanceof TooLargeError) throw tooLarge(maxBytes)
    throw badRequest('Content-Encoding', `body is not valid ${encoding}: ${(e as Error).message}`)
  }
}

async function readLimited(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0)
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks, size)
}

const tooLarge = (maxBytes: number) =>
  new ProblemError(413, 'too-large', 'Payload too large', { detail: `body exceeds ${maxBytes} bytes (decompressed)`, field: 'body' })

export function summarize(rejections: Answer['rejections'], total = rejections.length): string {
  const head = rejections
    .slice(0, 3)
    .map((r) => `${r.field || 'record'}: ${r.reason}`)
    .join('; ')
  return total > 3 ? `${head}; and ${total - 3} more` : head
}

function rejectedRecords(result: Answer): ProblemError {
  const first = result.rejections[0]
  return new ProblemError(400, 'invalid-records', 'Some records were rejected', {
    detail: `${result.total} record(s) rejected, ${result.accepted} stored. First: record ${first.index + 1}, ${first.field || 'record'}: ${first.reason}`,
    field: first.field,
    accepted: result.accepted,
    rejected: result.total,
    errors: result.rejections,
  })
}

/** Render any error as problem+json (a full spool or a full in-flight budget is a 503 with Retry-After). */
function problem(c: Context, err: unknown): Response {
  if (err instanceof SpoolFullError)
    return problemResponse(c, new ProblemError(503, 'spool-full', 'Ingest temporarily unavailable', { detail: err.message }, { 'Retry-After': '5' }))
  if (err instanceof OverloadedError)
    return problemResponse(
      c,
      new ProblemError(503, 'overloaded', 'Ingest temporarily unavailable', { detail: err.message, field: 'body' }, { 'Retry-After': '1' }),
    )
  return problemResponse(c, err)
}
