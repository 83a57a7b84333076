/**
 * Generic webhook: the Alertmanager webhook JSON (version 4), so existing
 * webhook consumers understand it (each alert's generatorURL opens its
 * requests in Jelajah, links.ts), signed when the receiver has a secret:
 *
 *   X-Pantau-Timestamp: <unix seconds>
 *   X-Pantau-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * Receivers recompute the HMAC over the raw body, compare in constant time
 * and reject stale timestamps (replays).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { generatorUrl, type Labels, type Notification } from '../messages.js'
import { type Deliver, iso, postJson } from './types.js'

export const SIGNATURE_HEADER = 'x-pantau-signature'
export const TIMESTAMP_HEADER = 'x-pantau-timestamp'

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** For receivers (and tests): does the signature match the body and secret? */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, timestamp, body))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

function common(maps: Labels[]): Labels {
  if (maps.length === 0) return {}
  return Object.fromEntries(Object.entries(maps[0]).filter(([k, v]) => maps.every((m) => m[k] === v)))
}

export function webhookPayload(n: Notification) {
  return {
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: 0,
    status: n.status,
    receiver: n.receiver,
    groupLabels: n.groupLabels,
    commonLabels: common(n.alerts.map((a) => a.labels)),
    commonAnnotations: common(n.alerts.map((a) => a.annotations)),
    externalURL: n.externalUrl,
    alerts: n.alerts.map((a) => ({
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: iso(a.startsAt),
      endsAt: iso(a.status === 'resolved' ? a.endsAt : null),
      generatorURL: generatorUrl(n, a),
      fingerprint: a.fingerprint,
    })),
  }
}

export const deliverWebhook: Deliver = async (r, n, ctx) => {
  const body = JSON.stringify(webhookPayload(n))
  const timestamp = String(Math.floor(Date.now() / 1000))
  const headers: Record<string, string> = r.secret ? { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: sign(r.secret, timestamp, body) } : {}
  await postJson(r.url, body, headers, ctx.timeoutMs)
}
