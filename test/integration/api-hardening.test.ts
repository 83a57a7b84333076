/**
 * API answers no caller can break, on a real stack (chDB):
 * - a silence with a pathological regex (`(a+)+`) is accepted, and listing
 *   alerts against a rule id of 28 a's stays instant (RE2, not backtracking);
 *   a backreference is a 400 naming the matcher value;
 * - `/v1/events` keyset paging walks 2,500 events (many sharing a millisecond)
 *   100 at a time, each exactly once, and windows [a, b) and [b, c) at
 *   millisecond precision never share an event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { instansiWithApi, perMinute, plant, waitFor } from '../support/alerting.js'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack

beforeAll(async () => {
  stack = await startTestStack({ PANTAU_ALERT_INTERVAL_S: '1', PANTAU_ALERT_GROUP_WAIT_S: '0' })
}, 120_000)
afterAll(() => stack?.stop())

interface AlertView {
  rule_id: string
  state: string
  silenced_by: string[]
}

describe('silence regexes', () => {
  it('a pathological matcher is accepted and alert listing stays instant; a backreference is a 400', async () => {
    const { token } = await instansiWithApi(stack, 'bmkg', '/cuaca/v1')
    const op = (await stack.call('POST', '/v1/admin/tokens', { name: 'Operator BMKG', role: 'operator', instansi: 'bmkg' })).body.data.token as string
    // A rule id that `^(?:(a+)+)$` fails on only after 2^28 backtracking steps.
    const ruleId = `${'a'.repeat(28)}-x`
    const rule = await stack.call(
      'POST',
      '/v1/alerts/rules',
      { id: ruleId, instansi: 'bmkg', name: 'Galat', kind: 'error_rate', threshold: 0.2, window_min: 5 },
      op,
    )
    expect(rule.status).toBe(201)
    const endsAt = new Date(Date.now() + 3600e3).toISOString()
    const silence = (value: string) => ({ instansi: 'bmkg', matchers: [{ name: 'rule_id', value, isRegex: true }], ends_at: endsAt, comment: 'pemeliharaan' })
    const pathological = await stack.call('POST', '/v1/silences', silence('(a+)+'), op)
    expect(pathological.status).toBe(201)
    const matching = await stack.call('POST', '/v1/silences', silence('(a+)+-x'), op)
    expect(matching.status).toBe(201)

    await plant(stack, token, '/cuaca/v1', [...perMinute(Date.now(), 3, 500), ...perMinute(Date.now(), 3, 200)])
    const alert = await waitFor(async () => {
      const res = await stack.call('GET', '/v1/alerts?instansi=bmkg', undefined, op)
      expect(res.status).toBe(200)
      return (res.body.data as AlertView[]).find((a) => a.rule_id === ruleId)
    }, 20_000)
    // The alert is silenced by the matching silence only: `(a+)+` fails on the '-x' (at once, with RE2).
    expect(alert?.silenced_by).toEqual([matching.body.data.id])

    const backreference = await stack.call('POST', '/v1/silences', silence('(a)\\1'), op)
    expect(backreference.status).toBe(400)
    expect(backreference.headers.get('content-type')).toBe('application/problem+json')
    expect(backreference.body.field).toBe('body.matchers.0.value')
    const lookahead = await stack.call('PUT', `/v1/silences/${matching.body.data.id}`, silence('a(?=b)'), op)
    expect(lookahead.status).toBe(400)
    expect(lookahead.body.field).toBe('body.matchers.0.value')
    const tooLong = await stack.call('POST', '/v1/silences', silence('a'.repeat(1025)), op)
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.field).toBe('body.matchers.0.value')
  })
})

/* ─────────────────────────────── /v1/events ─────────────────────────────── */

interface EventView {
  ts: string
  event_id: string
  request_id: string
}

const EVENTS = 2500
// Well inside the plausibility window, not on a whole second (a cut to seconds would show).
const BASE = Math.floor((Date.now() - 1800e3) / 1000) * 1000 + 123
/** Three events per millisecond, 37 ms apart: ties that only event_id orders. */
const tsOf = (i: number) => BASE + Math.floor(i / 3) * 37

async function plantEvents(): Promise<void> {
  const token = await stack.gateway('bps')
  const lines = Array.from({ length: EVENTS }, (_, i) =>
    JSON.stringify({
      timestamp: new Date(tsOf(i)).toISOString(),
      level: 'INFO',
      service: 'sensus',
      requestId: `ev-${i}`,
      method: 'GET',
      endpoint: '/sensus/v1/data',
      statusCode: 200,
      duration: 10,
      message: 'ok',
    }),
  )
  const res = await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: lines.join('\n') })
  expect(res.status).toBe(200)
  await stack.flushed()
}

/** Every page of [from, to) for instansi bps; returns the pages' request ids in order. */
async function pages(from: number, to: number, limit: number): Promise<string[][]> {
  const out: string[][] = []
  let cursor: string | undefined
  let last: { ts: number; id: string } | undefined
  do {
    const q = `instansi=bps&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&limit=${limit}`
    const res = await stack.call('GET', `/v1/events?${q}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const rows = res.body.data as EventView[]
    for (const r of rows) {
      const ts = Date.parse(r.ts)
      // newest first: (ts, event_id) strictly descending across pages
      if (last) expect(ts < last.ts || (ts === last.ts && r.event_id !== last.id)).toBe(true)
      last = { ts, id: r.event_id }
    }
    out.push(rows.map((r) => r.request_id))
    cursor = res.body.pagination?.next_cursor as string | undefined
    expect(out.length).toBeLessThan(100)
  } while (cursor)
  return out
}

describe('/v1/events paging', () => {
  beforeAll(plantEvents, 60_000)

  it('keyset paging with limit 100 sees each of 2,500 events exactly once', async () => {
    const all = await pages(BASE, tsOf(EVENTS - 1) + 1, 100)
    expect(all).toHaveLength(EVENTS / 100)
    expect(all.every((p) => p.length === 100)).toBe(true)
    const ids = all.flat()
    expect(ids).toHaveLength(EVENTS)
    expect(new Set(ids).size).toBe(EVENTS)
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: EVENTS }, (_, i) => `ev-${i}`)))
    // pages 4..25 (read with the third cursor and later) hold the other 2,200, none seen before
    const early = new Set(all.slice(0, 3).flat())
    expect(
      all
        .slice(3)
        .flat()
        .filter((id) => !early.has(id)),
    ).toHaveLength(EVENTS - 300)
  })

  it('a bad cursor is a 400 naming it', async () => {
    const res = await stack.call('GET', '/v1/events?instansi=bps&cursor=1700000000000_not-a-uuid')
    expect(res.status).toBe(400)
    expect(res.body.field).toBe('cursor')
  })

  it('adjacent windows [a, b) and [b, c) at millisecond precision do not overlap', async () => {
    const a = BASE
    const b = tsOf(600) // events 600..602 sit exactly on b; b is not a whole second
    const c = tsOf(1500) // each window fits one page: this checks the bounds alone
    expect(b % 1000).not.toBe(0)
    const first = (await pages(a, b, 1000)).flat()
    const second = (await pages(b, c, 1000)).flat()
    const expected = (from: number, to: number) =>
      new Set(
        Array.from({ length: EVENTS }, (_, i) => i)
          .filter((i) => tsOf(i) >= from && tsOf(i) < to)
          .map((i) => `ev-${i}`),
      )
    expect(new Set(first)).toEqual(expected(a, b))
    expect(new Set(second)).toEqual(expected(b, c))
    expect(first.filter((id) => second.includes(id))).toEqual([])
    expect([first.length, second.length]).toEqual([600, 900])
  })
})
