/**
 * The durable spool: an append-only, segmented write-ahead log on local disk.
 * The collector acknowledges a request only after its frames are written here
 * (and, by default, fdatasync'ed); a drain then moves them on to ClickHouse or
 * Kafka. Concurrent appends share one write + sync (group commit).
 */
import { randomUUID } from 'node:crypto'
import { constants, existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { componentLogger, type Logger } from '../../shared/log/logger.js'
import { comparePos, SpoolCursor, syncDir, type Position } from './spool-cursor.js'
import { decodeFrame, encodeFrameParts, HEADER_BYTES, segmentName, segmentSeq, type Frame } from './spool-format.js'

export interface SpoolOptions {
  dir: string
  /** A segment is sealed and a new one started past this size. */
  segmentBytes: number
  /** Unconsumed bytes beyond which appends are refused (backpressure). */
  maxBytes: number
  /** fdatasync before acknowledging; off only trades durability for speed. */
  fsync: boolean
  /** Default: the `spool` component of the root logger. */
  log?: Logger
}

export interface SpooledFrame extends Frame {
  /** The spool it came from (with `pos`, the frame's identity). */
  spoolId: string
  pos: Position
}

export class SpoolFullError extends Error {
  constructor(
    readonly unconsumedBytes: number,
    /** The disk itself refused the write (ENOSPC, EDQUOT), not the spool's own limit. */
    readonly disk?: string,
  ) {
    super(
      disk
        ? `spool disk full (${disk}): nothing of this request was kept; ${unconsumedBytes} bytes waiting to be drained`
        : `spool full: ${unconsumedBytes} bytes waiting to be drained`,
    )
  }
}

/** Write errors that mean the disk has no room now: a retry may pass once the drain or an operator frees space. */
const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT'])

/** Read-write, created when missing; not O_APPEND, so positional writes land where asked. */
const RW_CREATE = constants.O_RDWR | constants.O_CREAT

interface Pending {
  bufs: Buffer[]
  resolve: () => void
  reject: (e: Error) => void
}

export class Spool {
  readonly id: string
  readonly cursor: SpoolCursor
  /** Flushed size of every segment still on disk, by sequence number. */
  private readonly sizes = new Map<number, number>()
  private head: Position
  private fh!: FileHandle
  private queue: Pending[] = []
  private flushing = false
  private waiters = new Set<() => void>()
  private readers = new Map<number, FileHandle>()
  private closed = false

  private constructor(
    readonly opts: SpoolOptions,
    id: string,
    first: number,
  ) {
    this.id = id
    this.head = { seg: first, off: 0 }
    this.cursor = new SpoolCursor(opts.dir, { seg: first, off: 0 })
  }

  static async open(opts: SpoolOptions): Promise<Spool> {
    mkdirSync(opts.dir, { recursive: true })
    const idFile = join(opts.dir, 'spool-id')
    if (!existsSync(idFile)) writeFileSync(idFile, randomUUID().replaceAll('-', ''))
    const id = readFileSync(idFile, 'utf8').trim()
    const seqs = readdirSync(opts.dir)
      .map(segmentSeq)
      .filter((s): s is number => s !== undefined)
      .sort((a, b) => a - b)
    const last = seqs.at(-1) ?? 1
    const spool = new Spool(opts, id, seqs[0] ?? last)
    for (const seq of seqs) spool.sizes.set(seq, await fileSize(join(opts.dir, segmentName(seq))))
    await spool.openHead(last)
    return spool
  }

  /** Open the head segment for appending, cutting off a torn tail. */
  private async openHead(seq: number): Promise<void> {
    this.fh = await open(join(this.opts.dir, segmentName(seq)), RW_CREATE)
    const { size } = await this.fh.stat()
    let valid = 0
    if (size > 0) {
      const buf = Buffer.allocUnsafe(size)
      await this.fh.read(buf, 0, size, 0)
      for (let r = decodeFrame(buf, 0); r.ok; r = decodeFrame(buf, valid)) valid += r.size
      if (valid < size) await this.fh.truncate(valid)
    }
    this.head = { seg: seq, off: valid }
    this.sizes.set(seq, valid)
  }

  /** Bytes written but not yet committed by the consumer. */
  get unconsumedBytes(): number {
    const c = this.cursor.state.committed
    let total = 0
    for (const [seq, size] of this.sizes) if (seq >= c.seg) total += size
    return Math.max(0, total - (this.sizes.has(c.seg) ? c.off : 0))
  }

  get headPosition(): Position {
    return { ...this.head }
  }

  isFull(): boolean {
    return this.unconsumedBytes >= this.opts.maxBytes
  }

  /** Durably append frames; resolves once they are on disk. */
  append(frames: readonly Frame[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('spool is closed'))
    if (this.isFull()) return Promise.reject(new SpoolFullError(this.unconsumedBytes))
    // headers and payloads go to writev as they are: no copy of a request's rows
    const bufs = frames.flatMap(encodeFrameParts)
    return new Promise((resolve, reject) => {
      this.queue.push({ bufs, resolve, reject })
      if (!this.flushing) setImmediate(() => void this.flush())
    })
  }

  private async flush(): Promise<void> {
    if (this.flushing) return
    this.flushing = true
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0)
        try {
          if (this.head.off >= this.opts.segmentBytes) await this.roll()
          const bufs = batch.flatMap((p) => p.bufs)
          const length = bufs.reduce((n, b) => n + b.length, 0)
          await writeAllAt(this.fh, bufs, this.head.off)
          if (this.opts.fsync) await this.fh.datasync()
          this.head = { seg: this.head.seg, off: this.head.off + length }
          this.sizes.set(this.head.seg, this.head.off)
          for (const p of batch) p.resolve()
          for (const w of this.waiters) w()
        } catch (e) {
          // Nothing past `head` is acknowledged; drop whatever part was written.
          await this.fh.truncate(this.head.off).catch(() => undefined)
          const code = (e as NodeJS.ErrnoException).code
          const err = code && DISK_FULL_CODES.has(code) ? new SpoolFullError(this.unconsumedBytes, code) : (e as Error)
          for (const p of batch) p.reject(err)
        }
      }
    } finally {
      this.flushing = false
    }
  }

  private async roll(): Promise<void> {
    await this.fh.close()
    const next = this.head.seg + 1
    this.fh = await open(join(this.opts.dir, segmentName(next)), RW_CREATE)
    if (this.opts.fsync) syncDir(this.opts.dir)
    this.head = { seg: next, off: 0 }
    this.sizes.set(next, 0)
  }

  /** Resolves when data exists past `pos`, or after `timeoutMs`. */
  waitForData(pos: Position, timeoutMs: number): Promise<void> {
    if (comparePos(this.head, pos) > 0 || this.closed) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.waiters.delete(done)
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      this.waiters.add(done)
    })
  }

  /**
   * Read whole frames from `from` onwards, up to `maxBytes` (at least one
   * frame) and never past `until` (default: everything flushed).
   */
  async read(from: Position, maxBytes: number, until: Position = this.head): Promise<{ frames: SpooledFrame[]; end: Position }> {
    const frames: SpooledFrame[] = []
    let pos = { ...from }
    let bytes = 0
    while (bytes < maxBytes && comparePos(pos, until) < 0) {
      const limit = pos.seg === until.seg ? until.off : (this.sizes.get(pos.seg) ?? 0)
      if (pos.off >= limit) {
        pos = { seg: this.nextSegment(pos.seg), off: 0 }
        continue
      }
      const want = Math.min(limit - pos.off, Math.max(maxBytes - bytes, 64 * 1024))
      const buf = await this.readAt(pos, want)
      let o = 0
      while (o < buf.length && bytes < maxBytes) {
        const r = decodeFrame(buf, o)
        if (!r.ok) break
        frames.push({ ...r.frame, spoolId: this.id, pos: { seg: pos.seg, off: pos.off + o } })
        o += r.size
        bytes += r.size
      }
      if (o === 0) {
        const r = decodeFrame(buf, 0)
        if (!r.ok && r.reason === 'incomplete' && buf.length >= HEADER_BYTES) {
          // One frame larger than the read window: read it whole.
          const whole = await this.readAt(pos, HEADER_BYTES + buf.readUInt32LE(0))
          const w = decodeFrame(whole, 0)
          if (w.ok) {
            frames.push({ ...w.frame, spoolId: this.id, pos: { ...pos } })
            pos = { seg: pos.seg, off: pos.off + w.size }
            bytes += w.size
            continue
          }
        }
        // A corrupt frame inside a sealed segment: skip the rest of it.
        const log = this.opts.log ?? componentLogger('spool')
        log.error({ segment: segmentName(pos.seg), offset: pos.off }, 'spool: corrupt frame; skipping to the next segment')
        pos = { seg: pos.seg, off: limit }
        continue
      }
      pos = { seg: pos.seg, off: pos.off + o }
    }
    return { frames, end: pos }
  }

  private nextSegment(seq: number): number {
    let next = Infinity
    for (const s of this.sizes.keys()) if (s > seq && s < next) next = s
    return next === Infinity ? this.head.seg : next
  }

  /** The consumer reads through its own handles: the writer may close its handle on roll. */
  private async readAt(pos: Position, length: number): Promise<Buffer> {
    let fh = this.readers.get(pos.seg)
    if (!fh) {
      fh = await open(join(this.opts.dir, segmentName(pos.seg)), 'r')
      this.readers.set(pos.seg, fh)
    }
    const buf = Buffer.allocUnsafe(length)
    const { bytesRead } = await fh.read(buf, 0, length, pos.off)
    return buf.subarray(0, bytesRead)
  }

  /** Delete segments wholly before `pos` (already delivered). */
  release(pos: Position): void {
    for (const seq of [...this.sizes.keys()]) {
      if (seq < pos.seg && seq !== this.head.seg) {
        void this.readers.get(seq)?.close()
        this.readers.delete(seq)
        unlinkSync(join(this.opts.dir, segmentName(seq)))
        this.sizes.delete(seq)
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true
    while (this.flushing || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5))
    for (const w of this.waiters) w()
    await this.fh.close()
    for (const r of this.readers.values()) await r.close()
    this.readers.clear()
  }
}

async function fileSize(path: string): Promise<number> {
  const fh = await open(path, 'r')
  try {
    return (await fh.stat()).size
  } finally {
    await fh.close()
  }
}

async function writeAllAt(fh: FileHandle, bufs: Buffer[], position: number): Promise<void> {
  let pending = bufs
  let pos = position
  while (pending.length > 0) {
    const { bytesWritten } = await fh.writev(pending, pos)
    pos += bytesWritten
    let skip = bytesWritten
    while (pending.length > 0 && skip >= pending[0].length) skip -= pending.shift()!.length
    if (pending.length > 0 && skip > 0) pending = [pending[0].subarray(skip), ...pending.slice(1)]
  }
}
