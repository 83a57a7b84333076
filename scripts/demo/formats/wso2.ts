/**
 * WSO2 API Manager 4.x analytics event (the ELK publisher's JSON): a
 * `response` event per call with latencies and the application, or a
 * `fault` event when the gateway answered itself (auth failure 900901 /
 * 900910, throttling 900800, backend unreachable 101503 / timeout 101504) —
 * fault events carry no latencies and no resource template. WSO2 logs
 * neither sizes nor TLS.
 */
import type { DemoConsumer } from '../model.js'
import { NDJSON, type Encoder, type Req } from './req.js'
import type { JsonWriter } from './writer.js'

function fault(r: Req): [string, number, string] {
  if (r.fault === 'AUTH') return r.status === 403 ? ['AUTH', 900910, 'AUTHORIZATION_FAILURE'] : ['AUTH', 900901, 'AUTHENTICATION_FAILURE']
  if (r.fault === 'THROTTLED') return ['THROTTLED', 900800, 'APPLICATION_LIMIT_EXCEEDED']
  return r.status === 504 ? ['TARGET_CONNECTIVITY', 101504, 'Connection timed out'] : ['TARGET_CONNECTIVITY', 101503, 'Error connecting to the back end']
}

/** WSO2's `userAgent` is the browser family it parsed from the header. */
const families = new Map<string, string>()
function browserFamily(ua: string): string {
  let f = families.get(ua)
  if (f === undefined) {
    f = ua.includes('Firefox/') ? 'Firefox' : ua.includes('Chrome/') ? 'Chrome' : ua.includes('Safari/') ? 'Safari' : 'Other'
    families.set(ua, f)
  }
  return f
}

const apiBlock = (w: JsonWriter, r: Req) =>
  w.t`{"apiName":"${(r.apiName || r.routeName).replaceAll(' ', '')}","apiVersion":"${r.apiVersion}","apiContext":"${r.basePath}","apiId":"${r.routeName}","apiCreator":"admin","apiCreatorTenantDomain":"carbon.super","apiType":"HTTP","keyType":"PRODUCTION","regionId":"default","gatewayType":"SYNAPSE","platform":"Linux",`
const appBlock = (w: JsonWriter, c: DemoConsumer) =>
  w.t`"applicationId":"${c.wso2AppId}","applicationName":"${c.wso2AppName}","applicationOwner":"${c.instansi}",`
const destinationBlock = (w: JsonWriter, r: Req) => w.t`"destination":"http://${r.upstream}${r.basePath}",`
const UNKNOWN_APP = '"applicationId":"UNKNOWN","applicationName":"UNKNOWN","applicationOwner":"UNKNOWN",'
const ANONYMOUS_APP = '"applicationId":"anonymous","applicationName":"anonymous","applicationOwner":"anonymous",'

export const wso2Encoder: Encoder = {
  ...NDJSON,
  path: '/ingest/wso2',
  write(w: JsonWriter, r: Req): void {
    w.cached(apiBlock, r.apiKey, r)
    w.t`"apiMethod":"${r.method}","proxyResponseCode":${r.status},"requestTimestamp":"`
    w.iso(r.ts)
    w.str('","correlationId":"')
    w.id(r.id, 32, true)
    w.str('",')
    if (r.consumer) w.cached(appBlock, r.consumer, r.consumer)
    else w.str(r.fault === 'AUTH' ? UNKNOWN_APP : ANONYMOUS_APP)
    if (r.fault) {
      const [type, code, message] = fault(r)
      w.t`"eventType":"fault","errorType":"${type}","errorCode":${code},"errorMessage":"${message}","targetResponseCode":${type === 'TARGET_CONNECTIVITY' ? r.status : 0},"properties":{"user-agent":"${w.enc(r.userAgent)}"}}`
      return
    }
    const total = Math.round(r.totalMs)
    const backend = Math.round(r.backendMs)
    const reqMed = Math.round(r.gatewayMs * 0.8)
    const respMed = Math.max(0, total - backend - reqMed)
    w.t`"eventType":"response","apiResourceTemplate":"${w.enc(r.template)}",`
    w.cached(destinationBlock, r.apiKey, r)
    w.t`"targetResponseCode":${r.status},"responseCacheHit":false,"responseLatency":${total},"backendLatency":${backend},"requestMediationLatency":${reqMed},"responseMediationLatency":${respMed},"userIp":"${w.enc(r.clientIp)}","userName":"`
    if (r.userId) w.t`${r.userId}@carbon.super`
    else w.str('anonymous')
    w.t`","userAgent":"${browserFamily(r.userAgent)}","properties":{"user-agent":"${w.enc(r.userAgent)}"}}`
  },
}
