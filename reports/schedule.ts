/**
 * Scheduled generation: at every hourly check that falls in the night hours
 * (01:00–05:00 WIB by default), for each instansi with evidence (traffic in
 * the period, or a policy in the register) and each indicator, the report of
 * the previous calendar month (WIB) and of the previous calendar year is
 * generated unless a scheduled one already exists. A missed month (the API
 * was down that night) is caught up the next night. Jobs run one at a time;
 * `stop()` lets the running one finish and starts no other.
 */
import { z } from 'zod'
import { PeriodicJob } from '../shared/jobs/periodic.js'
import type { Logger } from '../shared/log/logger.js'
import { generateReport, type ReportServices } from './generate.js'
import { previousMonth, previousYear, wibParts } from './period.js'
import type { ReportRecord } from './store.js'
import { Indicator, type Period, type Trigger } from './types.js'

export const ScheduleConfig = z.object({
  enabled: z.boolean().default(true),
  /** First check after start: let the stack settle (and short test runs finish) first. */
  firstCheckMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(5 * 60_000),
  checkEveryMs: z.coerce.number().int().min(1000).default(3600_000),
  indicators: z.array(Indicator).default(['i7', 'i18']),
  /** Only these instansi (default: every instansi with evidence). */
  instansi: z.array(z.string().min(1)).optional(),
  /** WIB hours [from, to) in which checks generate: a night batch, away from the working day. */
  hours: z.tuple([z.number().int().min(0).max(23), z.number().int().min(1).max(24)]).default([1, 5]),
})
export type ScheduleConfig = z.infer<typeof ScheduleConfig>

const InstansiCode = z.object({ instansi: z.string() })

export function scheduleConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ScheduleConfig {
  return ScheduleConfig.parse({
    enabled: env.PANTAU_REPORT_SCHEDULE ? !['off', 'false', '0'].includes(env.PANTAU_REPORT_SCHEDULE) : undefined,
    firstCheckMs: env.PANTAU_REPORT_SCHEDULE_DELAY_MS || undefined,
    instansi: env.PANTAU_REPORT_SCHEDULE_INSTANSI ? env.PANTAU_REPORT_SCHEDULE_INSTANSI.split(',').map((s) => s.trim()) : undefined,
    hours: env.PANTAU_REPORT_SCHEDULE_HOURS ? env.PANTAU_REPORT_SCHEDULE_HOURS.split('-').map(Number) : undefined,
  })
}

export interface SchedulerOptions {
  baseUrl: string
  config: ScheduleConfig
  log?: Logger
  clock?: () => number
}

export class ReportScheduler {
  private readonly job: PeriodicJob

  constructor(
    private readonly svc: ReportServices,
    private readonly opts: SchedulerOptions,
  ) {
    this.job = new PeriodicJob(() => this.check(), {
      firstMs: opts.config.firstCheckMs,
      everyMs: opts.config.checkEveryMs,
      onError: (error) => opts.log?.error({ error }, 'reports: scheduled generation failed'),
    })
  }

  start(): void {
    if (this.opts.config.enabled) this.job.start()
  }

  stop(): Promise<void> {
    return this.job.stop()
  }

  /** One hourly check: generate only within the night hours. */
  private async check(): Promise<void> {
    const now = (this.opts.clock ?? Date.now)()
    const [from, to] = this.opts.config.hours
    const hour = wibParts(now).hour
    if (hour >= from && hour < to) await this.runOnce(now)
  }

  /** Generate every due report that does not exist yet; returns what was generated. */
  async runOnce(now = (this.opts.clock ?? Date.now)()): Promise<ReportRecord[]> {
    const due: Array<{ trigger: Trigger; period: Period }> = [
      { trigger: 'monthly', period: previousMonth(now) },
      { trigger: 'yearly', period: previousYear(now) },
    ]
    const done: ReportRecord[] = []
    for (const { trigger, period: p } of due) {
      const period = p.label
      const instansi = await this.evidenced(p)
      const existing = await this.svc.store.list({ trigger, period }, 100_000, 0)
      const have = new Set(existing.rows.map((r) => `${r.instansi}#${r.indicator}`))
      for (const code of instansi)
        for (const indicator of this.opts.config.indicators) {
          if (this.job.stopping) return done
          if (have.has(`${code}#${indicator}`)) continue
          try {
            done.push(
              await generateReport(this.svc, { request: { instansi: code, indicator, period }, by: 'scheduler', trigger, baseUrl: this.opts.baseUrl, now }),
            )
          } catch (err) {
            this.opts.log?.error({ trigger, indicator, instansi: code, period, error: err }, 'reports: a scheduled report failed')
          }
        }
    }
    if (done.length) this.opts.log?.info({ count: done.length }, `reports: ${done.length} scheduled report(s) generated`)
    return done
  }

  /** Instansi with something to report for the period: traffic in it, or a policy in the register (no empty reports). */
  private async evidenced(p: Period): Promise<string[]> {
    const rows = await this.svc.storage.rows(
      InstansiCode,
      `SELECT DISTINCT instansi FROM request_rollup_1h WHERE bucket >= {f:DateTime} AND bucket < {t:DateTime} AND instansi != ''
       UNION DISTINCT SELECT DISTINCT instansi FROM policy_documents FINAL WHERE deleted = 0`,
      { f: Math.floor(p.fromMs / 1000), t: Math.floor(p.toMs / 1000) },
    )
    const only = this.opts.config.instansi
    return rows
      .map((r) => r.instansi)
      .filter((code) => !only || only.includes(code))
      .sort()
  }
}
