/**
 * A process-wide budget of request bodies being decoded and transformed at
 * once (issue 14). From its read to its spool write a body is held as text
 * and as rows, a few times its size, so what a collector's memory grows with
 * is the bodies in flight together, not the request rate. A body is admitted
 * while it and the bodies in flight fit the budget, or alone whatever its size
 * (the body limit bounds that); otherwise it is refused at once — HTTP 503 or
 * gRPC UNAVAILABLE with a retry hint, which shippers retry — and nothing of it
 * is stored. Other gateways' bodies keep being admitted as the budget frees.
 */

/** A body refused for the bodies already in flight (retry shortly). */
export class OverloadedError extends Error {
  constructor(
    readonly bytes: number,
    readonly inFlightBytes: number,
    readonly budgetBytes: number,
  ) {
    super(
      `the collector is processing ${inFlightBytes} bytes of other requests; this body (${bytes} bytes) does not fit its ${budgetBytes}-byte budget now; retry`,
    )
  }
}

export class InflightBudget {
  private used = 0

  constructor(readonly budgetBytes: number) {}

  get inFlightBytes(): number {
    return this.used
  }

  /** Run `work` holding `bytes` of the budget; OverloadedError when they do not fit now. */
  async admit<T>(bytes: number, work: () => Promise<T>): Promise<T> {
    if (this.used > 0 && this.used + bytes > this.budgetBytes) throw new OverloadedError(bytes, this.used, this.budgetBytes)
    this.used += bytes
    try {
      return await work()
    } finally {
      this.used -= bytes
    }
  }
}
