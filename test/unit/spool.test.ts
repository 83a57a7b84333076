import { appendFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SpoolDrain, type DrainTarget } from '../../collector/sinks/drain.js'
import { Spool, SpoolFullError, type SpooledFrame } from '../../collector/sinks/spool.js'
import { tempDir } from '../support/temp.js'

const opts = (dir: string, over: Partial<Parameters<typeof Spool.open>[0]> = {}) => ({
  dir,
  segmentBytes: 1024,
  maxBytes: 1 << 20,
  fsync: false,
  ...over,
})
const frame = (n: number) => ({ stream: 'events' as const, key: 'gw', payload: Buffer.from(`{"n":${n}}\n`) })
const numbers = (frames: SpooledFrame[]) => frames.map((f) => JSON.parse(f.payload.toString()).n as number)

class Recorder implements DrainTarget {
  readonly name = 'recorder'
  batches: Array<{ token: string; ns: number[] }> = []
  failNext = 0
  async write(frames: SpooledFrame[], token: string) {
    if (this.failNext > 0) {
      this.failNext--
      throw new Error('target down')
    }
    this.batches.push({ token, ns: numbers(frames) })
  }
}

describe('spool', () => {
  it('reads back what was appended, in order, across segments', async () => {
    const dir = tempDir()
    const spool = await Spool.open(opts(dir))
    for (let i = 0; i < 200; i++) await spool.append([frame(i)])
    const { frames } = await spool.read(spool.cursor.state.committed, 1 << 30)
    expect(numbers(frames)).toEqual([...Array(200).keys()])
    expect(readdirSync(dir).filter((f) => f.endsWith('.seg')).length).toBeGreaterThan(3)
    await spool.close()
  })

  it('group-commits concurrent appends and survives reopening', async () => {
    const dir = tempDir()
    const spool = await Spool.open(opts(dir, { segmentBytes: 1 << 20 }))
    await Promise.all([...Array(500).keys()].map((i) => spool.append([frame(i)])))
    await spool.close()
    const again = await Spool.open(opts(dir))
    const { frames } = await again.read(again.cursor.state.committed, 1 << 30)
    expect(numbers(frames).sort((a, b) => a - b)).toEqual([...Array(500).keys()])
    await again.close()
  })

  it('cuts a torn tail on open and keeps every complete frame', async () => {
    const dir = tempDir()
    const spool = await Spool.open(opts(dir, { segmentBytes: 1 << 20 }))
    for (let i = 0; i < 10; i++) await spool.append([frame(i)])
    await spool.close()
    const seg = readdirSync(dir).find((f) => f.endsWith('.seg'))!
    const before = statSync(join(dir, seg)).size
    appendFileSync(join(dir, seg), Buffer.from([40, 0, 0, 0, 1, 2, 3])) // half a header + garbage
    const again = await Spool.open(opts(dir))
    expect(statSync(join(dir, seg)).size).toBe(before)
    await again.append([frame(10)])
    const { frames } = await again.read(again.cursor.state.committed, 1 << 30)
    expect(numbers(frames)).toEqual([...Array(11).keys()])
    await again.close()
  })

  it('a disk that is full refuses the append as a full spool (retry later), keeps what came before, and takes the next', async () => {
    const dir = tempDir()
    const spool = await Spool.open(opts(dir, { segmentBytes: 1 << 20 }))
    await spool.append([frame(0)])
    const fh = (spool as unknown as { fh: { writev: (...a: unknown[]) => Promise<unknown> } }).fh
    const writev = fh.writev.bind(fh)
    fh.writev = async (bufs: unknown) => {
      fh.writev = writev
      // half of it reaches the file before the disk refuses the rest
      await writev([(bufs as Buffer[])[0]!.subarray(0, 3)])
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    }
    const refused = await spool.append([frame(1)]).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(SpoolFullError)
    expect(refused).toMatchObject({ disk: 'ENOSPC', message: expect.stringContaining('disk full') })
    await spool.append([frame(2)])
    const { frames } = await spool.read(spool.cursor.state.committed, 1 << 30)
    expect(numbers(frames)).toEqual([0, 2])
    await spool.close()
  })

  it('refuses appends when full, and accepts again once drained', async () => {
    const dir = tempDir()
    const spool = await Spool.open(opts(dir, { maxBytes: 200 }))
    for (let i = 0; i < 20; i++) await spool.append([frame(i)]).catch(() => undefined)
    await expect(spool.append([frame(99)])).rejects.toBeInstanceOf(SpoolFullError)
    const target = new Recorder()
    const drain = new SpoolDrain(spool, target, { batchBytes: 1 << 20, lingerMs: 1, maxBackoffMs: 10 })
    drain.start()
    await drain.flushed()
    await expect(spool.append([frame(100)])).resolves.toBeUndefined()
    await drain.stop()
    await spool.close()
  })
})

describe('drain', () => {
  it('delivers every frame once, retrying a failing target, and releases segments', async () => {
    const dir = tempDir()
    const spool = await Spool.open(opts(dir))
    const target = new Recorder()
    target.failNext = 3
    const drain = new SpoolDrain(spool, target, { batchBytes: 300, lingerMs: 1, maxBackoffMs: 20 })
    drain.start()
    for (let i = 0; i < 300; i++) await spool.append([frame(i)])
    await drain.flushed()
    await drain.stop()
    expect(target.batches.flatMap((b) => b.ns)).toEqual([...Array(300).keys()])
    expect(new Set(target.batches.map((b) => b.token)).size).toBe(target.batches.length)
    expect(readdirSync(dir).filter((f) => f.endsWith('.seg')).length).toBeLessThanOrEqual(2)
    await spool.close()
  })

  it('keeps draining while concurrent appends roll segments under it', async () => {
    const dir = tempDir()
    const spool = await Spool.open(opts(dir, { segmentBytes: 256 }))
    const target = new Recorder()
    const drain = new SpoolDrain(spool, target, { batchBytes: 100, lingerMs: 0, maxBackoffMs: 10 })
    drain.start()
    for (let round = 0; round < 20; round++) {
      await Promise.all([...Array(50).keys()].map((i) => spool.append([frame(round * 50 + i)])))
    }
    await drain.flushed()
    await drain.stop()
    expect(target.batches.flatMap((b) => b.ns).sort((a, b) => a - b)).toEqual([...Array(1000).keys()])
    await spool.close()
  })

  it('after a crash between send and commit, resends exactly the pending range with the same token', async () => {
    const dir = tempDir()
    const spool = await Spool.open(opts(dir, { segmentBytes: 1 << 20 }))
    for (let i = 0; i < 50; i++) await spool.append([frame(i)])
    // Simulate: the batch was recorded as pending, sent, and the process died before commit.
    const from = spool.cursor.state.committed
    const { frames, end } = await spool.read(from, 400)
    spool.cursor.begin(from, end)
    const firstToken = `${spool.id}:${from.seg}.${from.off}-${end.seg}.${end.off}`
    for (let i = 50; i < 80; i++) await spool.append([frame(i)]) // more data arrives meanwhile
    await spool.close()

    const again = await Spool.open(opts(dir))
    const target = new Recorder()
    const drain = new SpoolDrain(again, target, { batchBytes: 1 << 20, lingerMs: 1, maxBackoffMs: 10 })
    drain.start()
    await drain.flushed()
    await drain.stop()
    expect(target.batches[0]).toEqual({ token: firstToken, ns: numbers(frames) })
    expect(target.batches.flatMap((b) => b.ns)).toEqual([...Array(80).keys()])
    await again.close()
  })
})
