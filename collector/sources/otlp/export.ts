/**
 * One OTLP Export request, whatever the transport (HTTP or gRPC): decode and
 * validate it, turn it into candidates or metric rows, and ingest them.
 */
import { badRequest } from '../../../shared/http/problem.js'
import { type Ingestor, type IngestResult, sliceCandidates } from '../../ingest.js'
import type { GatewayContext } from '../../transforms/types.js'
import { deeperThan, MAX_OTLP_LEAF_DEPTH, tooDeep } from '../json-depth.js'
import { logsToCandidates } from './logs.js'
import { metricsToRows } from './metrics.js'
import { decodeRequest, type Signal } from './proto.js'
import { ExportLogsRequest, ExportMetricsRequest, ExportTraceRequest } from './schema.js'
import { tracesToCandidates } from './traces.js'

const SCHEMAS = { logs: ExportLogsRequest, metrics: ExportMetricsRequest, traces: ExportTraceRequest }
const RESOURCE_LISTS = { logs: 'resourceLogs', metrics: 'resourceMetrics', traces: 'resourceSpans' } as const

export interface DecodedExport {
  request: unknown
  /** Decoded from protobuf: the decoder already checked every field's type. */
  trusted: boolean
}

export function decodeOtlp(signal: Signal, body: Buffer, isJson: boolean): DecodedExport {
  let obj: unknown
  try {
    obj = isJson ? JSON.parse(body.toString('utf8')) : decodeRequest(signal, body)
  } catch (e) {
    throw badRequest('body', `not a valid OTLP ${isJson ? 'JSON' : 'protobuf'} Export request: ${(e as Error).message}`)
  }
  checkResourceDepth(signal, obj)
  if (!isJson) return { request: obj, trusted: true }
  const parsed = SCHEMAS[signal].safeParse(obj)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw badRequest(issue.path.join('.'), issue.message)
  }
  return { request: parsed.data, trusted: false }
}

/**
 * Resources are read with the envelope, before its leaves (which are measured
 * one by one, schema.ts parseLeaf): a resource nested too deep fails the request.
 */
function checkResourceDepth(signal: Signal, obj: unknown): void {
  const key = RESOURCE_LISTS[signal]
  const list = obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined
  if (!Array.isArray(list)) return
  list.forEach((r: unknown, i) => {
    const resource = r !== null && typeof r === 'object' ? (r as { resource?: unknown }).resource : undefined
    if (deeperThan(resource, MAX_OTLP_LEAF_DEPTH)) throw badRequest(`${key}[${i}].resource`, tooDeep(MAX_OTLP_LEAF_DEPTH))
  })
}

export async function ingestOtlp(ingestor: Ingestor, gw: GatewayContext, signal: Signal, { request, trusted }: DecodedExport): Promise<IngestResult> {
  if (signal === 'metrics') {
    const { rows, rejections } = metricsToRows(gw, request as ExportMetricsRequest, trusted, ingestor.timeWindow)
    return ingestor.metricRows(gw, rows, rejections)
  }
  const { candidates, rejections } =
    signal === 'logs' ? logsToCandidates(request as ExportLogsRequest, trusted) : tracesToCandidates(request as ExportTraceRequest, trusted)
  return ingestor.requestSlices(gw, `otlp_${signal}`, sliceCandidates(candidates, rejections))
}
