/**
 * Alert lifecycle, Prometheus style: a breaching target becomes `pending`,
 * then `firing` once it has breached for the rule's `for` (at once when 0);
 * a firing alert that stops breaching is `resolved`, a pending one is simply
 * dropped. Alerts are identified by their fingerprint, a stable hash of the
 * sorted non-empty labels, so one target is one alert however often it is
 * evaluated. Every change is written to `alert_history`; the current state
 * of live alerts to `alert_state`, from which a restart restores it.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { chMs, float } from '../../storage/columns.js'
import type { ExploreHint } from './links.js'
import type { Labels } from './messages.js'
import { AlertState, type AlertStateName } from './schemas.js'

export interface AlertRecord {
  fingerprint: string
  ruleId: string
  instansi: string
  labels: Labels
  annotations: Labels
  value: number
  state: AlertStateName
  activeAt: number
  firedAt: number | null
  resolvedAt: number | null
  /** The rule's condition and window, for the link to its requests (not stored: a restored alert reads its labels). */
  hint?: ExploreHint
}

export interface Transition {
  alert: AlertRecord
  from: AlertStateName | 'inactive'
  to: AlertStateName | 'inactive'
  at: number
}

export interface Observation {
  labels: Labels
  annotations: Labels
  value: number
  hint?: ExploreHint
}

export function cleanLabels(labels: Labels): Labels {
  const out: Labels = {}
  for (const k of Object.keys(labels).sort()) if (labels[k] !== '' && labels[k] !== undefined) out[k] = labels[k]
  return out
}

export function fingerprint(labels: Labels): string {
  const h = createHash('sha256')
  for (const k of Object.keys(labels).sort()) h.update(`${k}\u0000${labels[k]}\u0000`)
  return h.digest('hex').slice(0, 16)
}

const chTime = (ms: number | null) => (ms === null ? null : ms)

/** A live alert as `alert_state` keeps it (times as epoch ms). */
const StateRow = z.object({
  fingerprint: z.string(),
  rule_id: z.string(),
  instansi: z.string(),
  state: AlertState,
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  value: float,
  active_at: chMs,
  fired_at: chMs.nullable(),
  resolved_at: chMs.nullable(),
})

export class Lifecycle {
  readonly alerts = new Map<string, AlertRecord>()
  /** Row version of alert_state: strictly increasing in this process. */
  private version = 0

  constructor(
    private readonly storage: Storage,
    /** Resolved alerts stay this long (listed, and so the notifier can announce the resolution). */
    private readonly resolvedRetentionMs = 15 * 60_000,
  ) {}

  async restore(): Promise<void> {
    const rows = await this.storage.rows(
      StateRow,
      `SELECT fingerprint, rule_id, instansi, state, labels, annotations, value, active_at, fired_at, resolved_at
       FROM alert_state FINAL WHERE deleted = 0`,
    )
    for (const r of rows) {
      const alert: AlertRecord = {
        fingerprint: r.fingerprint,
        ruleId: r.rule_id,
        instansi: r.instansi,
        labels: r.labels,
        annotations: r.annotations,
        value: r.value ?? 0,
        state: r.state,
        activeAt: r.active_at,
        firedAt: r.fired_at,
        resolvedAt: r.resolved_at,
      }
      this.alerts.set(alert.fingerprint, alert)
    }
  }

  /**
   * Apply one successful evaluation of a rule: `observed` are its breaching
   * targets now. Alerts of the rule not observed go inactive or resolve.
   */
  apply(ruleId: string, forMs: number, observed: Observation[], at: number): Transition[] {
    const out: Transition[] = []
    const seen = new Set<string>()
    for (const o of observed) {
      const labels = cleanLabels(o.labels)
      const fp = fingerprint(labels)
      seen.add(fp)
      let a = this.alerts.get(fp)
      if (!a || a.state === 'resolved') {
        const from = a ? 'resolved' : 'inactive'
        a = {
          fingerprint: fp,
          ruleId,
          instansi: labels.instansi ?? '',
          labels,
          annotations: o.annotations,
          value: o.value,
          state: 'pending',
          activeAt: at,
          firedAt: null,
          resolvedAt: null,
        }
        this.alerts.set(fp, a)
        out.push({ alert: a, from, to: 'pending', at })
      }
      a.annotations = o.annotations
      a.value = o.value
      a.hint = o.hint
      if (a.state === 'pending' && at - a.activeAt >= forMs) {
        a.state = 'firing'
        a.firedAt = at
        out.push({ alert: a, from: 'pending', to: 'firing', at })
      }
    }
    for (const a of [...this.alerts.values()]) {
      if (a.ruleId !== ruleId || seen.has(a.fingerprint)) continue
      if (a.state === 'pending') {
        this.alerts.delete(a.fingerprint)
        out.push({ alert: a, from: 'pending', to: 'inactive', at })
      } else if (a.state === 'firing') {
        a.state = 'resolved'
        a.resolvedAt = at
        out.push({ alert: a, from: 'firing', to: 'resolved', at })
      }
    }
    return out
  }

  /** Alerts of rules that no longer exist resolve; resolved alerts past retention are forgotten. */
  sweep(liveRules: Set<string>, at: number): { transitions: Transition[]; forgotten: AlertRecord[] } {
    const transitions: Transition[] = []
    for (const ruleId of new Set([...this.alerts.values()].map((a) => a.ruleId))) if (!liveRules.has(ruleId)) transitions.push(...this.apply(ruleId, 0, [], at))
    const forgotten = [...this.alerts.values()].filter((a) => a.state === 'resolved' && at - (a.resolvedAt ?? at) >= this.resolvedRetentionMs)
    for (const a of forgotten) this.alerts.delete(a.fingerprint)
    return { transitions, forgotten }
  }

  /** Write the transitions to the history and the new states (and forgotten alerts) to alert_state. */
  async persist(transitions: Transition[], forgotten: AlertRecord[] = []): Promise<void> {
    if (transitions.length) {
      await this.storage.insertRows(
        'alert_history',
        transitions.map((t) => ({
          ts: t.at,
          fingerprint: t.alert.fingerprint,
          rule_id: t.alert.ruleId,
          instansi: t.alert.instansi,
          alertname: t.alert.labels.alertname ?? '',
          severity: t.alert.labels.severity ?? '',
          from_state: t.from,
          to_state: t.to,
          value: Number.isFinite(t.alert.value) ? t.alert.value : 0,
          labels: t.alert.labels,
          annotations: t.alert.annotations,
        })),
      )
    }
    const latest = new Map<string, { alert: AlertRecord; deleted: boolean; at: number }>()
    for (const t of transitions) latest.set(t.alert.fingerprint, { alert: t.alert, deleted: t.to === 'inactive', at: t.at })
    for (const a of forgotten) latest.set(a.fingerprint, { alert: a, deleted: true, at: a.resolvedAt ?? Date.now() })
    if (latest.size === 0) return
    await this.storage.insertRows(
      'alert_state',
      [...latest.values()].map(({ alert: a, deleted }) => ({
        fingerprint: a.fingerprint,
        rule_id: a.ruleId,
        instansi: a.instansi,
        state: a.state,
        labels: a.labels,
        annotations: a.annotations,
        value: Number.isFinite(a.value) ? a.value : 0,
        active_at: a.activeAt,
        fired_at: chTime(a.firedAt),
        resolved_at: chTime(a.resolvedAt),
        updated_at: (this.version = Math.max(Date.now(), this.version + 1)),
        deleted: deleted ? 1 : 0,
      })),
    )
  }
}
