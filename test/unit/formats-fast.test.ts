/**
 * The adapters' fast paths (formats/fast.ts, issue 14) and the RawRequest fast
 * check (transforms/fast-check.ts) agree with their zod schemas: whatever the
 * fast path accepts maps to the very RawRequest zod's output maps to, and it
 * accepts nothing zod refuses.
 */
import { describe, expect, it } from 'vitest'
import { RawRequest } from '../../collector/event.js'
import type { FormatAdapter } from '../../collector/sources/formats/adapter.js'
import { formats } from '../../collector/sources/formats/index.js'
import { fastCheck } from '../../collector/transforms/fast-check.js'
import { allFixtures, fixture } from '../support/formats.js'

/** Variants of a record: each top-level and nested field set to awkward values. */
function variants(record: Record<string, unknown>): Record<string, unknown>[] {
  const odd: unknown[] = [undefined, null, '', '-', '  x  ', ' 42 ', 'abc', 0, -1, 1.5, 1e20, Number.NaN, true, [], {}, ['a'], [1], '2026-12-04T03:00:00Z']
  const out: Record<string, unknown>[] = [record]
  const walk = (node: Record<string, unknown>, set: (patch: (copy: Record<string, unknown>) => void) => void) => {
    for (const key of Object.keys(node)) {
      for (const v of odd) set((copy) => (copy[key] = v))
      const child = node[key]
      if (child !== null && typeof child === 'object' && !Array.isArray(child))
        walk(child as Record<string, unknown>, (patch) => set((copy) => patch((copy[key] = structuredClone(copy[key])) as Record<string, unknown>)))
    }
  }
  walk(record, (patch) => {
    const copy = structuredClone(record)
    patch(copy)
    out.push(copy)
  })
  return out
}

const withFast = (Object.values(formats) as FormatAdapter[]).flatMap((a) => (a.fast ? [{ adapter: a, fast: a.fast }] : []))

describe('format fast paths', () => {
  it('exist for the busiest formats', () => {
    expect(withFast.map((a) => a.adapter.name)).toContain('kong')
  })

  for (const { adapter, fast: fastPath } of withFast) {
    it(`${adapter.name}: agrees with the zod schema on every fixture and its variants`, () => {
      let fast = 0
      for (const { file } of allFixtures.filter((f) => f.format === adapter.name)) {
        for (const record of variants(fixture(adapter.name as never, file))) {
          const viaFast = fastPath(record)
          const parsed = adapter.schema.safeParse(record)
          if (viaFast === undefined) continue
          fast++
          expect(parsed.success, JSON.stringify(record)).toBe(true)
          expect(adapter.toRaw(viaFast)).toEqual(adapter.toRaw(parsed.data))
        }
      }
      expect(fast).toBeGreaterThan(10)
    })
  }
})

describe('RawRequest fast check', () => {
  const isRaw = fastCheck(RawRequest)
  const base = { ts: 1_765_000_000_000, method: 'GET', path: '/v1/x', status: 200, latency_ms: 0, scheme: 'https', auth_outcome: 'success' }
  const odd: unknown[] = [undefined, null, '', 'x'.repeat(20_000), 0, -1, 0.5, 1e12, Number.NaN, Number.POSITIVE_INFINITY, 'http', 'failure', true, {}]

  it('says yes only where zod does', () => {
    expect(isRaw(base)).toBe(true)
    let yes = 0
    for (const key of Object.keys(RawRequest.shape)) {
      for (const v of odd) {
        const r = { ...base, [key]: v }
        const verdict = isRaw(r)
        if (verdict) yes++
        if (verdict) expect(RawRequest.safeParse(r).success, `${key}=${String(v)}`).toBe(true)
      }
    }
    expect(yes).toBeGreaterThan(20)
    for (const r of [null, [], 'x', { ...base, ts: undefined }]) expect(isRaw(r)).toBe(false)
  })
})
