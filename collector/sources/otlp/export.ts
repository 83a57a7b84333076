/**
 * One OTLP Export request, whatever the transport (HTTP or gRPC): decode and
 * validate it, turn it into candidates or metric rows, and ingest them.
 */
import { badRequest } from '../../../api/http/problem.js'
import type { Ingestor, IngestResult } from '../../ingest.js'
import type { GatewayContext } from '../../transforms/types.js'
import { logsToCandidates } from './logs.js'
import { metricsToRows } from './metrics.js'
import { decodeRequest, type Signal } from './proto.js'
import { ExportLogsRequest, ExportMetricsRequest, ExportTraceRequest } from './schema.js'
import { tracesToCandidates } from './traces.js'

const SCHEMAS = { logs: ExportLogsRequest, metrics: ExportMetricsRequest, traces: ExportTraceRequest }

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
  if (!isJson) return { request: obj, trusted: true }
  const parsed = SCHEMAS[signal].safeParse(obj)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw badRequest(issue.path.join('.'), issue.message)
  }
  return { request: parsed.data, trusted: false }
}

export async function ingestOtlp(ingestor: Ingestor, gw: GatewayContext, signal: Signal, { request, trusted }: DecodedExport): Promise<IngestResult> {
  if (signal === 'metrics') {
    const { rows, rejections } = metricsToRows(gw, request as ExportMetricsRequest, trusted)
    return ingestor.metricRows(gw, rows, rejections)
  }
  const { candidates, rejections } =
    signal === 'logs' ? logsToCandidates(request as ExportLogsRequest, trusted) : tracesToCandidates(request as ExportTraceRequest, trusted)
  return ingestor.requests(gw, `otlp_${signal}`, candidates, rejections)
}

