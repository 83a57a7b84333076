/**
 * The alert evaluator (api role): every `intervalMs` — or on demand — it
 * evaluates the burn-rate alerts of every SLO and every threshold rule at
 * one instant, moves the alert lifecycle, records the changes, and hands the
 * alerts to the notifier. Evaluations are serialized; the clock is injected.
 *
 * Maintenance windows (shared/maintenance/): their minutes are left out of
 * every SLI and traffic rule, and a scope under a window now raises no alert.
 * An alert already firing when its window starts resolves at the next
 * evaluation (Gatus and Uptime Kuma stop alerting for a monitor under
 * maintenance); it is raised again after the window if the problem remains.
 */
import { metrics } from '@opentelemetry/api'
import type { Storage } from '../../storage/client.js'
import { jakartaIso } from '../http/envelope.js'
import { componentLogger, type Logger } from '../log/logger.js'
import type { AlertingConfig } from './config.js'
import { evaluateRule } from './conditions.js'
import { type AlertRecord, Lifecycle, type Transition } from './lifecycle.js'
import { alertLinks, type ExploreHint } from './links.js'
import { annotate, type Labels } from './messages.js'
import { Notifier } from './notifier.js'
import { budgetRemaining, burnRate, DAY_MS, evaluatePairs, SEVERITIES, WINDOWS, type WindowName } from './rules.js'
import type { Rule, Slo, SloStatus } from './schemas.js'
import { silencedBy } from './silences.js'
import { sliCounts, type SliTarget } from './sli.js'
import { AlertStore } from './store.js'
import { z } from 'zod'
import { coveringWindow } from '../maintenance/exclusion.js'
import type { MaintenanceSpan } from '../maintenance/schemas.js'
import { listMaintenance } from '../maintenance/store.js'

/**
 * Rule kinds about availability: not raised for a scope (instansi, API,
 * gateway) under maintenance; a probe of a registered API carries the API's
 * gateway (conditions.ts), so its gateway's window holds it. Brute force and
 * certificate expiry are not availability: they are raised during maintenance
 * too.
 */
const MAINTENANCE_KINDS = new Set<Rule['kind']>(['error_rate', 'latency_p95', 'gateway_silent', 'probe_failing'])
/** Windows read per evaluation: those ending in this lookback (the longest rule window) or later. */
const MAINTENANCE_LOOKBACK_MS = 7 * DAY_MS

const ApiGatewayRow = z.object({ id: z.string(), gateway_id: z.string() })

/**
 * The registered gateway of each of these APIs (apis), for the windows scoped
 * to a gateway: an SLO of an API counts as under its gateway's window, as a
 * probe of it does. Read only when such a window is among `windows`.
 */
async function apiGateways(storage: Storage, ids: readonly string[], windows: readonly MaintenanceSpan[]): Promise<Map<string, string>> {
  if (ids.length === 0 || !windows.some((w) => w.gateway_id !== '')) return new Map()
  const rows = await storage.rows(ApiGatewayRow, 'SELECT id, gateway_id FROM apis FINAL WHERE deleted = 0 AND id IN {ids:Array(String)}', {
    ids: [...new Set(ids)],
  })
  return new Map(rows.map((r) => [r.id, r.gateway_id]))
}

const SHORT = Object.fromEntries(Object.entries(WINDOWS).filter(([, ms]) => ms <= 6 * 3600e3))
const LONG = Object.fromEntries(Object.entries(WINDOWS).filter(([, ms]) => ms > 6 * 3600e3))

export interface EvaluationSummary {
  at: string
  slos: number
  rules: number
  firing: number
  pending: number
  transitions: Array<{ fingerprint: string; alertname: string; instansi: string; from: string; to: string }>
  errors: string[]
}

const iso = (ms: number | null) => (ms === null ? null : jakartaIso(new Date(ms)))

export class AlertEngine {
  readonly store: AlertStore
  readonly lifecycle: Lifecycle
  readonly notifier: Notifier
  private chain: Promise<unknown> = Promise.resolve()
  private timer?: NodeJS.Timeout
  private stopped = false
  private readonly evaluations
  private readonly failures
  private readonly duration

  constructor(
    private readonly storage: Storage,
    readonly cfg: AlertingConfig,
    private readonly log: Logger = componentLogger('alerts'),
    readonly clock: () => number = Date.now,
  ) {
    this.store = new AlertStore(storage, clock)
    this.lifecycle = new Lifecycle(storage, cfg.resolvedRetentionMs)
    this.notifier = new Notifier(storage, { ...cfg, firingHorizonMs: 4 * Math.max(cfg.intervalMs, cfg.resendMs) }, () => void this.dispatch(), log)
    const meter = metrics.getMeter('pantau.alerts')
    this.evaluations = meter.createCounter('pantau.alerts.evaluations', { description: 'Alert rule evaluations (one per rule or SLO)' })
    this.failures = meter.createCounter('pantau.alerts.evaluation_failures', { description: 'Rule evaluations that failed (the alert keeps its state)' })
    this.duration = meter.createHistogram('pantau.alerts.evaluation_duration', { description: 'Duration of one evaluation cycle', unit: 'ms' })
    meter.createObservableGauge('pantau.alerts.active', { description: 'Alerts by state' }).addCallback((obs) => {
      const n = { pending: 0, firing: 0, resolved: 0 }
      for (const a of this.lifecycle.alerts.values()) n[a.state] += 1
      for (const [state, v] of Object.entries(n)) obs.observe(v, { state })
    })
  }

  async start(): Promise<void> {
    await this.lifecycle.restore()
    await this.notifier.restore()
    if (this.cfg.enabled) this.schedule()
  }

  /** Fixed rate, as Prometheus: the next cycle starts one interval after this one started (at once if it overran). */
  private schedule(delay = this.cfg.intervalMs): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      const started = Date.now()
      this.evaluate()
        .catch((error: unknown) => this.log.error({ error }, 'alerts: evaluation failed'))
        .finally(() => this.schedule(Math.max(0, started + this.cfg.intervalMs - Date.now())))
    }, delay)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.chain.catch(() => undefined)
    await this.notifier.stop()
  }

  private serialize<T>(job: () => Promise<T>): Promise<T> {
    const run = this.chain.catch(() => undefined).then(job)
    this.chain = run
    return run
  }

  /** One evaluation cycle at `at` (default: the clock). */
  evaluate(at = this.clock()): Promise<EvaluationSummary> {
    return this.serialize(() => this.evaluateAt(at))
  }

  /** Re-run the notifier (group wait expired, silence changed) without evaluating. */
  dispatch(at = this.clock()): Promise<void> {
    return this.serialize(async () => {
      if (this.stopped) return
      const [receivers, silences] = await Promise.all([this.store.receiverConfigs(), this.store.silences.activeAt(at)])
      this.notifier.process([...this.lifecycle.alerts.values()], receivers, silences, at)
    })
  }

  private async evaluateAt(at: number): Promise<EvaluationSummary> {
    const t0 = performance.now()
    const [slos, rules, receivers, silences] = await Promise.all([
      this.store.enabledSlos(),
      this.store.enabledRules(),
      this.store.receiverConfigs(),
      this.store.silences.activeAt(at),
    ])
    const transitions: Transition[] = []
    const errors: string[] = []
    const live = new Set<string>()
    // scopes under maintenance now raise nothing; a failed read suppresses nothing
    const maintenance = await listMaintenance(this.storage, { fromMs: at - MAINTENANCE_LOOKBACK_MS, toMs: at + 1 }).catch((e: Error) => {
      errors.push(`maintenance: ${e.message}`)
      return []
    })
    const underMaintenance = (labels: Record<string, string | undefined>) => coveringWindow(maintenance, labels, at) !== undefined
    const gateways = await apiGateways(
      this.storage,
      slos.map((s) => s.api_id),
      maintenance,
    ).catch((e: Error) => {
      errors.push(`maintenance: ${e.message}`)
      return new Map<string, string>()
    })
    try {
      const counts = await sliCounts(this.storage, slos.map(sliTarget), at, SHORT, LONG)
      for (const slo of slos) {
        const paused = underMaintenance({ instansi: slo.instansi, api_id: slo.api_id, gateway_id: gateways.get(slo.api_id) })
        const pairs = evaluatePairs(counts.get(slo.id) ?? {}, slo.objective).map((p) => (paused ? { ...p, firing: false } : p))
        for (const severity of SEVERITIES) {
          const ruleId = `slo:${slo.id}:${severity}`
          live.add(ruleId)
          const firing = pairs.filter((p) => p.severity === severity && p.firing)
          const labels: Labels = {
            alertname: 'SloErrorBudgetBurn',
            rule_id: ruleId,
            severity,
            instansi: slo.instansi,
            api_id: slo.api_id,
            slo: slo.id,
            sli: slo.sli,
          }
          const value = Math.max(0, ...firing.map((p) => Math.min(p.burn_long, p.burn_short)))
          const details = { ...labels, objective: String(slo.objective), burn_windows: firing.map((p) => `${p.long}/${p.short} ≥ ${p.factor}×`).join(', ') }
          const hint: ExploreHint = {
            ...(slo.sli === 'latency' ? { min_latency_ms: slo.latency_ms } : { status_class: '5xx' as const }),
            windowMs: Math.min(6 * 3600e3, Math.max(0, ...firing.map((p) => WINDOWS[p.long]))),
          }
          transitions.push(...this.lifecycle.apply(ruleId, 0, firing.length ? [{ labels, annotations: annotate(details, value), value, hint }] : [], at))
        }
      }
      this.evaluations.add(slos.length, { kind: 'slo_burn_rate' })
    } catch (e) {
      for (const slo of slos) for (const s of SEVERITIES) live.add(`slo:${slo.id}:${s}`)
      this.failures.add(1, { kind: 'slo_burn_rate' })
      errors.push(`slo: ${(e as Error).message}`)
    }
    for (const rule of rules) {
      live.add(rule.id)
      try {
        // a rule of one instansi binds only that instansi's windows ('' = every instansi: all of them)
        const windows = rule.instansi ? maintenance.filter((w) => w.instansi === rule.instansi) : maintenance
        const samples = (await evaluateRule(this.storage, rule, at, windows)).filter((s) => !MAINTENANCE_KINDS.has(rule.kind) || !underMaintenance(s.labels))
        const hint = ruleHint(rule)
        const observed = samples.map((s) => ({ labels: s.labels, annotations: annotate({ ...s.labels, ...s.extra }, s.value), value: s.value, hint }))
        transitions.push(...this.lifecycle.apply(rule.id, rule.for_s * 1000, observed, at))
        this.evaluations.add(1, { kind: rule.kind })
      } catch (e) {
        this.failures.add(1, { kind: rule.kind })
        errors.push(`${rule.id}: ${(e as Error).message}`)
      }
    }
    const swept = this.lifecycle.sweep(live, at)
    transitions.push(...swept.transitions)
    await this.lifecycle.persist(transitions, swept.forgotten)
    if (!this.stopped) this.notifier.process([...this.lifecycle.alerts.values()], receivers, silences, at)
    for (const e of errors) this.log.error(`alerts: ${e}`)
    this.duration.record(performance.now() - t0)
    const all = [...this.lifecycle.alerts.values()]
    return {
      at: jakartaIso(new Date(at)),
      slos: slos.length,
      rules: rules.length,
      firing: all.filter((a) => a.state === 'firing').length,
      pending: all.filter((a) => a.state === 'pending').length,
      transitions: transitions.map((t) => ({
        fingerprint: t.alert.fingerprint,
        alertname: t.alert.labels.alertname ?? '',
        instansi: t.alert.instansi,
        from: t.from,
        to: t.to,
      })),
      errors,
    }
  }

  /** Live alerts (pending, firing, recently resolved) for the API. */
  async alerts(filter: { instansi?: string; state?: string; fingerprint?: string } = {}) {
    const silences = await this.store.silences.activeAt(this.clock())
    const keep = (a: AlertRecord) =>
      (!filter.instansi || a.instansi === filter.instansi) &&
      (!filter.state || a.state === filter.state) &&
      (!filter.fingerprint || a.fingerprint === filter.fingerprint)
    return [...this.lifecycle.alerts.values()].filter(keep).map((a) => ({
      fingerprint: a.fingerprint,
      rule_id: a.ruleId,
      instansi: a.instansi,
      state: a.state,
      silenced_by: silencedBy(silences, a.labels),
      labels: a.labels,
      annotations: a.annotations,
      value: Number.isFinite(a.value) ? a.value : 0,
      active_at: iso(a.activeAt)!,
      fired_at: iso(a.firedAt),
      resolved_at: iso(a.resolvedAt),
      links: alertLinks(a),
    }))
  }

  /** Error budget and burn rates of SLOs now. */
  async sloStatus(slos: Slo[], at = this.clock()): Promise<SloStatus[]> {
    const budgetWindows = Object.fromEntries(slos.map((s) => [`${s.window_days}d`, s.window_days * DAY_MS]))
    const counts = await sliCounts(this.storage, slos.map(sliTarget), at, SHORT, { ...LONG, ...budgetWindows })
    return slos.map((slo) => {
      const c = counts.get(slo.id) ?? {}
      const budget = c[`${slo.window_days}d`]
      const burn: Record<string, number> = {}
      for (const w of [...Object.keys(WINDOWS), `${slo.window_days}d`]) burn[w] = burnRate(c[w], slo.objective)
      return {
        slo,
        requests: budget?.requests ?? 0,
        bad: budget?.bad ?? 0,
        sli_pct: budget && budget.requests > 0 ? 100 * (1 - budget.bad / budget.requests) : null,
        error_budget_remaining: budgetRemaining(budget, slo.objective),
        burn_rate: burn,
        alerts: evaluatePairs(c as Partial<Record<WindowName, { requests: number; bad: number }>>, slo.objective),
      }
    })
  }
}

/** The requests a threshold rule looks at, for the link from its alerts to them. */
function ruleHint(rule: Rule): ExploreHint {
  const windowMs = Math.max(1, rule.window_min) * 60e3
  switch (rule.kind) {
    case 'error_rate':
      return { status_class: '5xx', windowMs }
    case 'latency_p95':
      return { min_latency_ms: rule.threshold, windowMs }
    case 'brute_force':
      return { status_class: '4xx', windowMs }
    case 'gateway_silent':
      return { windowMs: (rule.threshold + 60) * 60e3 }
    default:
      return {}
  }
}

function sliTarget(s: Slo): SliTarget {
  return { id: s.id, api_id: s.api_id, sli: s.sli, latency_ms: s.latency_ms }
}
