/**
 * A background job run after `firstMs` and then `everyMs` after each run
 * ends — one run at a time, timers unref'ed so they never keep a process
 * alive. `stop()` lets the running one finish and starts no other.
 */
export interface PeriodicOptions {
  firstMs: number
  everyMs: number
  /** A failed run is reported here; the next one is still scheduled. */
  onError: (err: Error) => void
}

export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<unknown> = Promise.resolve()
  private stopped = false

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly opts: PeriodicOptions,
  ) {}

  /** True once `stop()` was called: long runs check it between steps. */
  get stopping(): boolean {
    return this.stopped
  }

  start(): void {
    if (this.timer || this.stopped) return
    const tick = () => {
      this.running = this.run().catch((err: unknown) => {
        try {
          this.opts.onError(err instanceof Error ? err : new Error(String(err)))
        } catch {
          /* a failing reporter must not stop the job */
        }
      })
      void this.running.then(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.opts.everyMs).unref()
      })
    }
    this.timer = setTimeout(tick, this.opts.firstMs).unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
  }
}
