/**
 * WSO2 API Manager 4.x analytics event, as published by the gateway's
 * analytics publisher (org.wso2.am.analytics.publisher) — the JSON after
 * "apimMetrics: apim:response, properties :" (or "apim:faulty") in
 * apim_metrics.log with `[apim.analytics] type = "elk"`, or the same event in
 * the trace log / a custom reporter.
 *
 * Field meanings (APIM analytics docs, publisher GenericInputValidator):
 * - `requestTimestamp` (ISO 8601; epoch ms in the cloud schema) → ts.
 * - `apiMethod` → method; `proxyResponseCode` (what the client got) → status.
 * - The event has no concrete request path: path and route are the API
 *   context + `apiResourceTemplate` (e.g. "/pizzashack/1.0.0" + "/menu");
 *   `apiContext` is at the root in ELK events and under `properties` in the
 *   trace-log event; older 4.0.0 events carry only the template. Fault events
 *   have no template, so their path is the context.
 * - `responseLatency` → latency_ms, `backendLatency` → backend_latency_ms,
 *   `requestMediationLatency + responseMediationLatency` →
 *   gateway_latency_ms (total − backend when those are missing).
 * - `applicationId` → consumer_id, `userName` → user_id, `userIp` → client,
 *   `properties["user-agent"]` (raw header) else `userAgent` (browser family)
 *   → user_agent, `correlationId` → request_id, `destination` → upstream.
 * - Fault events (`eventType` "fault"; `apim:faulty` in apim_metrics.log, which
 *   sources/wso2-log-line.ts turns into that eventType; `apimMetrics: " apim:faulty"`
 *   at the root after WSO2's own Logstash grok; or any event with an `errorType`)
 *   have no latencies: latency_ms stays absent here and the normalize transform
 *   counts it as 0, because `request_events.latency_ms` is a required column
 *   (a fault therefore pulls latency percentiles down; keeping it out would need a
 *   nullable column). The ELK fault schema (GenericInputValidator
 *   `elkFaultEventSchema`) has no apiMethod, apiContext or apiResourceTemplate:
 *   method is then "-" (not logged, as in access logs) and the path the API
 *   context when APIM 4.3+ puts it under `properties`, else "/" — such a fault
 *   cannot be matched to a registered base path, only by `api_name`.
 *   `targetResponseCode` is always -1 for faults and is not read.
 * - Faults: `errorType` "AUTH" (errorCode 9009xx,
 *   errorMessage AUTHENTICATION_FAILURE / AUTHORIZATION_FAILURE /
 *   SUBSCRIPTION_VALIDATION_FAILURE) → auth_outcome 'failure';
 *   "errorCode errorMessage" → message. Application "UNKNOWN" (auth failed
 *   before the app was known) is no consumer; application/user "anonymous"
 *   (APIConstants.END_USER_ANONYMOUS, unsecured resources) → 'anonymous'.
 */
import { z } from 'zod'
import { authOutcome, epochMs, finishRaw, httpMethod, httpStatus, ms, optNumber, optText, overhead, reqText, type FormatAdapter } from './adapter.js'

const Schema = z
  .looseObject({
    apiName: reqText,
    apiVersion: optText,
    apiContext: optText,
    apiResourceTemplate: optText,
    apiMethod: httpMethod.optional(),
    proxyResponseCode: httpStatus,
    targetResponseCode: optNumber,
    responseLatency: optNumber,
    backendLatency: optNumber,
    requestMediationLatency: optNumber,
    responseMediationLatency: optNumber,
    applicationId: optText,
    applicationName: optText,
    userName: optText,
    userIp: optText,
    userAgent: optText,
    requestTimestamp: epochMs,
    correlationId: optText,
    destination: optText,
    eventType: optText,
    apimMetrics: optText,
    errorType: optText,
    errorCode: optNumber,
    errorMessage: optText,
    properties: z.looseObject({ apiContext: optText, userName: optText, 'user-agent': optText }).nullish(),
  })
  .superRefine((r, ctx) => {
    if (isFault(r)) return
    if (!r.apiMethod) ctx.addIssue({ code: 'custom', path: ['apiMethod'], message: 'no apiMethod (a response event must name its HTTP method)' })
    if (!r.apiContext && !r.properties?.apiContext && !r.apiResourceTemplate) {
      ctx.addIssue({
        code: 'custom',
        path: ['apiContext'],
        message: 'no apiContext or apiResourceTemplate to build the request path from',
      })
    }
  })
type Wso2Record = z.infer<typeof Schema>

/** A fault event: named so, or carrying the fault-only `errorType`. */
function isFault(r: { eventType?: string; apimMetrics?: string; errorType?: string }): boolean {
  return r.eventType?.toLowerCase() === 'fault' || r.apimMetrics === 'apim:faulty' || r.errorType !== undefined
}

/** "/ctx/1.0.0" + "/menu/{id}" → "/ctx/1.0.0/menu/{id}". */
function joinPath(context: string | undefined, template: string | undefined): string {
  if (!template) return context ?? '/'
  if (!context) return template
  return `${context.replace(/\/+$/, '')}/${template.replace(/^\/+/, '')}`
}

/** Placeholder values WSO2 writes when the application or user is not known. */
const isUnknown = (v: string | undefined): boolean => !v || v.toUpperCase() === 'UNKNOWN'
const isAnonymous = (v: string | undefined): boolean => v?.toLowerCase() === 'anonymous'

function faultMessage(r: Wso2Record): string | undefined {
  if (!r.errorMessage && r.errorCode === undefined) return undefined
  return [r.errorCode, r.errorMessage].filter((x) => x !== undefined).join(' ')
}

export const wso2Format: FormatAdapter<typeof Schema> = {
  name: 'wso2',
  schema: Schema,
  timeKeys: ['requestTimestamp'],

  detect(r) {
    return 'apiName' in r && 'proxyResponseCode' in r
  },

  toRaw(r) {
    const context = r.apiContext ?? r.properties?.apiContext
    const path = joinPath(context, r.apiResourceTemplate)
    const total = ms(r.responseLatency)
    const backend = ms(r.backendLatency)
    const reqMed = ms(r.requestMediationLatency)
    const respMed = ms(r.responseMediationLatency)
    const userName = r.userName ?? r.properties?.userName
    const appId = isUnknown(r.applicationId) ? undefined : r.applicationId
    const anonymous = isAnonymous(r.applicationId) || isAnonymous(r.applicationName) || isAnonymous(userName)
    return finishRaw({
      ts: r.requestTimestamp,
      method: r.apiMethod ?? '-',
      path,
      status: r.proxyResponseCode,
      latency_ms: total,
      backend_latency_ms: backend,
      gateway_latency_ms: reqMed !== undefined && respMed !== undefined ? reqMed + respMed : overhead(total, backend),
      route: r.apiResourceTemplate ? path : undefined,
      api_name: r.apiName,
      api_version: r.apiVersion,
      consumer_id: anonymous ? undefined : appId,
      user_id: isUnknown(userName) || isAnonymous(userName) ? undefined : userName,
      client_address: r.userIp,
      auth_outcome: authOutcome({
        status: r.proxyResponseCode,
        failed: r.errorType?.toUpperCase() === 'AUTH',
        anonymous,
        identified: !!appId,
      }),
      request_id: r.correlationId,
      user_agent: r.properties?.['user-agent'] ?? r.userAgent,
      message: faultMessage(r),
      upstream: r.destination,
    })
  },
}
