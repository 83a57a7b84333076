/**
 * Pantau's own telemetry. Metrics always feed an in-process Prometheus
 * reader (served at the API's /metrics); with PANTAU_OTEL_ENABLED=true the
 * OpenTelemetry Node SDK also exports traces and metrics over OTLP, configured
 * by the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT, …; the
 * settings Pantau itself reads are in config.ts).
 *
 * Start it before creating the components: instruments are created when a
 * component is (never at import time), so they bind to this provider.
 */
import { metrics } from '@opentelemetry/api'
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { OTLPMetricExporter as OtlpJsonMetrics } from '@opentelemetry/exporter-metrics-otlp-http'
import { OTLPMetricExporter as OtlpProtoMetrics } from '@opentelemetry/exporter-metrics-otlp-proto'
import { NodeSDK } from '@opentelemetry/sdk-node'
import { type TelemetryConfig, telemetryConfigFromEnv } from './config.js'

export interface Telemetry {
  /** Current metrics in the Prometheus text exposition format. */
  scrape(): Promise<string>
  shutdown(): Promise<void>
}

export function startTelemetry(serviceName: string, config: TelemetryConfig = telemetryConfigFromEnv()): Telemetry {
  const prometheus = new PrometheusExporter({ preventServerStart: true })
  const serializer = new PrometheusSerializer()
  const resource = resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'pantau' })
  let shutdown: () => Promise<void>
  if (config.otlpEnabled) {
    const sdk = new NodeSDK({
      resource,
      metricReaders: [
        prometheus,
        new PeriodicExportingMetricReader({
          exporter: otlpMetricExporter(config.metricsProtocol),
          exportIntervalMillis: config.metricExportIntervalMs,
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
function otlpMetricExporter(protocol: string) {
  return protocol === 'http/json' ? new OtlpJsonMetrics() : new OtlpProtoMetrics()
}
