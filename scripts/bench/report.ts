/** How benchmarks print: named figures and ratios (against a target), all from one run. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface BenchContext {
  /** Scale a default size by PANTAU_BENCH_SCALE (e.g. 0.1 for a quick run). */
  scale(n: number): number
  /** A fresh directory under the system's temporary directory, removed by `cleanup()`. */
  tempDir(name: string): string
  /** Remove every directory `tempDir` made (a bench's data is hundreds of MB; runs used to leave it behind). */
  cleanup(): void
  log(msg: string): void
  figure(name: string, value: number, unit: string, note?: string): void
  /** A ratio and its target (met when ratio ≥ target, or ≤ for `lowerIsBetter`). */
  ratio(name: string, value: number, target?: number, lowerIsBetter?: boolean): void
  /**
   * A figure with its target (an issue's "done when"): printed with the target and
   * MET / NOT MET; met when value ≤ target for `lowerIsBetter`, else value ≥ target.
   */
  check(name: string, value: number, unit: string, target: number, lowerIsBetter: boolean, note?: string): void
  results: Array<{ name: string; value: number; unit: string; note?: string; target?: number; met?: boolean }>
}

export const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US')

export function benchContext(scaleFactor: number): BenchContext {
  const results: BenchContext['results'] = []
  const dirs: string[] = []
  const fmt = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(3))
  return {
    results,
    scale: (n) => Math.max(1, Math.round(n * scaleFactor)),
    tempDir(name) {
      const dir = mkdtempSync(join(tmpdir(), `pantau-bench-${name}-`))
      dirs.push(dir)
      return dir
    },
    cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
    },
    log: (msg) => console.log(msg),
    figure(name, value, unit, note) {
      results.push({ name, value, unit, note })
      console.log(`  ${name.padEnd(64)} ${fmt(value).padStart(14)} ${unit}${note ? `   (${note})` : ''}`)
    },
    check(name, value, unit, target, lowerIsBetter, note) {
      const met = lowerIsBetter ? value <= target : value >= target
      results.push({ name, value, unit, note, target, met })
      const verdict = `target ${lowerIsBetter ? '≤' : '≥'} ${fmt(target)} ${unit}: ${met ? 'MET' : 'NOT MET'}`
      console.log(`  ${name.padEnd(64)} ${fmt(value).padStart(14)} ${unit}   ${verdict}${note ? `   (${note})` : ''}`)
    },
    ratio(name, value, target, lowerIsBetter = false) {
      const met = target === undefined ? undefined : lowerIsBetter ? value <= target : value >= target
      results.push({ name, value, unit: 'ratio', target, met })
      const verdict = target === undefined ? '' : `   target ${lowerIsBetter ? '≤' : '≥'} ${target}: ${met ? 'MET' : 'NOT MET'}`
      console.log(`  ${name.padEnd(64)} ${value.toFixed(3).padStart(14)}${verdict}`)
    },
  }
}
