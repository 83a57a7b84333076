/**
 * A request is transformed a slice at a time (issue 14): other work runs
 * between its slices, its rows leave as spool frames of bounded size, and
 * the whole request is still one spool append.
 */
import { describe, expect, it } from 'vitest'
import { type CandidateSlice, Ingestor } from '../../collector/ingest.js'
import type { Frame } from '../../collector/sinks/spool-format.js'
import type { Rejection } from '../../collector/transforms/types.js'

const ctx = { gatewayId: 'gw-a', instansi: 'kota-a' }

/** An ingestor whose spool records its appends; the transforms see no candidates (rejections only). */
function recordingIngestor() {
  const appends: Frame[][] = []
  const spool = { append: async (frames: readonly Frame[]) => void appends.push([...frames]) }
  const ingestor = new Ingestor({ registry: {} as never, pseudonymizer: {} as never, spool: spool as never })
  return { ingestor, appends }
}

const rejection = (index: number, payload = 'x'): Rejection => ({ index, field: 'status', reason: 'not a status', payload, source: 'kong' })

describe('a request in slices', () => {
  it('lets the event loop run between slices, and appends once', async () => {
    const { ingestor, appends } = recordingIngestor()
    let turned = false
    const seenBySlice: boolean[] = []
    function* slices(): Generator<CandidateSlice> {
      for (let i = 0; i < 3; i++) {
        seenBySlice.push(turned)
        yield { candidates: [], rejections: [rejection(i)] }
      }
    }
    setImmediate(() => (turned = true))
    const result = await ingestor.requestSlices(ctx, 'kong', slices())
    // the first slice is taken at once; by the second, a callback queued before the request has run
    expect(seenBySlice).toEqual([false, true, true])
    expect(result.rejections.map((r) => r.index)).toEqual([0, 1, 2])
    expect(appends).toHaveLength(1)
  })

  it('cuts rows into frames of about 1 MiB each, in order', async () => {
    const { ingestor, appends } = recordingIngestor()
    const payload = 'p'.repeat(16 * 1024)
    function* slices(): Generator<CandidateSlice> {
      for (let s = 0; s < 3; s++) yield { candidates: [], rejections: Array.from({ length: 50 }, (_, i) => rejection(s * 50 + i, payload)) }
    }
    await ingestor.requestSlices(ctx, 'kong', slices())
    const frames = appends[0]!
    expect(frames.every((f) => f.stream === 'dlq' && f.key === 'gw-a')).toBe(true)
    // 150 letters of ~16.5 KB: three frames or more, none much over 1 MiB (a frame is cut after the row that fills it)
    expect(frames.length).toBeGreaterThanOrEqual(3)
    for (const f of frames) expect(f.payload.length).toBeLessThan(1024 * 1024 + 20 * 1024)
    const rows = frames.flatMap((f) => f.payload.toString('utf8').trimEnd().split('\n'))
    expect(rows).toHaveLength(150)
  })
})
