/**
 * OTLP metrics → `otel_metrics` rows, one per data point, in the OTel exporter
 * shape. A data point with a value that is not a finite number, or a time
 * outside the accepted window (bounds.ts), is rejected on its own.
 */
import { checkTime, DEFAULT_TIME_WINDOW, type TimeWindow, type Violation } from '../../bounds.js'
import type { OtelMetricRow } from '../../event.js'
import type { GatewayContext, Rejection } from '../../transforms/types.js'
import { payloadText } from '../../transforms/types.js'
import { attributesToObject, type ExportMetricsRequest, Metric, parseLeaf } from './schema.js'

const stringMap = (o: Record<string, string | number | boolean>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]))

const TEMPORALITY: Record<string, number> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
}
const temporality = (t: number | string | undefined): number => (typeof t === 'number' ? t : t === undefined ? 0 : (TEMPORALITY[t] ?? 0))

/** The first field of a metric row that is not a finite number or is out of the time window. */
function pointViolation(row: OtelMetricRow, now: number, window: TimeWindow): Violation | undefined {
  for (const key of ['Value', 'Sum', 'Min', 'Max'] as const) {
    const v = row[key]
    if (v !== null && !Number.isFinite(v)) return { field: key, reason: `${v} is not a finite number` }
  }
  for (const key of ['ExplicitBounds', 'QuantileValues', 'Quantiles'] as const)
    if (row[key].some((v) => !Number.isFinite(v))) return { field: key, reason: 'holds a value that is not a finite number' }
  const ns = BigInt(row.TimeUnix)
  const start = BigInt(row.StartTimeUnix)
  if (start < 0n || start > ns) return { field: 'startTimeUnixNano', reason: `${start} is not between 0 and timeUnixNano (${ns})` }
  return checkTime('timeUnixNano', Number(ns / 1_000_000n), now, window)
}

/**
 * Nanoseconds as the engine reads a DateTime64(9) from text: 19 digits.
 * Shorter digit strings are taken as other things ("0" is no time at all,
 * ten digits are seconds), so a gauge without a start time was refused.
 */
const nanosText = (ns = '0'): string => (/^\d+$/.test(ns) ? ns.replace(/^0+(?=\d)/, '').padStart(19, '0') : ns)

export function metricsToRows(
  ctx: GatewayContext,
  req: ExportMetricsRequest,
  trusted = false,
  window: TimeWindow = DEFAULT_TIME_WINDOW,
  now = Date.now(),
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
          const p = parsed
          rejections.push({
            index: i,
            field: `metrics[${i}]${p.field ? `.${p.field}` : ''}`,
            reason: p.reason,
            payload: payloadText(item),
            source: 'otlp_metrics',
          })
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
          StartTimeUnix: nanosText(p.startTimeUnixNano),
          TimeUnix: nanosText(p.timeUnixNano),
        })
        const numberValue = (p: { asDouble?: number; asInt?: string }) => p.asDouble ?? Number(p.asInt ?? 0)
        let j = 0
        const add = (row: OtelMetricRow, kind: string) => {
          const at = j++
          const bad = pointViolation(row, now, window)
          if (!bad) return void rows.push(row)
          rejections.push({
            index: i,
            field: `metrics[${i}].${kind}.dataPoints[${at}].${bad.field}`,
            reason: bad.reason,
            payload: payloadText(item),
            source: 'otlp_metrics',
          })
        }
        for (const p of m.gauge?.dataPoints ?? []) add({ ...base, ...point(p), MetricType: 'gauge', Value: numberValue(p) }, 'gauge')
        for (const p of m.sum?.dataPoints ?? [])
          add(
            {
              ...base,
              ...point(p),
              MetricType: 'sum',
              Value: numberValue(p),
              IsMonotonic: m.sum?.isMonotonic ?? false,
              AggregationTemporality: temporality(m.sum?.aggregationTemporality),
            },
            'sum',
          )
        for (const p of m.histogram?.dataPoints ?? [])
          add(
            {
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
            },
            'histogram',
          )
        for (const p of m.exponentialHistogram?.dataPoints ?? [])
          add(
            {
              ...base,
              ...point(p),
              MetricType: 'exponential_histogram',
              AggregationTemporality: temporality(m.exponentialHistogram?.aggregationTemporality),
              Count: Number(p.count ?? 0),
              Sum: p.sum ?? 0,
              Min: p.min ?? null,
              Max: p.max ?? null,
            },
            'exponentialHistogram',
          )
        for (const p of m.summary?.dataPoints ?? [])
          add(
            {
              ...base,
              ...point(p),
              MetricType: 'summary',
              Count: Number(p.count ?? 0),
              Sum: p.sum ?? 0,
              Quantiles: (p.quantileValues ?? []).map((q) => q.quantile ?? 0),
              QuantileValues: (p.quantileValues ?? []).map((q) => q.value ?? 0),
            },
            'summary',
          )
      }
    }
  }
  dataPoints = rows.length
  return { rows, rejections, dataPoints }
}
