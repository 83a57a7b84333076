/** Timing helpers of the query benchmarks: repeated runs after a warm-up, and percentiles of them. */

export const RUNS = 10

/** `fn` once to warm up, then RUNS times; the durations in ms, sorted. */
export async function timed(fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  const times: number[] = []
  await fn() // warm-up
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  return times.sort((a, b) => a - b)
}

/** The q-quantile of sorted durations (nearest rank). */
export const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
