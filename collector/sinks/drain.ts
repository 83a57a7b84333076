/**
 * Moves spooled frames to their target (ClickHouse or Kafka) in batches, in
 * order, at least once — and with the batch's idempotency token, effectively
 * once: the exact range of a batch is recorded before it is sent, so after a
 * crash the same range is resent with the same token and the target drops it.
 */
import { SpanStatusCode, trace } from '@opentelemetry/api'
import type { Position } from './spool-cursor.js'
import { comparePos } from './spool-cursor.js'
import type { Spool, SpooledFrame } from './spool.js'

// A proxy: spans go to whichever tracer provider is installed when they start.
const tracer = trace.getTracer('pantau.collector')

export interface DrainTarget {
  readonly name: string
  /** Deliver the frames; `token` is stable for this exact range across restarts. */
  write(frames: SpooledFrame[], token: string): Promise<void>
}

export interface DrainOptions {
  /** Target batch size in spool bytes. */
  batchBytes: number
  /** How long to wait for a batch to fill before sending a smaller one. */
  lingerMs: number
  /** Upper bound of the retry backoff. */
  maxBackoffMs: number
  onError?: (e: unknown, attempt: number) => void
  onBatch?: (frames: number, bytes: number, ms: number) => void
}

export class SpoolDrain {
  private running = false
  private loop?: Promise<void>
  private stopWaiting?: () => void
  /** Consecutive failed deliveries of the current batch (0 when healthy). */
  failures = 0

  constructor(
    private readonly spool: Spool,
    private readonly target: DrainTarget,
    private readonly opts: DrainOptions,
  ) {}

  start(): void {
    if (this.running) return
    this.running = true
    this.loop = this.supervise()
  }

  /** Keep the loop alive: an unexpected error (I/O) is reported and the loop restarts. */
  private async supervise(): Promise<void> {
    for (let attempt = 1; this.running; attempt++) {
      try {
        await this.run()
        return
      } catch (e) {
        this.opts.onError?.(e, attempt)
        await this.interruptible(sleep(Math.min(this.opts.maxBackoffMs, 100 * 2 ** Math.min(attempt, 10))))
      }
    }
  }

  /** Stop after the batch in flight (if any) is delivered or abandoned. */
  async stop(): Promise<void> {
    this.running = false
    this.stopWaiting?.()
    await this.loop
  }

  /** Resolves once everything appended so far has been delivered. */
  async flushed(timeoutMs = 60_000): Promise<void> {
    const target = this.spool.headPosition
    const deadline = Date.now() + timeoutMs
    while (comparePos(this.spool.cursor.state.committed, target) < 0) {
      if (Date.now() > deadline) throw new Error(`drain to ${this.target.name} did not catch up in ${timeoutMs} ms`)
      await sleep(10)
    }
  }

  private async run(): Promise<void> {
    const cursor = this.spool.cursor
    const pending = cursor.state.pending
    if (pending) {
      // A batch was in flight when the process stopped: resend exactly it.
      const { frames } = await this.spool.read(pending.start, Number.MAX_SAFE_INTEGER, pending.end)
      if (!(await this.deliver(frames, pending.start, pending.end))) return
    }
    while (this.running) {
      const from = cursor.state.committed
      await this.waitForBatch(from)
      if (!this.running && comparePos(this.spool.headPosition, from) <= 0) break
      const { frames, end } = await this.spool.read(from, this.opts.batchBytes)
      if (frames.length === 0) {
        if (comparePos(end, from) > 0) cursor.commit(end) // skipped corrupt bytes
        continue
      }
      cursor.begin(from, end)
      if (!(await this.deliver(frames, from, end))) return
    }
  }

  private async waitForBatch(from: Position): Promise<void> {
    await this.interruptible(this.spool.waitForData(from, 1000))
    if (this.spool.unconsumedBytes < this.opts.batchBytes && this.running) {
      await this.interruptible(sleep(this.opts.lingerMs))
    }
  }

  private interruptible(p: Promise<void>): Promise<void> {
    return Promise.race([p, new Promise<void>((r) => (this.stopWaiting = r))])
  }

  /** Deliver with retries; false when stopped before it succeeded. */
  private async deliver(frames: SpooledFrame[], start: Position, end: Position): Promise<boolean> {
    const token = `${this.spool.id}:${start.seg}.${start.off}-${end.seg}.${end.off}`
    const bytes = frames.reduce((n, f) => n + f.payload.length, 0)
    for (let attempt = 1; ; attempt++) {
      const t0 = performance.now()
      const span = tracer.startSpan('pantau.drain.batch', {
        attributes: { 'pantau.target': this.target.name, 'pantau.frames': frames.length, 'pantau.bytes': bytes, 'pantau.attempt': attempt },
      })
      try {
        await this.target.write(frames, token)
        span.end()
        this.failures = 0
        this.spool.cursor.commit(end)
        this.spool.release(end)
        this.opts.onBatch?.(frames.length, bytes, performance.now() - t0)
        return true
      } catch (e) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message })
        span.end()
        this.failures = attempt
        this.opts.onError?.(e, attempt)
        if (!this.running) return false
        await this.interruptible(sleep(Math.min(this.opts.maxBackoffMs, 100 * 2 ** Math.min(attempt, 10))))
        if (!this.running) return false
      }
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
