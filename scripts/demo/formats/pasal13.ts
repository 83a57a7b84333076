/**
 * Permenkomdigi 3/2025 Pasal 13 structured log line from an in-house
 * gateway: the ten required fields (timestamp in WIB, level, service,
 * requestId, userId, method, endpoint, statusCode, duration in ms, message)
 * plus the common extras (clientIp, userAgent, consumer, sizes, apiVersion,
 * traceId). Anonymous calls have no userId, which the compliance check sees.
 */
import { levelFor, messageFor, NDJSON, type Encoder, type Req } from './req.js'
import { WIB_OFFSET_MS as WIB } from '../diurnal.js'
import type { JsonWriter } from './writer.js'

const serviceBlock = (w: JsonWriter, r: Req) =>
  w.t`","service":"${r.routeName ? r.routeName.slice(r.routeName.indexOf('.') + 1) : 'gateway'}","requestId":"req-`
const versionBlock = (w: JsonWriter, r: Req) => w.t`,"apiVersion":"${r.apiVersion ? 'v' + r.apiVersion.split('.')[0] : ''}","traceId":"`

export const pasal13Encoder: Encoder = {
  ...NDJSON,
  path: '/ingest/pasal13',
  write(w: JsonWriter, r: Req): void {
    w.str('{"timestamp":"')
    w.iso(r.ts, WIB)
    w.t`","level":"${levelFor(r.status)}`
    w.cached(serviceBlock, r.apiKey, r)
    w.id(r.id, 12)
    w.str('",')
    if (r.userId) w.t`"userId":"${r.userId}",`
    w.t`"method":"${r.method}","endpoint":"${r.uri}","statusCode":${r.status},"duration":${Math.round(r.totalMs * 10) / 10},"message":"${messageFor(r.status)}","clientIp":"${w.enc(r.clientIp)}","userAgent":"${w.enc(r.userAgent)}",`
    if (r.consumer) w.t`"consumer":"${w.enc(r.consumer.kongUsername)}",`
    w.t`"requestSize":${r.requestBytes},"responseSize":${r.responseBytes}`
    w.cached(versionBlock, r.apiKey, r)
    w.id(r.id)
    w.str('"}')
  },
}
