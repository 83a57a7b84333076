/** The collector's in-flight budget: admits within it (a gateway within half of it), or one body alone; refuses the rest now; always frees. */
import { describe, expect, it } from 'vitest'
import { InflightBudget, OverloadedError } from '../../collector/sources/admission.js'

/** A unit of work that finishes when `release` is called. */
function pending() {
  let release!: () => void
  const done = new Promise<void>((r) => (release = r))
  return { release, work: () => done.then(() => 'ok') }
}

describe('InflightBudget', () => {
  it('admits bodies while they fit together, and a body larger than the budget when it is alone', async () => {
    const budget = new InflightBudget(100)
    const a = pending()
    const first = budget.admit('a', 60, a.work)
    const b = pending()
    const second = budget.admit('b', 40, b.work)
    expect(budget.inFlightBytes).toBe(100)
    a.release()
    b.release()
    expect(await Promise.all([first, second])).toEqual(['ok', 'ok'])
    expect(budget.inFlightBytes).toBe(0)
    expect(await budget.admit('a', 1_000, async () => 'alone')).toBe('alone')
  })

  it('refuses a body that does not fit now, names the sizes, and admits it once the others are done', async () => {
    const budget = new InflightBudget(100)
    const a = pending()
    const first = budget.admit('a', 80, a.work)
    const refused = await budget.admit('b', 30, async () => 'never').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(OverloadedError)
    expect(refused).toMatchObject({ bytes: 30, inFlightBytes: 80, budgetBytes: 100 })
    a.release()
    await first
    expect(await budget.admit('b', 30, async () => 'later')).toBe('later')
  })

  it('one gateway holds at most half the budget (its first body excepted); another still gets the rest', async () => {
    const budget = new InflightBudget(100)
    const a = pending()
    const first = budget.admit('greedy', 30, a.work)
    const second = budget.admit('greedy', 20, a.work)
    // 30 + 20 + 10 would fit the budget, not the gateway's half of it
    expect(await budget.admit('greedy', 10, async () => 'never').catch((e: unknown) => e)).toMatchObject({ bytes: 10, inFlightBytes: 50, budgetBytes: 50 })
    expect(await budget.admit('other', 40, async () => 'fits')).toBe('fits')
    const big = pending()
    const alone = budget.admit('solo', 500, big.work).catch((e: unknown) => e)
    expect(await alone).toBeInstanceOf(OverloadedError) // not alone now: the process has bodies in flight
    a.release()
    await Promise.all([first, second])
    expect(budget.inFlightBytes).toBe(0)
    const now = budget.admit('solo', 500, big.work) // alone: admitted, over any share
    big.release()
    expect(await now).toBe('ok')
  })

  it('frees the bytes of work that fails', async () => {
    const budget = new InflightBudget(100)
    await expect(budget.admit('a', 90, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(budget.inFlightBytes).toBe(0)
  })
})

describe('HTTP source under a full budget', () => {
  it('answers 503 problem+json with Retry-After while another body holds the budget; the retry is stored', async () => {
    const { httpSource } = await import('../../collector/sources/http.js')
    let gate = pending()
    const accepted: number[] = []
    // a stand-in ingestor that holds each body until released: the budget stays taken meanwhile
    const ingestor = {
      async requestSlices(_gw: unknown, _signal: string, slices: Iterable<{ candidates: unknown[] }>) {
        let n = 0
        for (const s of slices) n += s.candidates.length
        await gate.work()
        accepted.push(n)
        return { accepted: n, rejections: [] }
      },
    }
    const app = httpSource({
      ingestor: ingestor as never,
      registry: { loaded: true, gatewayForToken: async () => ({ id: 'gw-a', instansi: 'kota-a' }) } as never,
      spool: { isFull: () => false, unconsumedBytes: 0 } as never,
      maxBodyBytes: 1 << 20,
      inflight: new InflightBudget(1_000),
    })
    const body = (tag: string) =>
      Array.from({ length: 10 }, (_, i) =>
        JSON.stringify({ msec: String(Date.now() / 1000), request_method: 'GET', request_uri: `/${tag}/${i}`, status: 200 }),
      ).join('\n')
    const send = (tag: string) => app.request('/ingest/nginx', { method: 'POST', headers: { authorization: 'Bearer t' }, body: body(tag) })
    const first = send('a') // ~1 kB: admitted alone
    await new Promise((r) => setTimeout(r, 20))
    const refused = await send('b')
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(refused.headers.get('content-type')).toContain('application/problem+json')
    expect(await refused.json()).toMatchObject({ status: 503, field: 'body' })
    gate.release()
    expect((await first).status).toBe(200)
    gate = pending()
    const retried = send('b')
    gate.release()
    expect((await retried).status).toBe(200)
    expect(accepted).toEqual([10, 10])
  })
})
