/**
 * Waiting on conditions instead of fixed sleeps: `waitFor` polls until a check
 * holds (or fails naming what it waited for), so a test waits exactly as long
 * as the system needs, and proves absence only after a condition that makes
 * it certain (caught up, idle), never after a guessed delay.
 */

/**
 * Poll `check` every `intervalMs` until it returns a truthy value, and return that
 * value. A check that throws counts as "not yet"; after `timeoutMs` the error names
 * `what`, the last error thrown and `detail()` (process output, received requests…).
 */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 15_000, detail: () => string = () => '', intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const v = await check()
      if (v) return v
    } catch (e) {
      lastError = e
    }
    if (Date.now() > deadline) {
      const error = lastError === undefined ? '' : ` (last error: ${(lastError as Error)?.message ?? String(lastError)})`
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${error}\n${detail()}`.trimEnd())
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
