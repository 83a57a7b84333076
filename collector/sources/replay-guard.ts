/**
 * A resent body is not stored twice. Gateways resend a whole batch when the
 * answer was not a 2xx — Kong's http-log queue retries the 400 of a partial
 * success for up to `max_retry_time` — or never arrived (a timeout after the
 * spool write). A body byte-identical to one this collector took from the
 * same gateway on the same path within `ttlMs` gets the first answer again
 * and stores nothing; logs carry timestamps and request ids, so two
 * different batches are never byte-identical. A run that failed (spool full)
 * is forgotten: its retry is processed for real.
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

  constructor(private readonly opts: ReplayGuardOptions) {}

  /** `run()` once per distinct (gateway, path, body) within the window; `replayed` when this call reused an earlier answer. */
  async once(gatewayId: string, path: string, body: Buffer, run: () => Promise<T>): Promise<{ result: T; replayed: boolean }> {
    const now = (this.opts.now ?? Date.now)()
    this.evict(now)
    const key = createHash('sha256').update(gatewayId).update('\0').update(path).update('\0').update(body).digest('base64')
    const hit = this.seen.get(key)
    if (hit) return { result: await hit.result, replayed: true }
    const result = run()
    this.seen.set(key, { at: now, result })
    result.catch(() => this.seen.delete(key))
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
