/**
 * OTLP/JSON logs (`POST /v1/logs`, as an OpenTelemetry access logger or the
 * Kong OpenTelemetry plugin exports them): one log record per request with
 * HTTP semantic-convention attributes, batched under one resource (the
 * gateway) and scope.
 */
import type { DemoConsumer, DemoGateway } from '../model.js'
import { levelFor, messageFor, micros, type Encoder, type Req } from './req.js'
import type { JsonWriter } from './writer.js'

const SEVERITY: Record<string, number> = { INFO: 9, WARN: 13, ERROR: 17 }

const str = (w: JsonWriter, key: string, v: string | Uint8Array) => w.t`,{"key":"${key}","value":{"stringValue":"${v}"}}`
const int = (w: JsonWriter, key: string, v: number) => w.t`,{"key":"${key}","value":{"intValue":"${v}"}}`
const dbl = (w: JsonWriter, key: string, v: number) => w.t`,{"key":"${key}","value":{"doubleValue":${v}}}`

/** Attributes constant per API (and its gateway). */
const apiBlock = (w: JsonWriter, r: Req) => {
  if (r.apiName) {
    str(w, 'api.name', r.apiName)
    str(w, 'api.version', r.apiVersion)
  }
  str(w, 'server.address', r.gateway.host)
}
const upstreamBlock = (w: JsonWriter, r: Req) => str(w, 'upstream.address', r.upstream)
const consumerBlock = (w: JsonWriter, c: DemoConsumer) => str(w, 'consumer.id', c.kongUsername)

export const otlpEncoder: Encoder = {
  path: '/v1/logs',
  contentType: 'application/json',
  separator: ',',
  open(w: JsonWriter, gw: DemoGateway): void {
    w.t`{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"${gw.id}"}}`
    str(w, 'service.namespace', gw.instansi)
    str(w, 'host.name', gw.host)
    w.str(']},"scopeLogs":[{"scope":{"name":"pantau-demo.access-log","version":"1.0.0"},"logRecords":[')
  },
  close(w: JsonWriter): void {
    w.str(']}]}]}')
  },
  write(w: JsonWriter, r: Req): void {
    const level = levelFor(r.status)
    w.t`{"timeUnixNano":"${r.ts}000000","observedTimeUnixNano":"${r.ts + Math.round(r.totalMs)}000000","severityNumber":${SEVERITY[level]},"severityText":"${level}",`
    w.t`"body":{"stringValue":"${r.method} ${r.path} ${r.status} ${messageFor(r.status)}"},"attributes":[{"key":"http.request.method","value":{"stringValue":"${r.method}"}}`
    str(w, 'url.path', r.path)
    if (r.query) str(w, 'url.query', r.query)
    str(w, 'url.scheme', r.tls ? 'https' : 'http')
    if (r.template) w.t`,{"key":"http.route","value":{"stringValue":"${w.enc(r.basePath)}${w.enc(r.template)}"}}`
    int(w, 'http.response.status_code', r.status)
    dbl(w, 'http.server.request.duration', micros(r.totalMs) / 1000)
    if (r.backendMs >= 0) {
      dbl(w, 'upstream.duration_ms', micros(r.backendMs))
      w.cached(upstreamBlock, r.apiKey, r)
    }
    w.cached(apiBlock, r.apiKey, r)
    str(w, 'client.address', w.enc(r.clientIp))
    str(w, 'user_agent.original', w.enc(r.userAgent))
    int(w, 'http.request.body.size', r.requestBytes)
    int(w, 'http.response.body.size', r.responseBytes)
    if (r.tls) str(w, 'tls.protocol.version', r.tls === 'TLSv1.3' ? '1.3' : '1.2')
    if (r.consumer) w.cached(consumerBlock, r.consumer, r.consumer)
    if (r.userId) str(w, 'enduser.id', r.userId)
    w.str('],"traceId":"')
    w.id(r.id)
    w.str('","spanId":"')
    w.id(r.id, 16)
    w.str('"}')
  },
}
