/**
 * OTLP/gRPC source (:4317): the LogsService, MetricsService and TraceService
 * Export methods, served straight from node:http2. gRPC is a thin framing on
 * HTTP/2 (a 5-byte prefix per message, status in trailers), and owning it
 * lets the collector read every compression the OpenTelemetry Collector's
 * exporter offers — gzip, zstd, snappy — where @grpc/grpc-js knows only gzip
 * and deflate and refuses the others with UNIMPLEMENTED (the exporter then
 * drops the batch for good). Messages are decoded by the same code as
 * OTLP/HTTP protobuf.
 */
import { constants, createServer, type Http2Server, type Http2Session, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2'
import { ProblemError } from '../../shared/http/problem.js'
import type { Ingestor } from '../ingest.js'
import type { RegistryCache } from '../../shared/registry/cache.js'
import { SpoolFullError, type Spool } from '../sinks/spool.js'
import { canDecode, decompress, ENCODINGS, TooLargeError } from './decompress.js'
import { summarize } from './http.js'
import { type InflightBudget, OverloadedError } from './admission.js'
import { decodeOtlp, ingestOtlp } from './otlp/export.js'
import { encodeResponse, type Signal } from './otlp/proto.js'

/** gRPC status codes used here (grpc/doc/statuscodes.md). */
export const Status = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const

const METHODS: Record<string, Signal> = {
  '/opentelemetry.proto.collector.logs.v1.LogsService/Export': 'logs',
  '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export': 'metrics',
  '/opentelemetry.proto.collector.trace.v1.TraceService/Export': 'traces',
}

const ACCEPT_ENCODING = ['identity', ...ENCODINGS.filter((e) => ['gzip', 'deflate', 'zstd', 'snappy'].includes(e))].join(',')

export interface GrpcSourceDeps {
  ingestor: Ingestor
  registry: RegistryCache
  spool: Spool
  maxBodyBytes: number
  /** Bodies decoded at once (shared with the HTTP source). */
  inflight: InflightBudget
}

/** A gRPC error status with its message. */
export class GrpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

export async function startGrpcSource(deps: GrpcSourceDeps, host: string, port: number): Promise<{ server: Http2Server; port: number }> {
  const server = createServer()
  const open = new Set<Http2Session>()
  sessions.set(server, open)
  server.on('session', (session) => {
    open.add(session)
    session.once('close', () => open.delete(session))
  })
  server.on('stream', (stream, headers) => {
    handle(deps, stream, headers).catch((e) => fail(stream, toGrpcError(e)))
  })
  // a client that opens a connection and vanishes must not keep it forever
  server.setTimeout(120_000, () => undefined)
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
  return { server, port: bound }
}

/** Stop accepting and end the open sessions. */
export function closeGrpc(server: Http2Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    // sessions idle on keep-alive would hold close() open
    for (const session of sessions.get(server) ?? []) session.close()
  })
}
const sessions = new WeakMap<Http2Server, Set<Http2Session>>()

async function handle(deps: GrpcSourceDeps, stream: ServerHttp2Stream, headers: IncomingHttpHeaders): Promise<void> {
  const path = String(headers[constants.HTTP2_HEADER_PATH] ?? '')
  const signal = METHODS[path]
  if (!signal) throw new GrpcError(Status.UNIMPLEMENTED, `unknown method ${path}`)
  if (!String(headers['content-type'] ?? '').startsWith('application/grpc'))
    throw new GrpcError(Status.INVALID_ARGUMENT, 'content-type must be application/grpc')
  const encoding = String(headers['grpc-encoding'] ?? 'identity').toLowerCase()
  if (!canDecode(encoding)) throw new GrpcError(Status.UNIMPLEMENTED, `unsupported grpc-encoding '${encoding}'; this server reads ${ACCEPT_ENCODING}`)

  const header = String(headers.authorization ?? '')
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : String(headers['x-pantau-token'] ?? '')
  if (!token) throw new GrpcError(Status.UNAUTHENTICATED, 'an ingest token is required: authorization: Bearer <token>')
  const gateway = await deps.registry.gatewayForToken(token)
  if (!gateway && !deps.registry.loaded) throw new GrpcError(Status.UNAVAILABLE, 'the collector cannot read the registry yet; retry later')
  if (!gateway) throw new GrpcError(Status.UNAUTHENTICATED, 'unknown or revoked ingest token')
  if (deps.spool.isFull()) throw new GrpcError(Status.UNAVAILABLE, 'the collector spool is full; retry later')

  const message = await readMessage(stream, encoding, deps.maxBodyBytes)
  const gw = { gatewayId: gateway.id, instansi: gateway.instansi }
  const result = await deps.inflight
    .admit(gw.gatewayId, message.length, () => ingestOtlp(deps.ingestor, gw, signal, decodeOtlp(signal, message, false)))
    .catch((e: unknown) => {
      throw e instanceof OverloadedError ? new GrpcError(Status.UNAVAILABLE, e.message) : e
    })
  const partial = result.rejections.length ? { rejected: result.rejections.length, errorMessage: summarize(result.rejections) } : undefined
  reply(stream, Buffer.from(encodeResponse(signal, partial)))
}

/** The one message of a unary call: its 5-byte prefix (compressed flag, length) and body, within the limit. */
async function readMessage(stream: ServerHttp2Stream, encoding: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBytes + 5) throw new GrpcError(Status.RESOURCE_EXHAUSTED, `message larger than ${maxBytes} bytes`)
    chunks.push(chunk)
  }
  const body = Buffer.concat(chunks, size)
  if (body.length < 5) throw new GrpcError(Status.INVALID_ARGUMENT, 'no gRPC message in the request')
  const compressed = body[0] === 1
  const length = body.readUInt32BE(1)
  if (length !== body.length - 5) throw new GrpcError(Status.INVALID_ARGUMENT, 'a unary call carries exactly one message')
  const payload = body.subarray(5)
  if (!compressed) return payload
  if (encoding === 'identity') throw new GrpcError(Status.INTERNAL, 'compressed message without grpc-encoding')
  try {
    return await decompress(encoding, payload, maxBytes)
  } catch (e) {
    if (e instanceof TooLargeError) throw new GrpcError(Status.RESOURCE_EXHAUSTED, e.message)
    throw new GrpcError(Status.INTERNAL, `message is not valid ${encoding}: ${(e as Error).message}`)
  }
}

function reply(stream: ServerHttp2Stream, message: Buffer): void {
  if (stream.destroyed) return
  stream.respond(
    { ':status': 200, 'content-type': 'application/grpc', 'grpc-accept-encoding': ACCEPT_ENCODING, 'grpc-encoding': 'identity' },
    { waitForTrailers: true },
  )
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(Status.OK) }))
  const prefix = Buffer.alloc(5)
  prefix.writeUInt32BE(message.length, 1)
  stream.end(Buffer.concat([prefix, message]))
}

/** A trailers-only response carrying the error status. */
function fail(stream: ServerHttp2Stream, err: GrpcError): void {
  if (stream.destroyed || stream.headersSent) {
    stream.close(constants.NGHTTP2_INTERNAL_ERROR)
    return
  }
  stream.respond(
    {
      ':status': 200,
      'content-type': 'application/grpc',
      'grpc-accept-encoding': ACCEPT_ENCODING,
      'grpc-status': String(err.code),
      'grpc-message': encodeURIComponent(err.message.slice(0, 1000)),
    },
    { endStream: true },
  )
  // the request body may still be arriving: read and discard it
  stream.resume()
}

export function toGrpcError(err: unknown): GrpcError {
  if (err instanceof GrpcError) return err
  if (err instanceof SpoolFullError) return new GrpcError(Status.UNAVAILABLE, err.message)
  if (err instanceof ProblemError) {
    const p = err.toProblem()
    return new GrpcError(err.status < 500 ? Status.INVALID_ARGUMENT : Status.INTERNAL, p.detail ?? p.title)
  }
  return new GrpcError(Status.INTERNAL, 'internal error')
}
