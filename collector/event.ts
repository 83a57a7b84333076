/**
 * The canonical RequestEvent: one API call through a gateway, whatever the
 * source format. Every source adapter produces a `RawRequest` (what the
 * gateway said, in its units already converted to ms and bytes); the
 * transforms turn it into a `RequestEvent`, which is exactly one row of the
 * `request_events` table (column names are the keys).
 */
import { z } from 'zod'
import { MAX_BODY_BYTES, MAX_LATENCY_MS } from './bounds.js'

/** Fields Permenkomdigi 3/2025 Pasal 13 requires in a structured log line. */
export const PASAL13_FIELDS = ['timestamp', 'level', 'service', 'requestId', 'userId', 'method', 'endpoint', 'statusCode', 'duration', 'message'] as const
export type Pasal13Field = (typeof PASAL13_FIELDS)[number]

/** Bit mask of the Pasal 13 fields a source record carried. */
export function pasal13Mask(present: Iterable<Pasal13Field>): number {
  let mask = 0
  for (const f of present) mask |= 1 << PASAL13_FIELDS.indexOf(f)
  return mask
}
export const PASAL13_ALL = (1 << PASAL13_FIELDS.length) - 1

export const AuthOutcome = z.enum(['unknown', 'anonymous', 'success', 'failure'])
export type AuthOutcome = z.infer<typeof AuthOutcome>

export const SourceFormat = z.enum(['otlp_logs', 'otlp_traces', 'pasal13', 'kong', 'apisix', 'wso2', 'nginx', 'envoy'])
export type SourceFormat = z.infer<typeof SourceFormat>

/** The plausibility bounds of bounds.ts, so the Kafka writer's row check holds them too. */
const ms = z.number().finite().nonnegative().max(MAX_LATENCY_MS)
const bytes = z.number().int().nonnegative().max(MAX_BODY_BYTES)

/**
 * What a source adapter extracts from one gateway record. Units are already
 * milliseconds and bytes; everything but time, method, path and status may be
 * unknown. `path` may still carry a query string: the redact transform strips
 * secrets from it.
 */
export const RawRequest = z.object({
  ts: z.number().int().positive().describe('request time, epoch milliseconds'),
  method: z.string().min(1).max(16),
  path: z.string().min(1).max(8192),
  status: z.number().int().min(100).max(599),
  latency_ms: ms.optional(),
  backend_latency_ms: ms.optional(),
  gateway_latency_ms: ms.optional(),
  request_bytes: bytes.optional(),
  response_bytes: bytes.optional(),
  route: z.string().max(1024).optional(),
  api_name: z.string().max(256).optional(),
  api_version: z.string().max(64).optional(),
  host: z.string().max(512).optional(),
  scheme: z.enum(['http', 'https']).optional(),
  tls_version: z.string().max(16).optional(),
  consumer_id: z.string().max(256).optional(),
  consumer_instansi: z.string().max(64).optional(),
  user_id: z.string().max(256).optional(),
  client_address: z.string().max(64).optional(),
  auth_outcome: AuthOutcome.optional(),
  request_id: z.string().max(128).optional(),
  trace_id: z.string().max(64).optional(),
  user_agent: z.string().max(1024).optional(),
  service: z.string().max(256).optional(),
  level: z.string().max(16).optional(),
  message: z.string().max(2048).optional(),
  upstream: z.string().max(512).optional(),
  log_fields_mask: z.number().int().min(0).max(PASAL13_ALL).optional(),
})
export type RawRequest = z.infer<typeof RawRequest>

/** One row of `request_events`. */
export const RequestEvent = z.object({
  ts: z.number().int().positive(),
  event_id: z.string().uuid(),
  instansi: z.string().min(1).max(64),
  gateway_id: z.string().min(1).max(64),
  api_id: z.string().max(64),
  api_name: z.string().max(256),
  api_version: z.string().max(64),
  route: z.string().max(1024),
  path: z.string().max(8192),
  method: z.string().min(1).max(16),
  status: z.number().int().min(100).max(599),
  latency_ms: ms,
  backend_latency_ms: ms.nullable(),
  gateway_latency_ms: ms.nullable(),
  request_bytes: bytes,
  response_bytes: bytes,
  host: z.string().max(512),
  scheme: z.enum(['http', 'https', '']),
  tls_version: z.string().max(16),
  consumer_id: z.string().max(256),
  consumer_instansi: z.string().max(64),
  user_hash: z.string().max(64),
  client_address: z.string().max(64),
  auth_outcome: AuthOutcome,
  request_id: z.string().max(128),
  trace_id: z.string().max(64),
  user_agent: z.string().max(1024),
  service: z.string().max(256),
  level: z.string().max(16),
  message: z.string().max(2048),
  upstream: z.string().max(512),
  log_fields_mask: z.number().int().min(0).max(PASAL13_ALL),
  source_format: SourceFormat,
  ingested_at: z.number().int().positive(),
})
export type RequestEvent = z.infer<typeof RequestEvent>

/** Longest raw record kept (redacted JSON text); longer ones are cut there. */
export const MAX_RAW_RECORD_CHARS = 32 * 1024

/**
 * The record a gateway sent for one stored event, redacted (transforms/redact.ts),
 * kept for PANTAU_RAW_RECORD_DAYS beside the event: a row of `raw_records`.
 */
export const RawRecordRow = z.object({
  ts: z.number().int().positive(),
  event_id: z.string().uuid(),
  instansi: z.string().min(1).max(64),
  gateway_id: z.string().min(1).max(64),
  source_format: SourceFormat,
  record: z.string().max(MAX_RAW_RECORD_CHARS),
})
export type RawRecordRow = z.infer<typeof RawRecordRow>

/** A record the pipeline could not turn into an event, kept with its reason. */
export const DeadLetter = z.object({
  ts: z.number().int().positive(),
  instansi: z.string(),
  gateway_id: z.string(),
  source: z.string(),
  reason: z.string(),
  field: z.string(),
  payload: z.string(),
})
export type DeadLetter = z.infer<typeof DeadLetter>

/** One data point of an OTLP metric: a row of `otel_metrics` (OTel exporter shape). */
export const OtelMetricRow = z.object({
  instansi: z.string(),
  gateway_id: z.string(),
  ResourceAttributes: z.record(z.string(), z.string()),
  ServiceName: z.string(),
  ScopeName: z.string(),
  ScopeVersion: z.string(),
  MetricName: z.string().min(1),
  MetricDescription: z.string(),
  MetricUnit: z.string(),
  MetricType: z.enum(['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary']),
  Attributes: z.record(z.string(), z.string()),
  /** Nanoseconds since the epoch, as a decimal string. */
  StartTimeUnix: z.string().regex(/^\d+$/),
  TimeUnix: z.string().regex(/^\d+$/),
  Value: z.number(),
  IsMonotonic: z.boolean(),
  AggregationTemporality: z.number().int(),
  Count: z.number().int().nonnegative(),
  Sum: z.number(),
  Min: z.number().nullable(),
  Max: z.number().nullable(),
  BucketCounts: z.array(z.number().int().nonnegative()),
  ExplicitBounds: z.array(z.number()),
  Quantiles: z.array(z.number()),
  QuantileValues: z.array(z.number()),
})
export type OtelMetricRow = z.infer<typeof OtelMetricRow>
