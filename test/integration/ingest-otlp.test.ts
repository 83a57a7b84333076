/**
 * OTLP ingest end to end, with the official OpenTelemetry JS exporters as the
 * clients: logs over HTTP/protobuf and gRPC, OTLP/JSON, server spans, and
 * metrics — each must land in ClickHouse with correct units.
 */
import { gzipSync } from 'node:zlib'
import { Metadata } from '@grpc/grpc-js'
import { SeverityNumber } from '@opentelemetry/api-logs'
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc'
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto'
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs'
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeResponse } from '../../collector/sources/otlp/proto.js'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack
let token: string
const resource = resourceFromAttributes({ 'service.name': 'kong-gateway' })

beforeAll(async () => {
  stack = await startTestStack()
  token = await stack.gateway('kemenkes')
})
afterAll(() => stack?.stop())

async function eventsWhere(requestId: string) {
  await stack.flushed()
  return stack.storage!.query<Record<string, any>>('SELECT *, toUnixTimestamp64Milli(ts) AS ts_ms FROM request_events WHERE request_id = {id:String}', {
    id: requestId,
  })
}

function httpAttributes(requestId: string, extra: Record<string, string | number> = {}) {
  return {
    'http.request.method': 'GET',
    'http.response.status_code': 200,
    'http.route': '/faskes/v1/rumah-sakit/{id}',
    'url.path': '/faskes/v1/rumah-sakit/42',
    'url.query': 'access_token=s3cr3t&page=2',
    'url.scheme': 'https',
    'server.address': 'api.kemkes.go.id',
    'client.address': '10.1.2.3',
    'user_agent.original': 'curl/8.5',
    'http.server.request.duration': 0.2345,
    'http.request.header.x-request-id': requestId,
    'tls.protocol.version': '1.3',
    'enduser.id': 'nik-3201',
    ...extra,
  }
}

describe('OTLP ingest', () => {
  it('a log exported by the official OTel SDK (HTTP/protobuf) becomes a request event in ms', async () => {
    const exporter = new OTLPLogExporter({ url: `${stack.ingest}/v1/logs`, headers: { Authorization: `Bearer ${token}` } })
    const provider = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter })] })
    const t = Date.UTC(2026, 10, 20, 3, 4, 5, 678)
    provider.getLogger('gateway').emit({
      timestamp: t,
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      body: 'GET /faskes/v1/rumah-sakit/42 200',
      attributes: httpAttributes('otel-proto-1'),
    })
    await provider.forceFlush()
    await provider.shutdown()
    const [e] = await eventsWhere('otel-proto-1')
    expect(e).toBeDefined()
    expect(Number(e.ts_ms)).toBe(t)
    expect(e.latency_ms).toBeCloseTo(234.5, 3)
    expect(e).toMatchObject({
      instansi: 'kemenkes',
      method: 'GET',
      status: 200,
      route: '/faskes/v1/rumah-sakit/{id}',
      path: '/faskes/v1/rumah-sakit/42?access_token=REDACTED&page=2',
      scheme: 'https',
      tls_version: 'TLSv1.3',
      client_address: '10.1.2.3',
      service: 'kong-gateway',
      level: 'info',
      source_format: 'otlp_logs',
    })
    expect(e.user_hash).toMatch(/^[0-9a-f]{32}$/)
    expect(e.user_hash).not.toContain('3201')
  })

  it('a log sent over OTLP/gRPC by the official exporter is stored', async () => {
    const metadata = new Metadata()
    metadata.set('authorization', `Bearer ${token}`)
    const exporter = new GrpcLogExporter({ url: `http://127.0.0.1:${stack.grpcPort}`, metadata })
    const provider = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter })] })
    provider.getLogger('gateway').emit({ attributes: httpAttributes('otel-grpc-1', { 'http.response.status_code': 503 }) })
    await provider.forceFlush()
    await provider.shutdown()
    const [e] = await eventsWhere('otel-grpc-1')
    expect(e).toMatchObject({ status: 503, instansi: 'kemenkes', source_format: 'otlp_logs' })
  })

  it('OTLP/JSON (gzip) is accepted, with partial success for records that are not requests', async () => {
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'apisix' } }] },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: '1763607845000000000',
                  attributes: [
                    { key: 'http.request.method', value: { stringValue: 'POST' } },
                    { key: 'http.response.status_code', value: { intValue: '201' } },
                    { key: 'url.path', value: { stringValue: '/perizinan/v1/izin' } },
                    { key: 'duration_ms', value: { doubleValue: 12.5 } },
                    { key: 'http.request.header.x-request-id', value: { stringValue: 'otel-json-1' } },
                  ],
                },
                { timeUnixNano: '1763607845000000000', body: { stringValue: 'cache warmed' } },
              ],
            },
          ],
        },
      ],
    }
    const res = await fetch(`${stack.ingest}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(body)),
    })
    expect(res.status).toBe(200)
    const reply = await res.json()
    expect(reply.partialSuccess.rejectedLogRecords).toBe('1')
    expect(reply.partialSuccess.errorMessage).toContain('not an HTTP request log')
    const [e] = await eventsWhere('otel-json-1')
    expect(e).toMatchObject({ method: 'POST', status: 201, latency_ms: 12.5, path: '/perizinan/v1/izin' })
    expect(Number(e.ts_ms)).toBe(1763607845000)
    const dlq = await stack.storage!.query<{ reason: string }>("SELECT reason FROM dead_letters WHERE payload LIKE '%cache warmed%'")
    expect(dlq).toHaveLength(1)
  })

  it('server spans from the official trace exporter become events; internal spans do not', async () => {
    const exporter = new OTLPTraceExporter({ url: `${stack.ingest}/v1/traces`, headers: { Authorization: `Bearer ${token}` } })
    const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] })
    const tracer = provider.getTracer('gw')
    const start = Date.UTC(2026, 10, 21, 1, 0, 0, 0)
    const span = tracer.startSpan('GET /kepegawaian/v2/pegawai', {
      kind: 1, // SERVER
      startTime: start,
      attributes: {
        'http.request.method': 'GET',
        'http.response.status_code': 404,
        'url.path': '/kepegawaian/v2/pegawai/9',
        'http.request.header.x-request-id': 'otel-span-1',
      },
    })
    span.end(start + 87)
    tracer.startSpan('db query', { kind: 0, startTime: start, attributes: { 'http.request.header.x-request-id': 'otel-span-internal' } }).end(start + 5)
    await provider.forceFlush()
    await provider.shutdown()
    const [e] = await eventsWhere('otel-span-1')
    expect(e).toMatchObject({ status: 404, latency_ms: 87, api_version: '2', source_format: 'otlp_traces' })
    expect(e.trace_id).toMatch(/^[0-9a-f]{32}$/)
    expect(await eventsWhere('otel-span-internal')).toHaveLength(0)
  })

  it('metrics from the official metric exporter land in otel_metrics in the OTel shape', async () => {
    const exporter = new OTLPMetricExporter({ url: `${stack.ingest}/v1/metrics`, headers: { Authorization: `Bearer ${token}` } })
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })
    const provider = new MeterProvider({ resource, readers: [reader] })
    const meter = provider.getMeter('gw')
    meter.createCounter('kong_http_requests_total').add(7, { route: 'faskes' })
    meter.createHistogram('kong_latency_ms').record(120, { route: 'faskes' })
    await provider.forceFlush()
    await provider.shutdown()
    await stack.flushed()
    const rows = await stack.storage!.query<Record<string, any>>(
      // forceFlush and shutdown both export (cumulative temporality): one row per export.
      'SELECT MetricName, MetricType, Value, Count, Sum, ServiceName, instansi, Attributes FROM otel_metrics ORDER BY MetricName LIMIT 1 BY MetricName',
    )
    expect(rows).toEqual([
      expect.objectContaining({
        MetricName: 'kong_http_requests_total',
        MetricType: 'sum',
        Value: 7,
        ServiceName: 'kong-gateway',
        instansi: 'kemenkes',
        Attributes: { route: 'faskes' },
      }),
      expect.objectContaining({ MetricName: 'kong_latency_ms', MetricType: 'histogram', Count: 1, Sum: 120 }),
    ])
  })

  it('protobuf responses decode as Export*ServiceResponse; bad tokens and bodies are problems', async () => {
    const noToken = await fetch(`${stack.ingest}/v1/logs`, { method: 'POST', body: new Uint8Array() })
    expect(noToken.status).toBe(401)
    expect(noToken.headers.get('content-type')).toBe('application/problem+json')
    const garbage = await fetch(`${stack.ingest}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0xff, 0xff, 0xff, 0x01]),
    })
    expect(garbage.status).toBe(400)
    expect((await garbage.json()).field).toBe('body')
    const empty = await fetch(`${stack.ingest}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf' },
      body: new Uint8Array(),
    })
    expect(empty.status).toBe(200)
    expect(decodeResponse('logs', new Uint8Array(await empty.arrayBuffer()))).toEqual({})
  })
})
