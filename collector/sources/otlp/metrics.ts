/** OTLP metrics → `otel_metrics` rows, one per data point, in the OTel exporter shape. */
import type { OtelMetricRow } from '../../event.js'
import type { GatewayContext, Rejection } from '../../transforms/types.js'
import { payloadText, zodProblem } from '../../transforms/types.js'
import { attributesToObject, type ExportMetricsRequest, Metric, parseLeaf } from './schema.js'

const stringMap = (o: Record<string, string | number | boolean>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]))

const TEMPORALITY: Record<string, number> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
}
const temporality = (t: number | string | undefined): number =>
  typeof t === 'number' ? t : t === undefined ? 0 : (TEMPORALITY[t] ?? 0)

export function metricsToRows(
  ctx: GatewayContext,
  req: ExportMetricsRequest,
  trusted = false,
): { rows: OtelMetricRow[]; rejections: Rejection[]; dataPoints: number } {
  const rows: OtelMetricRow[] = []
  const rejections: Rejection[] = []
  let index = 0
  let dataPoints = 0
  for (const rm of req.resourceMetrics ?? []) {
    const resourceObj = attributesToObject(rm.resource?.attributes)
    const resource = stringMap(resourceObj)
    for (const sm of rm.scopeMetrics ?? []) {
      for (const item of sm.metrics ?? []) {
        const i = index++
        const parsed = parseLeaf(Metric, item, trusted)
        if (!parsed.success) {
          const p = zodProblem(parsed.error)
          rejections.push({ index: i, field: `metrics[${i}].${p.field}`, reason: p.reason, payload: payloadText(item), source: 'otlp_metrics' })
          continue
        }
        const m = parsed.data
        const base = {
          instansi: ctx.instansi,
          gateway_id: ctx.gatewayId,
          ResourceAttributes: resource,
          ServiceName: resource['service.name'] ?? '',
          ScopeName: sm.scope?.name ?? '',
          ScopeVersion: sm.scope?.version ?? '',
          MetricName: m.name,
          MetricDescription: m.description ?? '',
          MetricUnit: m.unit ?? '',
          IsMonotonic: false,
          AggregationTemporality: 0,
          Value: 0,
          Count: 0,
          Sum: 0,
          Min: null,
          Max: null,
          BucketCounts: [] as number[],
          ExplicitBounds: [] as number[],
          Quantiles: [] as number[],
          QuantileValues: [] as number[],
        }
        const point = (p: { attributes?: unknown; startTimeUnixNano?: string; timeUnixNano: string }) => ({
          Attributes: stringMap(attributesToObject(p.attributes as never)),
          StartTimeUnix: p.startTimeUnixNano ?? '0',
          TimeUnix: p.timeUnixNano ?? '0',
        })
        const numberValue = (p: { asDouble?: number; asInt?: string }) => p.asDouble ?? Number(p.asInt ?? 0)
        for (const p of m.gauge?.dataPoints ?? [])
          rows.push({ ...base, ...point(p), MetricType: 'gauge', Value: numberValue(p) })
        for (const p of m.sum?.dataPoints ?? [])
          rows.push({
            ...base,
            ...point(p),
            MetricType: 'sum',
            Value: numberValue(p),
            IsMonotonic: m.sum?.isMonotonic ?? false,
            AggregationTemporality: temporality(m.sum?.aggregationTemporality),
          })
        for (const p of m.histogram?.dataPoints ?? [])
          rows.push({
            ...base,
            ...point(p),
            MetricType: 'histogram',
            AggregationTemporality: temporality(m.histogram?.aggregationTemporality),
            Count: Number(p.count ?? 0),
            Sum: p.sum ?? 0,
            Min: p.min ?? null,
            Max: p.max ?? null,
            BucketCounts: (p.bucketCounts ?? []).map(Number),
            ExplicitBounds: p.explicitBounds ?? [],
          })
        for (const p of m.exponentialHistogram?.dataPoints ?? [])
          rows.push({
            ...base,
            ...point(p),
            MetricType: 'exponential_histogram',
            AggregationTemporality: temporality(m.exponentialHistogram?.aggregationTemporality),
            Count: Number(p.count ?? 0),
            Sum: p.sum ?? 0,
            Min: p.min ?? null,
            Max: p.max ?? null,
          })
        for (const p of m.summary?.dataPoints ?? [])
          rows.push({
            ...base,
            ...point(p),
            MetricType: 'summary',
            Count: Number(p.count ?? 0),
            Sum: p.sum ?? 0,
            Quantiles: (p.quantileValues ?? []).map((q) => q.quantile ?? 0),
            QuantileValues: (p.quantileValues ?? []).map((q) => q.value ?? 0),
          })
      }
    }
  }
  dataPoints = rows.length
  return { rows, rejections, dataPoints }
}
