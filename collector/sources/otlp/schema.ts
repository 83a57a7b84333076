/**
 * OTLP request shapes (the OTLP/JSON encoding of opentelemetry-proto v1), the
 * subset Pantau reads. Protobuf requests are decoded into this same shape
 * (proto.ts), so one schema validates both encodings. The envelopes leave
 * their leaves (log records, spans, metrics) unparsed: each leaf is validated
 * on its own so one bad record does not cost its neighbours (partial success).
 */
import { z } from 'zod'
import { zodProblem } from '../../transforms/types.js'
import { deeperThan, MAX_OTLP_LEAF_DEPTH, tooDeep } from '../json-depth.js'

/** int64 / fixed64 arrive as decimal strings (JSON, and our protobuf decoding) or numbers. */
const Int64 = z.union([z.string().regex(/^-?\d+$/), z.number().int()]).transform((v) => String(v))
const Double = z.union([z.number(), z.string().transform(Number)]).pipe(z.number())

/**
 * An OTLP AnyValue: the proto `oneof value`, modelled as one object whose
 * members are all optional (one is set). One object schema, not a union of
 * eight, because every attribute of every record goes through it.
 */
export interface AnyValue {
  stringValue?: string
  boolValue?: boolean
  intValue?: string
  doubleValue?: number
  bytesValue?: string
  arrayValue?: { values?: AnyValue[] }
  kvlistValue?: { values?: KeyValue[] }
}
export interface KeyValue {
  key: string
  value?: AnyValue
}

export const AnyValue: z.ZodType<AnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: Int64.optional(),
    doubleValue: Double.optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.object({ values: z.array(AnyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(KeyValue).optional() }).optional(),
  }),
) as z.ZodType<AnyValue>
export const KeyValue: z.ZodType<KeyValue> = z.lazy(() => z.object({ key: z.string(), value: AnyValue.optional() }))

const Attributes = z.array(KeyValue).optional()
const Resource = z.object({ attributes: Attributes }).optional()
const Scope = z.object({ name: z.string().optional(), version: z.string().optional() }).optional()
/** Trace and span ids: hex in OTLP/JSON (proto.ts converts bytes to hex). */
const HexId = z.string().regex(/^[0-9a-fA-F]*$/, 'hex id')

export const LogRecord = z.object({
  timeUnixNano: Int64.optional(),
  observedTimeUnixNano: Int64.optional(),
  severityNumber: z.number().int().optional(),
  severityText: z.string().optional(),
  body: AnyValue.optional(),
  attributes: Attributes,
  traceId: HexId.optional(),
  spanId: HexId.optional(),
})
export type LogRecord = z.infer<typeof LogRecord>

export const ExportLogsRequest = z.object({
  resourceLogs: z
    .array(
      z.object({
        resource: Resource,
        scopeLogs: z.array(z.object({ scope: Scope, logRecords: z.array(z.unknown()).optional() })).optional(),
      }),
    )
    .optional(),
})
export type ExportLogsRequest = z.infer<typeof ExportLogsRequest>

export const Span = z.object({
  traceId: HexId.optional(),
  spanId: HexId.optional(),
  name: z.string().optional(),
  kind: z.union([z.number().int(), z.string()]).optional(),
  startTimeUnixNano: Int64,
  endTimeUnixNano: Int64,
  attributes: Attributes,
  status: z.object({ code: z.union([z.number().int(), z.string()]).optional(), message: z.string().optional() }).optional(),
})
export type Span = z.infer<typeof Span>

export const ExportTraceRequest = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: Resource,
        scopeSpans: z.array(z.object({ scope: Scope, spans: z.array(z.unknown()).optional() })).optional(),
      }),
    )
    .optional(),
})
export type ExportTraceRequest = z.infer<typeof ExportTraceRequest>

const NumberDataPoint = z.object({
  attributes: Attributes,
  startTimeUnixNano: Int64.optional(),
  timeUnixNano: Int64,
  asDouble: Double.optional(),
  asInt: Int64.optional(),
})
const HistogramDataPoint = z.object({
  attributes: Attributes,
  startTimeUnixNano: Int64.optional(),
  timeUnixNano: Int64,
  count: Int64.optional(),
  sum: Double.optional(),
  bucketCounts: z.array(Int64).optional(),
  explicitBounds: z.array(Double).optional(),
  min: Double.optional(),
  max: Double.optional(),
})
const ExponentialHistogramDataPoint = z.object({
  attributes: Attributes,
  startTimeUnixNano: Int64.optional(),
  timeUnixNano: Int64,
  count: Int64.optional(),
  sum: Double.optional(),
  min: Double.optional(),
  max: Double.optional(),
})
const SummaryDataPoint = z.object({
  attributes: Attributes,
  startTimeUnixNano: Int64.optional(),
  timeUnixNano: Int64,
  count: Int64.optional(),
  sum: Double.optional(),
  quantileValues: z.array(z.object({ quantile: Double.optional(), value: Double.optional() })).optional(),
})
const Temporality = z.union([z.number().int(), z.string()]).optional()

export const Metric = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  unit: z.string().optional(),
  gauge: z.object({ dataPoints: z.array(NumberDataPoint).optional() }).optional(),
  sum: z
    .object({
      dataPoints: z.array(NumberDataPoint).optional(),
      aggregationTemporality: Temporality,
      isMonotonic: z.boolean().optional(),
    })
    .optional(),
  histogram: z.object({ dataPoints: z.array(HistogramDataPoint).optional(), aggregationTemporality: Temporality }).optional(),
  exponentialHistogram: z.object({ dataPoints: z.array(ExponentialHistogramDataPoint).optional(), aggregationTemporality: Temporality }).optional(),
  summary: z.object({ dataPoints: z.array(SummaryDataPoint).optional() }).optional(),
})
export type Metric = z.infer<typeof Metric>

export const ExportMetricsRequest = z.object({
  resourceMetrics: z
    .array(
      z.object({
        resource: Resource,
        scopeMetrics: z.array(z.object({ scope: Scope, metrics: z.array(z.unknown()).optional() })).optional(),
      }),
    )
    .optional(),
})
export type ExportMetricsRequest = z.infer<typeof ExportMetricsRequest>

/** Flatten OTLP attributes into a plain object (nested values as JSON text). */
export function attributesToObject(attrs: readonly KeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  if (!attrs) return out
  for (const { key, value } of attrs) {
    const v = anyValueToJs(value)
    if (v !== undefined) out[key] = typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean)
  }
  return out
}

export function anyValueToJs(v: AnyValue | undefined): unknown {
  if (!v) return undefined
  if (v.stringValue !== undefined) return v.stringValue
  if (v.boolValue !== undefined) return v.boolValue
  if (v.intValue !== undefined) return Number(v.intValue)
  if (v.doubleValue !== undefined) return v.doubleValue
  if (v.bytesValue !== undefined) return v.bytesValue
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(anyValueToJs)
  if (v.kvlistValue !== undefined) return attributesToObject(v.kvlistValue.values)
  return undefined
}

/**
 * Validate one leaf (log record, span, metric). Its depth is measured first
 * (json-depth.ts), so neither the recursive AnyValue schema nor anything
 * after it can overflow the stack. Protobuf input was already checked field
 * by field by the protobuf decoder (wire types, one `oneof` member), so it is
 * trusted as is; OTLP/JSON goes through the zod schema.
 */
export function parseLeaf<T>(
  schema: z.ZodType<T>,
  item: unknown,
  trusted: boolean,
): { success: true; data: T } | { success: false; field: string; reason: string } {
  if (deeperThan(item, MAX_OTLP_LEAF_DEPTH)) return { success: false, field: '', reason: tooDeep(MAX_OTLP_LEAF_DEPTH) }
  if (trusted) return { success: true, data: item as T }
  const parsed = schema.safeParse(item)
  return parsed.success ? { success: true, data: parsed.data } : { success: false, ...zodProblem(parsed.error) }
}
