/** What every receiver (channel) implements, and the HTTP delivery they share. */
import { z } from 'zod'
import type { Notification } from '../messages.js'
import { Receiver } from '../schemas.js'

/** A receiver as delivery needs it: with its secret. */
export const ReceiverConfig = Receiver.omit({ created_at: true, updated_at: true }).extend({
  secret: z.string().describe("HMAC key, bot token or SMTP password ('' when none)"),
})
export type ReceiverConfig = z.infer<typeof ReceiverConfig>

export interface DeliveryContext {
  /** The evaluation time the notification belongs to. */
  at: number
  /** endsAt to announce for still-firing alerts (Alertmanager's auto-resolve horizon). */
  firingEndsAt: number
  timeoutMs: number
}

export type Deliver = (r: ReceiverConfig, n: Notification, ctx: DeliveryContext) => Promise<void>

/** A failed delivery; `retryable` false for errors that another attempt cannot fix (4xx, bad config). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message)
  }
}

/** POST JSON; non-2xx becomes a DeliveryError (5xx, 429 and network errors are retryable). */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<string> {
  let res: Response
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(timeoutMs) })
  } catch (e) {
    throw new DeliveryError(`POST ${redact(url)}: ${(e as Error).message}`, true)
  }
  const text = await res.text().catch(() => '')
  if (res.ok) return text
  const retryAfter = Number(res.headers.get('retry-after'))
  throw new DeliveryError(
    `POST ${redact(url)}: HTTP ${res.status} ${text.slice(0, 200)}`,
    res.status >= 500 || res.status === 429 || res.status === 408,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  )
}

/** Telegram puts the bot token in the path: never log it. */
export function redact(url: string): string {
  return url.replace(/\/bot[^/]+\//, '/bot***/')
}

const ZERO_TIME = '0001-01-01T00:00:00Z'
export const iso = (ms: number | null) => (ms === null ? ZERO_TIME : new Date(ms).toISOString())
