/**
 * Kong Gateway log plugin record (`kong.log.serialize()`, as file-log /
 * http-log write it): request/response objects, matched route and service,
 * the identified consumer, latencies (proxy -1 when no upstream was called),
 * balancer tries, client_ip and started_at in epoch ms.
 */
import type { DemoConsumer } from '../model.js'
import { NDJSON, writeQueryObject, type Encoder, type Req } from './req.js'
import type { JsonWriter } from './writer.js'

const TLS: Record<string, string> = {
  'TLSv1.3': ',"tls":{"version":"TLSv1.3","cipher":"TLS_AES_256_GCM_SHA384","client_verify":"NONE"}',
  'TLSv1.2': ',"tls":{"version":"TLSv1.2","cipher":"ECDHE-RSA-AES128-GCM-SHA256","client_verify":"NONE"}',
}
const httpsUrl = (w: JsonWriter, r: Req) => w.t`https://${r.gateway.host}:8443`
const httpUrl = (w: JsonWriter, r: Req) => w.t`http://${r.gateway.host}:8000`
const headersBlock = (w: JsonWriter, r: Req) => w.t`,"headers":{"host":"${r.gateway.host}","accept":"application/json","user-agent":"`
const routeBlock = (w: JsonWriter, r: Req) =>
  w.t`"route":{"name":"${r.routeName}","paths":["${r.basePath}"],"protocols":["http","https"],"strip_path":true},"service":{"name":"${r.routeName}","protocol":"http"}`
const consumerBlock = (w: JsonWriter, c: DemoConsumer) => w.t`,"consumer":{"username":"${c.kongUsername}","custom_id":"${c.id}"}`
const triesBlock = (w: JsonWriter, r: Req) => {
  const colon = r.upstream.indexOf(':')
  w.t`,"tries":[{"ip":"${r.upstream.slice(0, colon)}","port":${r.upstream.slice(colon + 1)},"balancer_latency":0}]`
}

export const kongEncoder: Encoder = {
  ...NDJSON,
  path: '/ingest/kong',
  write(w: JsonWriter, r: Req): void {
    const upstream = r.backendMs >= 0
    w.t`{"request":{"method":"${r.method}","uri":"${r.uri}","url":"`
    w.cached(r.tls ? httpsUrl : httpUrl, r.gateway, r)
    w.t`${r.uri}","size":${r.requestBytes},"querystring":`
    writeQueryObject(w, r.query)
    w.cached(headersBlock, r.gateway, r)
    w.t`${w.enc(r.userAgent)}"},"id":"`
    w.id(r.id)
    w.str('"')
    if (r.tls) w.str(TLS[r.tls])
    w.str('},"upstream_uri":"')
    if (r.template) w.tail(r.uri, r.basePath.length)
    else w.str(r.uri)
    w.t`","response":{"status":${r.status},"size":${r.responseBytes},"headers":{"content-type":"application/json","x-kong-request-id":"`
    w.id(r.id)
    w.str('"}},')
    w.cached(routeBlock, r.apiKey, r)
    if (r.consumer) w.cached(consumerBlock, r.consumer, r.consumer)
    w.t`,"latencies":{"request":${Math.round(r.totalMs)},"kong":${Math.round(r.gatewayMs)},"proxy":${upstream ? Math.round(r.backendMs) : -1}}`
    if (upstream) w.cached(triesBlock, r.apiKey, r)
    w.t`,"client_ip":"${w.enc(r.clientIp)}","started_at":${r.ts},"source":"${upstream ? 'upstream' : 'kong'}","workspace_name":"default"}`
  },
}
