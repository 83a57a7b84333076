/**
 * A process-wide budget of request bodies being decoded and transformed at
 * once (issue 14). From its read to its spool write a body is held as text
 * and as rows, a few times its size, so what a collector's memory grows with
 * is the bodies in flight together, not the request rate. A body is admitted
 * while it and the bodies in flight fit the budget, or alone whatever its size
 * (the body limit bounds that); otherwise it is refused at once — HTTP 503 or
 * gRPC UNAVAILABLE with a retry hint, which shippers retry — and nothing of it
 * is stored. One gateway holds at most half the budget (its first body
 * excepted), so a gateway sending many large bodies at once leaves room for
 * the others.
 */

/** A body refused for the bodies already in flight (retry shortly). */
export class OverloadedError extends Error {
  constructor(
    readonly bytes: number,
    readonly inFlightBytes: number,
    readonly budgetBytes: number,
  ) {
    super(`${inFlightBytes} bytes of requests are being processed; this body (${bytes} bytes) does not fit the ${budgetBytes}-byte budget now; retry`)
  }
}

export class InflightBudget {
  private used = 0
  private readonly byKey = new Map<string, number>()

  constructor(readonly budgetBytes: number) {}

  get inFlightBytes(): number {
    return this.used
  }

  /** Run `work` holding `bytes` of the budget for `key` (a gateway); OverloadedError when they do not fit now. */
  async admit<T>(key: string, bytes: number, work: () => Promise<T>): Promise<T> {
    const own = this.byKey.get(key) ?? 0
    if (this.used > 0 && this.used + bytes > this.budgetBytes) throw new OverloadedError(bytes, this.used, this.budgetBytes)
    if (own > 0 && own + bytes > this.budgetBytes / 2) throw new OverloadedError(bytes, own, this.budgetBytes / 2)
    this.used += bytes
    this.byKey.set(key, own + bytes)
    try {
      return await work()
    } finally {
      this.used -= bytes
      const left = this.byKey.get(key)! - bytes
      if (left > 0) this.byKey.set(key, left)
      else this.byKey.delete(key)
    }
  }
}
