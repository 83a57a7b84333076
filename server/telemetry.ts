/**
 * Pantau's own telemetry. Metrics always feed an in-process Prometheus
 * reader (served at the API's /metrics); with PANTAU_OTEL_ENABLED=true the
 * OpenTelemetry Node SDK also exports traces and metrics over OTLP, configured
 * by the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT, …).
 */
import { metrics } from '@opentelemetry/api'
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { OTLPMetricExporter as OtlpJsonMetrics } from '@opentelemetry/exporter-metrics-otlp-http'
import { OTLPMetricExporter as OtlpProtoMetrics } from '@opentelemetry/exporter-metrics-otlp-proto'
import { NodeSDK } from '@opentelemetry/sdk-node'

export interface Telemetry {
  /** Current metrics in the Prometheus text exposition format. */
  scrape(): Promise<string>
  shutdown(): Promise<void>
}

export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  const prometheus = new PrometheusExporter({ preventServerStart: true })
  const serializer = new PrometheusSerializer()
  const resource = resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'pantau' })
  let shutdown: () => Promise<void>
  if (env.PANTAU_OTEL_ENABLED === 'true') {
    const sdk = new NodeSDK({
      resource,
      metricReaders: [
        prometheus,
        new PeriodicExportingMetricReader({
          exporter: otlpMetricExporter(env),
          exportIntervalMillis: Number(env.OTEL_METRIC_EXPORT_INTERVAL ?? 60_000),
        }),
      ],
    })
    sdk.start()
    shutdown = () => sdk.shutdown()
  } else {
    const provider = new MeterProvider({ resource, readers: [prometheus] })
    metrics.setGlobalMeterProvider(provider)
    shutdown = () => provider.shutdown()
  }
  return {
    async scrape() {
      const { resourceMetrics } = await prometheus.collect()
      return serializer.serialize(resourceMetrics)
    },
    shutdown: () => shutdown(),
  }
}

/** The OTLP metric exporter for OTEL_EXPORTER_OTLP_(METRICS_)PROTOCOL: http/protobuf (the default) or http/json. */
function otlpMetricExporter(env: NodeJS.ProcessEnv) {
  const protocol = env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf'
  return protocol === 'http/json' ? new OtlpJsonMetrics() : new OtlpProtoMetrics()
}
