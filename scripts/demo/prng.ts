/**
 * Seeded pseudo-random numbers for the demo data (never Math.random): the
 * same seed gives the same catalog and the same traffic, byte for byte.
 * mulberry32 is small and fast (a few ns per draw), which the traffic
 * generator needs; `fork` derives independent streams so that a day or a
 * gateway can be generated without generating what comes before it.
 */

/** 32-bit FNV-1a hash of a text, for seeds given as strings. */
export function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/**
 * Standard normal quantiles at (i + 0.5) / 4096 (Acklam's inverse-CDF
 * approximation): a table lookup is several times cheaper than Box–Muller,
 * and ±3.5σ is all the body of a latency distribution needs (the tail comes
 * from `pareto`).
 */
const NORMAL = (() => {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239]
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const inv = (p: number): number => {
    if (p < 0.02425) {
      const q = Math.sqrt(-2 * Math.log(p))
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    if (p > 1 - 0.02425) return -inv(1 - p)
    const q = p - 0.5
    const r = q * q
    return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  }
  return Float64Array.from({ length: 4096 }, (_, i) => inv((i + 0.5) / 4096))
})()

export class Rng {
  private s: number

  constructor(seed: number | string) {
    this.s = (typeof seed === 'string' ? hash32(seed) : seed) >>> 0
  }

  /** An independent stream for a named purpose (e.g. `day:3/gw:kemenkes-wso2`). */
  fork(label: string | number): Rng {
    return new Rng(hash32(`${this.s}:${label}`))
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const a = items.slice()
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const t = a[i]
      a[i] = a[j]
      a[j] = t
    }
    return a
  }

  /** Standard normal (from the 4096-quantile table). */
  normal(): number {
    return NORMAL[this.u32() >>> 20]
  }

  /** Log-normal with the given median and shape sigma. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** Pareto with scale xm and tail index alpha (heavier tail for smaller alpha). */
  pareto(xm: number, alpha: number): number {
    return xm / Math.pow(1 - this.next(), 1 / alpha)
  }

  /** `bytes` random bytes as lowercase hex. */
  hex(bytes: number): string {
    let s = ''
    for (let i = 0; i < bytes; i += 4) {
      const v = this.u32()
      s += HEX[v & 255] + HEX[(v >>> 8) & 255] + HEX[(v >>> 16) & 255] + HEX[v >>> 24]
    }
    return bytes % 4 === 0 ? s : s.slice(0, bytes * 2)
  }

  /** Fill with random 32-bit words. */
  fill(words: Uint32Array): void {
    for (let i = 0; i < words.length; i++) words[i] = this.u32()
  }

  /** A random (version 4 shaped) UUID. */
  uuid(): string {
    const h = this.hex(16)
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
  }

  /** A string of `n` decimal digits (leading digit non-zero). */
  digits(n: number): string {
    let s = String(1 + Math.floor(this.next() * 9))
    while (s.length < n) s += String(this.u32() % 1e8).padStart(8, '0')
    return s.slice(0, n)
  }
}

/**
 * Cumulative weights for fast weighted picks: `pickIndex(r)` is a binary
 * search over the prefix sums.
 */
export class WeightedPicker<T> {
  private readonly cum: Float64Array
  readonly total: number

  constructor(
    readonly items: readonly T[],
    weight: (item: T, index: number) => number,
  ) {
    this.cum = new Float64Array(items.length)
    let sum = 0
    items.forEach((it, i) => {
      sum += Math.max(0, weight(it, i))
      this.cum[i] = sum
    })
    this.total = sum
  }

  pickIndex(rng: Rng): number {
    const x = rng.next() * this.total
    let lo = 0
    let hi = this.cum.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.cum[mid] > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  pick(rng: Rng): T {
    return this.items[this.pickIndex(rng)]
  }
}

/** Zipf-like weights 1/rank^s for ranks 1..n. */
export function zipfWeights(n: number, s = 1.1): number[] {
  return Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s))
}

/**
 * Split `total` into integer parts proportional to `weights` (largest
 * remainder), so the parts always sum to exactly `total`.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  if (sum <= 0 || total <= 0) return weights.map(() => 0)
  const exact = weights.map((w) => (total * w) / sum)
  const parts = exact.map(Math.floor)
  let left = total - parts.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k][1]]++
  return parts
}
