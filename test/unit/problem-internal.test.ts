/**
 * A 500 never shows the error's message (SQL, engine internals): the answer
 * says "internal error" with a short reference, and the server log has the
 * full error under that reference.
 */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { badRequest, PROBLEM_CONTENT_TYPE, problemResponse } from '../../shared/http/problem.js'
import { captureLog } from '../support/log-capture.js'

function app(): Hono {
  const a = new Hono()
  a.get('/boom', () => {
    throw new Error(
      "Code: 386. DB::Exception: There is no supertype for types String, UUID: while executing 'SELECT toString(event_id) AS event_id FROM request_events WHERE (ts, event_id) < …'",
    )
  })
  a.get('/again', () => {
    throw new TypeError("Cannot read properties of undefined (reading 'SELECT secret FROM tokens')")
  })
  a.get('/bad', () => {
    throw badRequest('query.cursor', 'not a cursor from a previous page')
  })
  a.onError((err, c) => problemResponse(c, err))
  return a
}

describe('problem details of unexpected errors', () => {
  it('a 500 says "internal error" with a reference, never the message; the log has both', async () => {
    const log = captureLog()
    const res = await app().request('/boom')
    expect(res.status).toBe(500)
    expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE)
    const text = await res.text()
    expect(text).not.toMatch(/SELECT|DB::Exception|event_id|supertype/)
    const body = JSON.parse(text) as { status: number; title: string; detail: string; reference: string; instance: string }
    expect(body).toMatchObject({ status: 500, title: 'Internal error', instance: '/boom' })
    expect(body.reference).toMatch(/^[0-9a-f]{12}$/)
    expect(body.detail).toBe(`internal error (reference ${body.reference})`)
    // the server side keeps the full error under the same reference
    log.restore()
    expect(log.lines).toHaveLength(1)
    expect(log.lines[0]).toMatchObject({ level: 'error', reference: body.reference, method: 'GET', endpoint: '/boom' })
    expect((log.lines[0]!.error as { message: string }).message).toContain('SELECT toString(event_id)')
  })

  it('every 500 gets its own reference; any Error kind is hidden', async () => {
    const log = captureLog()
    const a = app()
    const [x, y] = await Promise.all([a.request('/again'), a.request('/again')])
    const [bx, by] = [(await x.json()) as { detail: string; reference: string }, (await y.json()) as { detail: string; reference: string }]
    expect(bx.detail).not.toContain('SELECT')
    expect(bx.reference).not.toBe(by.reference)
    log.restore()
    expect(log.lines.map((l) => l.reference).sort()).toEqual([bx.reference, by.reference].sort())
  })

  it('4xx problems keep their detail and field', async () => {
    const res = await app().request('/bad')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ field: 'query.cursor', detail: 'query.cursor: not a cursor from a previous page' })
  })
})
