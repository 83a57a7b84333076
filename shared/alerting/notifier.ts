/**
 * Notifications, Alertmanager style. Alerts are routed to every enabled
 * receiver whose instansi (or '' = all) and matchers fit, and grouped per
 * receiver by (rule, instansi). A group is notified when its set changes — an
 * alert starts firing or a notified alert resolves — after `groupWait` for a
 * new group and `groupInterval` after the previous notification; unchanged
 * firing groups repeat after `repeatInterval`. So each receiver gets one
 * notification per state change. Silenced alerts are left out (their
 * resolution too). Alertmanager receivers get every firing alert re-posted
 * each `resendMs` instead, as Prometheus does.
 *
 * Each group delivers on its own promise with retries and exponential
 * backoff, so a failing receiver never delays the others. What was notified
 * is logged in `alert_notifications` and restored from it at start.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { metrics } from '@opentelemetry/api'
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { u64 } from '../../storage/columns.js'
import { componentLogger, type Logger } from '../log/logger.js'
import type { AlertRecord } from './lifecycle.js'
import { alertLinks } from './links.js'
import type { Notification, NotificationAlert } from './messages.js'
import { DELIVER } from './receivers/index.js'
import { DeliveryError, type ReceiverConfig } from './receivers/types.js'
import { matchesAll, silencedBy, type SilenceRow } from './silences.js'

/** A delivered notification, as `alert_notifications` logs it. */
const NotifiedRow = z.object({ receiver_id: z.string(), group_key: z.string(), firing: z.array(z.string()), resolved: z.array(z.string()), t: u64 })

export interface NotifierConfig {
  groupWaitMs: number
  groupIntervalMs: number
  repeatIntervalMs: number
  /** Alertmanager receivers: re-post firing alerts this often. */
  resendMs: number
  /** endsAt of firing alerts posted to Alertmanager: now + this. */
  firingHorizonMs: number
  retries: number
  retryBaseMs: number
  retryMaxMs: number
  timeoutMs: number
  externalUrl: string
}

interface Group {
  /** Fingerprints announced as firing to this receiver. */
  notified: Set<string>
  firstChangeAt: number | null
  lastSentAt: number
  inflight: boolean
}

export class Notifier {
  private readonly groups = new Map<string, Group>()
  private readonly inflight = new Set<Promise<void>>()
  private readonly abort = new AbortController()
  private wake?: NodeJS.Timeout
  private readonly sent
  private readonly failed

  constructor(
    private readonly storage: Storage,
    private readonly cfg: NotifierConfig,
    private readonly onWake: () => void,
    private readonly log: Logger = componentLogger('alerts'),
  ) {
    const meter = metrics.getMeter('pantau.alerts')
    this.sent = meter.createCounter('pantau.alerts.notifications', { description: 'Notifications delivered, by receiver kind' })
    this.failed = meter.createCounter('pantau.alerts.notification_failures', { description: 'Notifications given up after all retries' })
  }

  private group(key: string): Group {
    return this.groups.get(key) ?? this.groups.set(key, { notified: new Set(), firstChangeAt: null, lastSentAt: 0, inflight: false }).get(key)!
  }

  /** Rebuild what each receiver was told from the notification log. */
  async restore(): Promise<void> {
    const rows = await this.storage.rows(
      NotifiedRow,
      `SELECT receiver_id, group_key, firing, resolved, toUnixTimestamp64Milli(ts) AS t FROM alert_notifications
       WHERE ok = 1 AND ts > now() - INTERVAL 7 DAY ORDER BY ts`,
    )
    for (const r of rows) {
      const g = this.group(`${r.receiver_id}\u0000${r.group_key}`)
      for (const fp of r.firing) g.notified.add(fp)
      for (const fp of r.resolved) g.notified.delete(fp)
      g.lastSentAt = r.t
    }
  }

  /** Decide and start the deliveries due at `at`; returns without waiting for them. */
  process(alerts: readonly AlertRecord[], receivers: readonly ReceiverConfig[], silences: readonly SilenceRow[], at: number): void {
    let nextWake = Infinity
    const muted = (a: AlertRecord) => silencedBy(silences, a.labels).length > 0
    for (const r of receivers) {
      if (!r.enabled) continue
      const groups = new Map<string, AlertRecord[]>()
      for (const a of alerts) {
        if (a.state === 'pending' || (r.instansi && a.instansi !== r.instansi) || !matchesAll(r.matchers, a.labels)) continue
        const gk = r.kind === 'alertmanager' ? '*' : `${a.ruleId}|${a.instansi}`
        groups.get(gk)?.push(a) ?? groups.set(gk, [a])
      }
      for (const [gk, list] of groups) {
        const g = this.group(`${r.id}\u0000${gk}`)
        if (g.inflight) continue
        const firing = list.filter((a) => a.state === 'firing' && !muted(a))
        const resolved = list.filter((a) => a.state === 'resolved' && g.notified.has(a.fingerprint))
        const announce = r.send_resolved ? resolved.filter((a) => !muted(a)) : []
        for (const a of resolved) if (!announce.includes(a)) g.notified.delete(a.fingerprint)
        const changed = firing.some((a) => !g.notified.has(a.fingerprint)) || announce.length > 0
        const repeatMs = r.kind === 'alertmanager' ? this.cfg.resendMs : this.cfg.repeatIntervalMs
        if (changed) {
          g.firstChangeAt ??= at
          const wait = r.kind === 'alertmanager' ? 0 : g.lastSentAt ? this.cfg.groupIntervalMs : this.cfg.groupWaitMs
          const readyAt = (g.lastSentAt || g.firstChangeAt) + wait
          if (at >= readyAt) this.send(r, gk, g, firing, announce, 'change', at)
          else nextWake = Math.min(nextWake, readyAt)
        } else if (firing.length && at - g.lastSentAt >= repeatMs) {
          this.send(r, gk, g, firing, [], 'repeat', at)
        }
      }
    }
    if (nextWake < Infinity && !this.abort.signal.aborted) {
      clearTimeout(this.wake)
      this.wake = setTimeout(this.onWake, Math.max(0, nextWake - at) + 5)
      this.wake.unref()
    }
  }

  private send(r: ReceiverConfig, gk: string, g: Group, firing: AlertRecord[], resolved: AlertRecord[], reason: string, at: number): void {
    const view = (a: AlertRecord, status: NotificationAlert['status']): NotificationAlert => ({
      fingerprint: a.fingerprint,
      status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.firedAt ?? a.activeAt,
      endsAt: a.resolvedAt,
      links: alertLinks(a),
    })
    const first = firing[0] ?? resolved[0]
    const n: Notification = {
      receiver: r.name,
      groupKey: `${r.id}:${gk}`,
      status: firing.length ? 'firing' : 'resolved',
      groupLabels: r.kind === 'alertmanager' ? {} : { alertname: first.labels.alertname ?? '', rule_id: first.ruleId, instansi: first.instansi },
      alerts: [...firing.map((a) => view(a, 'firing')), ...resolved.map((a) => view(a, 'resolved'))],
      externalUrl: this.cfg.externalUrl,
    }
    g.inflight = true
    const p = this.deliver(r, n, at)
      .then(async ({ ok, attempts, error }) => {
        if (ok) {
          for (const a of firing) g.notified.add(a.fingerprint)
          for (const a of resolved) g.notified.delete(a.fingerprint)
          g.lastSentAt = at
          g.firstChangeAt = null
          this.sent.add(1, { kind: r.kind, status: n.status })
        } else {
          this.failed.add(1, { kind: r.kind })
          this.log.error({ receiver: r.id, kind: r.kind, attempts, error }, 'alerts: receiver failed after all attempts')
        }
        await this.storage.insertRows('alert_notifications', [
          {
            ts: Date.now(),
            receiver_id: r.id,
            receiver_kind: r.kind,
            group_key: gk,
            instansi: first.instansi,
            status: n.status,
            reason,
            fingerprints: n.alerts.map((a) => a.fingerprint),
            firing: firing.map((a) => a.fingerprint),
            resolved: resolved.map((a) => a.fingerprint),
            attempts,
            ok: ok ? 1 : 0,
            error,
          },
        ])
      })
      .catch((error: unknown) => this.log.error({ error }, 'alerts: notification log failed'))
      .finally(() => {
        g.inflight = false
        this.inflight.delete(p)
      })
    this.inflight.add(p)
  }

  /** One notification with retries: exponential backoff (or the receiver's Retry-After) between attempts. */
  private async deliver(r: ReceiverConfig, n: Notification, at: number): Promise<{ ok: boolean; attempts: number; error: string }> {
    const ctx = { at, firingEndsAt: at + this.cfg.firingHorizonMs, timeoutMs: this.cfg.timeoutMs }
    let error = ''
    for (let attempt = 1; ; attempt++) {
      try {
        await DELIVER[r.kind](r, n, ctx)
        return { ok: true, attempts: attempt, error: '' }
      } catch (e) {
        error = (e as Error).message
        const retryable = !(e instanceof DeliveryError) || e.retryable
        if (!retryable || attempt > this.cfg.retries || this.abort.signal.aborted) return { ok: false, attempts: attempt, error }
        const backoff = Math.min(this.cfg.retryMaxMs, this.cfg.retryBaseMs * 2 ** (attempt - 1))
        const delay = e instanceof DeliveryError && e.retryAfterMs ? Math.min(this.cfg.retryMaxMs, e.retryAfterMs) : backoff
        try {
          await sleep(delay, undefined, { signal: this.abort.signal })
        } catch {
          return { ok: false, attempts: attempt, error }
        }
      }
    }
  }

  /** Resolves when no delivery is in flight. */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight])
  }

  /** Stop waking up and cut retries short; waits for deliveries in flight. */
  async stop(): Promise<void> {
    clearTimeout(this.wake)
    this.abort.abort()
    await this.idle()
  }
}
