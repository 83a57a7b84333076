/**
 * Apache APISIX logger record in the default log format (`get_full_log`):
 * request/response objects, start_time in ms, latency / upstream_latency /
 * apisix_latency in ms (upstream fields absent when no upstream answered),
 * route_id, and the consumer when an auth plugin identified one.
 */
import type { DemoConsumer } from '../model.js'
import { micros, NDJSON, writeQueryObject, type Encoder, type Req } from './req.js'
import type { JsonWriter } from './writer.js'

const upstreamBlock = (w: JsonWriter, r: Req) => w.t`"upstream":"${r.upstream}",`
const serverBlock = (w: JsonWriter, r: Req) => w.t`"server":{"hostname":"${r.gateway.id}-0","version":"3.9.0"},"start_time":`
const httpsUrl = (w: JsonWriter, r: Req) => w.t`,"request":{"url":"https://${r.gateway.host}:9443`
const httpUrl = (w: JsonWriter, r: Req) => w.t`,"request":{"url":"http://${r.gateway.host}:9080`
const hostBlock = (w: JsonWriter, r: Req) => w.t`","headers":{"host":"${r.gateway.host}","user-agent":"`
const routeBlock = (w: JsonWriter, r: Req) => w.t`,"service_id":"","route_id":"${r.routeName}"`
const consumerBlock = (w: JsonWriter, c: DemoConsumer) => w.t`,"consumer":{"username":"${c.apisixUsername}"}`

export const apisixEncoder: Encoder = {
  ...NDJSON,
  path: '/ingest/apisix',
  write(w: JsonWriter, r: Req): void {
    const total = micros(r.totalMs)
    w.str('{')
    if (r.backendMs >= 0) w.cached(upstreamBlock, r.apiKey, r)
    w.cached(serverBlock, r.gateway, r)
    w.t`${r.ts},"client_ip":"${w.enc(r.clientIp)}","response":{"status":${r.status},"size":${r.responseBytes},"headers":{"content-type":"application/json","server":"APISIX/3.9.0"}},"latency":${total}`
    if (r.backendMs >= 0) {
      const backend = Math.round(r.backendMs)
      w.t`,"upstream_latency":${backend},"apisix_latency":${Math.max(0, micros(total - backend))}`
    } else w.t`,"apisix_latency":${total}`
    w.cached(r.tls ? httpsUrl : httpUrl, r.gateway, r)
    w.t`${r.uri}","querystring":`
    writeQueryObject(w, r.query)
    w.t`,"method":"${r.method}","uri":"${r.uri}`
    w.cached(hostBlock, r.gateway, r)
    w.t`${w.enc(r.userAgent)}","x-request-id":"`
    w.id(r.id)
    w.t`"},"size":${r.requestBytes}}`
    w.cached(routeBlock, r.apiKey, r)
    if (r.consumer) w.cached(consumerBlock, r.consumer, r.consumer)
    w.str('}')
  },
}
