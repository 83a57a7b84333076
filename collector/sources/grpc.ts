/**
 * OTLP/gRPC source (:4317): the LogsService, MetricsService and TraceService
 * Export methods. Messages stay raw bytes through grpc-js and are decoded by
 * the same code as OTLP/HTTP protobuf.
 */
import * as grpc from '@grpc/grpc-js'
import { ProblemError } from '../../shared/http/problem.js'
import type { Ingestor } from '../ingest.js'
import type { RegistryCache } from '../../shared/registry/cache.js'
import { SpoolFullError, type Spool } from '../sinks/spool.js'
import { summarize } from './http.js'
import { decodeOtlp, ingestOtlp } from './otlp/export.js'
import { encodeResponse, type Signal } from './otlp/proto.js'

const SERVICES: Record<Signal, string> = {
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
}

const identity = (b: Buffer) => b

export interface GrpcSourceDeps {
  ingestor: Ingestor
  registry: RegistryCache
  spool: Spool
  maxBodyBytes: number
}

export async function startGrpcSource(deps: GrpcSourceDeps, host: string, port: number): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': deps.maxBodyBytes })
  for (const signal of Object.keys(SERVICES) as Signal[]) {
    const definition: grpc.ServiceDefinition = {
      Export: {
        path: `/${SERVICES[signal]}/Export`,
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    }
    server.addService(definition, {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        exportCall(deps, signal, call).then(
          (response) => callback(null, response),
          (err) => callback(toGrpcError(err)),
        )
      },
    })
  }
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  )
  return { server, port: bound }
}

async function exportCall(deps: GrpcSourceDeps, signal: Signal, call: grpc.ServerUnaryCall<Buffer, Buffer>): Promise<Buffer> {
  const header = String(call.metadata.get('authorization')[0] ?? '')
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : String(call.metadata.get('x-pantau-token')[0] ?? '')
  if (!token) throw grpcError(grpc.status.UNAUTHENTICATED, 'an ingest token is required: authorization: Bearer <token>')
  const gateway = await deps.registry.gatewayForToken(token)
  if (!gateway && !deps.registry.loaded) throw grpcError(grpc.status.UNAVAILABLE, 'the collector cannot read the registry yet; retry later')
  if (!gateway) throw grpcError(grpc.status.UNAUTHENTICATED, 'unknown or revoked ingest token')
  if (deps.spool.isFull()) throw grpcError(grpc.status.UNAVAILABLE, 'the collector spool is full; retry later')
  const gw = { gatewayId: gateway.id, instansi: gateway.instansi }
  const result = await ingestOtlp(deps.ingestor, gw, signal, decodeOtlp(signal, call.request, false))
  const partial = result.rejections.length ? { rejected: result.rejections.length, errorMessage: summarize(result.rejections) } : undefined
  return Buffer.from(encodeResponse(signal, partial))
}

function grpcError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() })
}

function toGrpcError(err: unknown): grpc.ServiceError {
  if (typeof err === 'object' && err !== null && 'code' in err && 'details' in err) return err as grpc.ServiceError
  if (err instanceof SpoolFullError) return grpcError(grpc.status.UNAVAILABLE, err.message)
  if (err instanceof ProblemError) {
    const p = err.toProblem()
    return grpcError(err.status === 400 ? grpc.status.INVALID_ARGUMENT : grpc.status.INTERNAL, p.detail ?? p.title)
  }
  return grpcError(grpc.status.INTERNAL, (err as Error)?.message ?? String(err))
}
