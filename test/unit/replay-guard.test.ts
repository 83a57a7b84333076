/** ReplayGuard: one run per (gateway, path, body) in the window; failures and expired entries are forgotten. */
import { describe, expect, it } from 'vitest'
import { ReplayGuard } from '../../collector/sources/replay-guard.js'

describe('ReplayGuard', () => {
  let now = 0
  const guard = () => new ReplayGuard<number>({ ttlMs: 1000, maxEntries: 2, now: () => now })
  const body = (s: string) => Buffer.from(s)

  it('runs once per gateway, path and body; concurrent resends share the first run', async () => {
    const g = guard()
    let runs = 0
    const run = async () => ++runs
    const [a, b] = await Promise.all([g.once('gw1', '/p', body('x'), run), g.once('gw1', '/p', body('x'), run)])
    expect([a, b]).toEqual([
      { result: 1, replayed: false },
      { result: 1, replayed: true },
    ])
    expect((await g.once('gw2', '/p', body('x'), run)).replayed).toBe(false)
    expect((await g.once('gw1', '/q', body('x'), run)).replayed).toBe(false)
    expect(runs).toBe(3)
  })

  it('answers again only what `keep` selects', async () => {
    const g = new ReplayGuard<number>({ ttlMs: 1000, maxEntries: 10, now: () => 0 }, (n) => n % 2 === 1)
    let runs = 0
    const run = async () => ++runs
    expect(await g.once('gw', '/p', body('odd'), run)).toEqual({ result: 1, replayed: false })
    expect(await g.once('gw', '/p', body('odd'), run)).toEqual({ result: 1, replayed: true })
    expect(await g.once('gw', '/p', body('even'), run)).toEqual({ result: 2, replayed: false })
    expect(await g.once('gw', '/p', body('even'), run)).toEqual({ result: 3, replayed: false })
  })

  it('forgets failed runs, expired entries and the oldest beyond the bound', async () => {
    now = 0
    const g = guard()
    await expect(g.once('gw', '/p', body('a'), async () => Promise.reject(new Error('spool full')))).rejects.toThrow('spool full')
    expect((await g.once('gw', '/p', body('a'), async () => 1)).replayed).toBe(false)
    now = 1500
    expect((await g.once('gw', '/p', body('a'), async () => 2)).replayed).toBe(false)
    await g.once('gw', '/p', body('b'), async () => 3)
    await g.once('gw', '/p', body('c'), async () => 4)
    expect(g.size).toBeLessThanOrEqual(3)
    expect((await g.once('gw', '/p', body('a'), async () => 5)).replayed).toBe(false)
  })
})
