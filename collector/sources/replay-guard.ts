/**
 * A resent body is not stored twice. Gateways resend a whole batch when the
 * answer was not a 2xx — Kong's http-log queue retries the 400 of a partial
 * success for up to `max_retry_time`. A body byte-identical to one this
 * collector took from the same gateway on the same path within `ttlMs`, and
 * whose answer the caller chose to `keep` (the partial successes), gets that
 * answer again and stores nothing. Accepted batches are not remembered: two
 * byte-identical batches can be two real requests (formats without request
 * ids, one-second timestamps), and losing one would be worse than storing a
 * rare resend twice. A run that failed (spool full) is forgotten too: its
 * retry is processed for real.
 *
 * Scope: one collector process; a retry that reaches another collector
 * behind a load balancer is stored again (sticky routing by token avoids it).
 */
import { createHash } from 'node:crypto'

export interface ReplayGuardOptions {
  ttlMs: number
  maxEntries: number
  now?: () => number
}

export class ReplayGuard<T> {
  private readonly seen = new Map<string, { at: number; result: Promise<T> }>()

  constructor(
    private readonly opts: ReplayGuardOptions,
    /** Which answers a resend gets again (the others are forgotten once known). */
    private readonly keep: (result: T) => boolean = () => true,
  ) {}

  /** `run()` once per distinct (gateway, path, body) within the window; `replayed` when this call reused an earlier answer. */
  async once(gatewayId: string, path: string, body: Buffer, run: () => Promise<T>): Promise<{ result: T; replayed: boolean }> {
    const now = (this.opts.now ?? Date.now)()
    this.evict(now)
    const key = createHash('sha256').update(gatewayId).update('\0').update(path).update('\0').update(body).digest('base64')
    const hit = this.seen.get(key)
    if (hit) {
      const earlier = await hit.result.catch(() => undefined)
      if (earlier !== undefined && this.keep(earlier)) return { result: earlier, replayed: true }
    }
    const result = run()
    const entry = { at: now, result }
    this.seen.set(key, entry)
    const forget = () => this.seen.get(key) === entry && this.seen.delete(key)
    result.then((r) => this.keep(r) || forget(), forget)
    return { result: await result, replayed: false }
  }

  get size(): number {
    return this.seen.size
  }

  /** Entries are in insertion (= time) order: drop expired ones and the oldest beyond the bound. */
  private evict(now: number): void {
    for (const [key, entry] of this.seen) {
      if (this.seen.size <= this.opts.maxEntries && now - entry.at < this.opts.ttlMs) break
      this.seen.delete(key)
    }
  }
}
