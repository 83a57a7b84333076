/**
 * Permenkomdigi 3/2025 Pasal 13 structured log: one JSON object per API call
 * with `timestamp` (ISO 8601), `level`, `service`, `requestId`, `userId`,
 * `method`, `endpoint`, `statusCode`, `duration` (ms) and `message`.
 *
 * Required here: timestamp, method, endpoint, statusCode (without them the
 * line is not a request record). The other Pasal 13 fields are optional but
 * counted in `log_fields_mask`, so compliance reports can show which of the
 * ten fields a source actually writes.
 *
 * Common extras accepted: clientIp, userAgent, consumer, requestSize and
 * responseSize (bytes), apiVersion, traceId. `endpoint` may be a path (with
 * query) or an absolute URL, in which case host and scheme are taken from it.
 */
import { z } from 'zod'
import { PASAL13_FIELDS, pasal13Mask, type Pasal13Field } from '../../event.js'
import { authOutcome, bytes, epochMs, finishRaw, httpMethod, httpStatus, ms, optNumber, optText, reqText, splitUrl, type FormatAdapter } from './adapter.js'

const Schema = z.looseObject({
  timestamp: epochMs,
  level: optText,
  service: optText,
  requestId: optText,
  userId: optText,
  method: httpMethod,
  endpoint: reqText,
  statusCode: httpStatus,
  duration: optNumber,
  message: optText,
  clientIp: optText,
  userAgent: optText,
  consumer: optText,
  requestSize: optNumber,
  responseSize: optNumber,
  apiVersion: optText,
  traceId: optText,
})
type Pasal13Record = z.infer<typeof Schema>

/** The Pasal 13 fields this record carries (after blank values were dropped). */
function presentFields(r: Pasal13Record): Pasal13Field[] {
  return PASAL13_FIELDS.filter((f) => r[f] !== undefined)
}

export const pasal13Format: FormatAdapter<typeof Schema> = {
  name: 'pasal13',
  schema: Schema,
  timeKeys: ['timestamp'],

  detect(r) {
    // camelCase Pasal 13 keys; statusCode may be the field that is missing
    return 'endpoint' in r && 'method' in r && ('statusCode' in r || 'requestId' in r || 'timestamp' in r)
  },

  toRaw(r) {
    const url = splitUrl(r.endpoint)
    return finishRaw({
      ts: r.timestamp,
      method: r.method,
      path: url.path ?? r.endpoint,
      status: r.statusCode,
      latency_ms: ms(r.duration),
      request_bytes: bytes(r.requestSize),
      response_bytes: bytes(r.responseSize),
      api_version: r.apiVersion,
      host: url.host,
      scheme: url.scheme,
      consumer_id: r.consumer,
      user_id: r.userId,
      client_address: r.clientIp,
      auth_outcome: authOutcome({ status: r.statusCode, identified: !!(r.userId || r.consumer) }),
      request_id: r.requestId,
      trace_id: r.traceId,
      user_agent: r.userAgent,
      service: r.service,
      level: r.level,
      message: r.message,
      log_fields_mask: pasal13Mask(presentFields(r)),
    })
  },
}
