/**
 * A byte writer for generated JSON: records are written straight into one
 * growing buffer instead of being built as JS strings and joined (which
 * costs more than generating them). `t` is a tag for template literals: the
 * literal pieces are encoded once per call site and copied, numbers are
 * written digit by digit, text that repeats per API / gateway / consumer is
 * rendered once and copied (`cached`, `enc`).
 *
 * Only for trusted ASCII text without quotes or backslashes (the demo
 * catalog is checked once, see assertJsonSafe): nothing is escaped.
 */
const PIECES = new WeakMap<TemplateStringsArray, Uint8Array[]>()
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))
const DAY = 86400e3

export class JsonWriter {
  private buf: Buffer
  pos = 0
  private day = NaN
  private dayText = ''
  private readonly cache = new Map<string, Uint8Array>()
  private readonly blocks = new Map<(...args: never[]) => unknown, WeakMap<object, Uint8Array>>()

  constructor(private readonly initial = 1 << 20) {
    this.buf = Buffer.allocUnsafeSlow(initial)
  }

  /**
   * Tagged template: w.t`{"a":${1},"b":"${'x'}"}`. Values are numbers,
   * strings, or bytes from `enc` (for text that repeats).
   */
  t(strings: TemplateStringsArray, ...values: Array<string | number | Uint8Array>): void {
    let parts = PIECES.get(strings)
    if (!parts) PIECES.set(strings, (parts = strings.map(ascii)))
    this.reserve(16384)
    for (let i = 0; i < values.length; i++) {
      if (parts[i].length) this.bytes(parts[i])
      const v = values[i]
      if (typeof v === 'number') this.num(v)
      else if (typeof v === 'string') this.str(v)
      else this.bytes(v)
    }
    this.bytes(parts[values.length])
  }

  /** The ASCII bytes of a text that recurs (user agents, hosts, names), cached. */
  enc(s: string): Uint8Array {
    let b = this.cache.get(s)
    if (!b) {
      b = ascii(s)
      if (this.cache.size < 100_000) this.cache.set(s, b)
    }
    return b
  }

  /**
   * Write what `render(this, arg)` writes, rendered once per `key` and then
   * copied: for text that is constant per API, gateway or consumer. `render`
   * must read only fields of `arg` that are constant for `key`.
   */
  cached<A>(render: (w: JsonWriter, arg: A) => void, key: object, arg: A): void {
    let byKey = this.blocks.get(render)
    if (!byKey) this.blocks.set(render, (byKey = new WeakMap()))
    const hit = byKey.get(key)
    if (hit) {
      this.reserve(hit.length + 16384)
      this.bytes(hit)
      return
    }
    const from = this.pos
    render(this, arg)
    byKey.set(key, Uint8Array.prototype.slice.call(this.buf, from, this.pos))
  }

  /** The first `digits` hex digits of a 128-bit id (4 words), optionally as a UUID (8-4-4-4-12). */
  id(words: Uint32Array, digits = 32, dashed = false): void {
    const buf = this.buf
    let p = this.pos
    for (let i = 0; i < digits; i++) {
      if (dashed && (i === 8 || i === 12 || i === 16 || i === 20)) buf[p++] = 45
      const nibble = (words[i >> 3] >>> ((7 - (i & 7)) * 4)) & 15
      buf[p++] = nibble < 10 ? 48 + nibble : 87 + nibble
    }
    this.pos = p
  }

  /** `s` from char `start` on. */
  tail(s: string, start: number): void {
    const buf = this.buf
    let p = this.pos
    for (let i = start; i < s.length; i++) buf[p++] = s.charCodeAt(i)
    this.pos = p
  }

  private bytes(b: Uint8Array): void {
    const n = b.length
    if (n > 8) {
      this.buf.set(b, this.pos)
      this.pos += n
      return
    }
    const buf = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) buf[p++] = b[i]
    this.pos = p
  }

  str(s: string): void {
    const n = s.length
    if (n > 16) {
      // a native copy beats a JS loop past a dozen or so chars
      this.reserve(n + 4096)
      this.pos += (this.buf as unknown as { latin1Write(s: string, at: number): number }).latin1Write(s, this.pos)
      return
    }
    const buf = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i)
    this.pos = p
  }

  num(n: number): void {
    if (n >= 0 && n < 1e18 && n === Math.floor(n)) this.uint(n)
    else this.str(String(n))
  }

  private uint(n: number): void {
    if (n >= 1e9) {
      const hi = Math.floor(n / 1e9)
      this.uint(hi)
      this.digits(n - hi * 1e9, 9)
      return
    }
    let width = 1
    for (let x = n; x >= 10; x = (x / 10) | 0) width++
    this.digits(n, width)
  }

  /** An int32 `n` as exactly `width` digits (zero-padded). */
  private digits(n: number, width: number): void {
    const buf = this.buf
    let p = this.pos + width
    this.pos = p
    for (let x = n | 0, i = 0; i < width; i++, x = (x / 10) | 0) buf[--p] = 48 + (x % 10)
  }

  /**
   * ISO 8601 time: UTC with `Z`, or local with `+07:00` when offsetMs is
   * 7 h; `millis` false drops the fraction. The date part is cached per day
   * (records come in time order).
   */
  iso(ms: number, offsetMs = 0, millis = true): void {
    const local = ms + offsetMs
    const day = Math.floor(local / DAY)
    if (day !== this.day) {
      this.day = day
      this.dayText = new Date(day * DAY).toISOString().slice(0, 11)
    }
    const t = local - day * DAY
    const s = Math.floor(t / 1000)
    this.str(this.dayText)
    this.digits(Math.floor(s / 3600), 2)
    this.buf[this.pos++] = 58
    this.digits(Math.floor(s / 60) % 60, 2)
    this.buf[this.pos++] = 58
    this.digits(s % 60, 2)
    if (millis) {
      this.buf[this.pos++] = 46
      this.digits(Math.floor(t - s * 1000), 3)
    }
    this.str(offsetMs ? '+07:00' : 'Z')
  }

  /**
   * Hand over everything written so far and start a fresh buffer (no copy:
   * the batch keeps the old buffer).
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos)
    this.buf = Buffer.allocUnsafeSlow(Math.max(this.initial, Math.ceil(this.pos * 1.25) + 16384))
    this.pos = 0
    return out
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n))
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }
}

/**
 * Check once that every text the writer copies raw is printable ASCII
 * without quotes or backslashes (OpenAPI documents are sent as JSON, not raw).
 */
export function assertJsonSafe(value: unknown, where = 'catalog'): void {
  JSON.stringify(value, (key, v: unknown) => {
    if (typeof v === 'string' && key !== 'openapi' && !/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/.test(v))
      throw new Error(`${where}: text the JSON writer cannot copy raw: ${JSON.stringify(v)}`)
    return v
  })
}
