/**
 * The probe scheduler (collector role): reloads the enabled probes every
 * `reloadMs`, runs each every `interval_s` (at most `concurrency` at once,
 * never two of the same probe), and writes the results in small batches.
 */
import { metrics } from '@opentelemetry/api'
import type { Logger } from '../../shared/log/logger.js'
import { type ProbeConfig, type ProbeResultRow, runCheck } from './check.js'
import type { ProbeStore } from './store.js'

export interface ProbeRunnerOptions {
  store: ProbeStore
  reloadMs?: number
  tickMs?: number
  concurrency?: number
  log?: Logger
}

export class ProbeRunner {
  private probes = new Map<string, ProbeConfig>()
  private readonly nextDue = new Map<string, number>()
  private readonly running = new Set<string>()
  private readonly inflight = new Set<Promise<void>>()
  private buffer: ProbeResultRow[] = []
  private timer?: NodeJS.Timeout
  private lastLoad = 0
  private stopped = false
  private readonly abort = new AbortController()
  private readonly checks = metrics.getMeter('pantau.probes').createCounter('pantau.probes.checks', { description: 'Probe checks run, by outcome' })

  constructor(private readonly opts: ProbeRunnerOptions) {}

  async start(): Promise<void> {
    await this.reload().catch((error: unknown) => this.opts.log?.error({ error }, 'probes: loading failed'))
    this.loop()
  }

  private loop(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.tick()
        .catch((error: unknown) => this.opts.log?.error({ error }, 'probes: a round of checks failed'))
        .finally(() => this.loop())
    }, this.opts.tickMs ?? 500)
    this.timer.unref()
  }

  async reload(): Promise<void> {
    const list = await this.opts.store.load()
    this.probes = new Map(list.map((p) => [p.id, p]))
    for (const id of this.nextDue.keys()) if (!this.probes.has(id)) this.nextDue.delete(id)
    this.lastLoad = Date.now()
  }

  private async tick(): Promise<void> {
    if (Date.now() - this.lastLoad >= (this.opts.reloadMs ?? 10_000)) await this.reload()
    const now = Date.now()
    for (const p of this.probes.values()) {
      if ((this.nextDue.get(p.id) ?? 0) > now || this.running.has(p.id)) continue
      if (this.running.size >= (this.opts.concurrency ?? 32)) break
      this.nextDue.set(p.id, now + p.interval_s * 1000)
      this.launch(p)
    }
    await this.flush()
  }

  private launch(p: ProbeConfig): Promise<void> {
    this.running.add(p.id)
    const job = runCheck(p, this.abort.signal).then((row) => {
      if (this.stopped) return
      this.buffer.push(row)
      this.checks.add(1, { outcome: row.ok ? 'ok' : 'fail' })
    })
    const done = job.finally(() => {
      this.running.delete(p.id)
      this.inflight.delete(done)
    })
    this.inflight.add(done)
    return done
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return
    const rows = this.buffer
    this.buffer = []
    try {
      await this.opts.store.write(rows)
    } catch (e) {
      this.buffer.unshift(...rows.slice(-10_000))
      throw e
    }
  }

  /** Run the given probes (default: all) now and store their results; for tests and `POST /v1/probes/{id}/run`. */
  async runNow(ids?: string[]): Promise<ProbeResultRow[]> {
    await this.reload()
    const chosen = [...this.probes.values()].filter((p) => !ids || ids.includes(p.id))
    const rows = await Promise.all(chosen.map((p) => runCheck(p)))
    await this.opts.store.write(rows)
    return rows
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    this.abort.abort()
    await Promise.allSettled([...this.inflight])
    await this.flush().catch(() => undefined)
  }
}
