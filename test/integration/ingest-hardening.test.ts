/**
 * Ingest that no gateway can break: records outside the plausibility bounds
 * are rejected by name in the answer (never stored, never silently dropped),
 * hostile bodies are 4xx, rows storage refuses after the acknowledgement are
 * bisected out and set aside without holding back anyone else's data, and a
 * gateway cannot speak for another instansi.
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { RequestEvent } from '../../collector/event.js'
import { encodeRequest } from '../../collector/sources/otlp/proto.js'
import { compactRows, STREAM_SPECS } from '../../collector/streams.js'
import { captureLog } from '../support/log-capture.js'
import { eventRow } from '../support/event-row.js'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack
let tokA: string
let tokB: string
const post = (path: string, body: string | Uint8Array, token = tokA, headers: Record<string, string> = {}) =>
  fetch(stack.ingest + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body: body as BodyInit })
const ndjson = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n'
const query = async <T = Record<string, string>>(sql: string, params: Record<string, unknown> = {}) => {
  await stack.flushed()
  return stack.storage!.query<T>(sql, params)
}
const count = async (where: string, params: Record<string, unknown> = {}) =>
  Number((await query<{ n: string }>(`SELECT count() AS n FROM request_events WHERE ${where}`, params))[0]!.n)

/** An nginx JSON access-log line ending `agoMs` before now. */
const nginx = (id: string, over: Record<string, unknown> = {}, agoMs = 60_000) => ({
  msec: ((Date.now() - agoMs) / 1000).toFixed(3),
  request_method: 'GET',
  request_uri: '/v1/layanan/status',
  status: 200,
  request_time: '0.120',
  upstream_response_time: '0.100',
  bytes_sent: 512,
  remote_addr: '10.0.0.7',
  request_id: id,
  ...over,
})

beforeAll(async () => {
  stack = await startTestStack()
  tokA = await stack.gateway('poison-a', { product: 'nginx' })
  tokB = await stack.gateway('victim-b', { product: 'nginx' })
})
afterAll(() => stack?.stop())

describe('plausibility bounds', () => {
  it('150 far-future records are each rejected by name; another instansi is stored right after', async () => {
    const records = Array.from({ length: 150 }, (_, i) => nginx(`future-${i}`, { msec: (Date.UTC(2027 + Math.floor(i / 12), i % 12, 1) / 1000).toFixed(3) }))
    const res = await post('/ingest/nginx', ndjson(records))
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body).toMatchObject({ accepted: 0, rejected: 150, field: 'ts' })
    expect(body.detail).toContain('ahead of the collector')

    const victim = await post('/ingest/nginx', ndjson(Array.from({ length: 10 }, (_, i) => nginx(`victim-${i}`))), tokB)
    expect(victim.status).toBe(200)
    expect(await count("instansi = 'victim-b' AND startsWith(request_id, 'victim-')")).toBe(10)
    expect(await count("startsWith(request_id, 'future-')")).toBe(0)
    expect(stack.collector!.drain.failures).toBe(0)
  })

  it('one absurd latency among valid records: the gateway is told, the others are stored, nothing is silent', async () => {
    const records = [...Array.from({ length: 5 }, (_, i) => nginx(`loss-${i}`)), nginx('loss-bad', { request_time: 1e297 })]
    const res = await post('/ingest/nginx', ndjson(records))
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body).toMatchObject({ accepted: 5, rejected: 1 })
    expect(body.errors).toEqual([{ index: 5, field: 'latency_ms', reason: expect.stringContaining('plausible range') }])
    expect(await count("startsWith(request_id, 'loss-')")).toBe(5)
    const letters = await query("SELECT instansi, stage, field FROM dead_letters WHERE payload LIKE '%loss-bad%'")
    expect(letters).toEqual([{ instansi: 'poison-a', stage: 'rejected', field: 'latency_ms' }])
  })

  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['latency of 1e300 ms', { request_time: 1e297 }, 'latency_ms'],
    ['latency of 3e9 ms', { request_time: 3e6 }, 'latency_ms'],
    ['negative latency', { request_time: -5 }, 'latency_ms'],
    ['negative size', { bytes_sent: -20 }, 'response_bytes'],
    ['a time in 1970', { msec: '1000.000' }, 'ts'],
    ['a time in 2999', { msec: String(Date.UTC(2999, 0, 1) / 1000) }, 'ts'],
  ]
  it.each(cases)('%s is rejected by name, not stored', async (name, over, field) => {
    const id = `absurd-${name.replace(/\W+/g, '-')}`
    const res = await post('/ingest/nginx', ndjson([nginx(id, over)]))
    expect(res.status).toBe(400)
    expect((await res.json()).errors[0].field).toBe(field)
    expect(await count('request_id = {id:String}', { id })).toBe(0)
  })

  it('an empty body or an empty array is a 400, not "accepted 0"', async () => {
    for (const body of ['', '\n\n', '[]']) {
      const res = await post('/ingest/nginx', body)
      expect(res.status).toBe(400)
      expect((await res.json()).field).toBe('body')
    }
  })
})

describe('hostile bodies are 4xx, never 5xx', () => {
  it('a record nested 5,000 levels deep is rejected alone; its neighbours are stored', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)
    const body = [JSON.stringify(nginx('deep-ok-1')), deep, JSON.stringify(nginx('deep-ok-2'))].join('\n')
    const res = await post('/ingest/nginx', body)
    expect(res.status).toBe(400)
    const problem = await res.json()
    expect(problem).toMatchObject({ accepted: 2, rejected: 1 })
    expect(problem.errors[0]).toMatchObject({ index: 1, reason: expect.stringContaining('nested deeper than') })
    expect(await count("startsWith(request_id, 'deep-ok-')")).toBe(2)
    // the same as a JSON array body
    const arr = await post('/ingest/nginx', `[${JSON.stringify(nginx('deep-arr-1'))}, ${deep}]`)
    expect(arr.status).toBe(400)
    expect(await count("request_id = 'deep-arr-1'")).toBe(1)
  })

  it('OTLP/JSON: an attribute nested 10,000 levels deep rejects its log record only', async () => {
    // built as text: JSON.stringify itself cannot write a value this deep
    const value = '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(10_000) + '{"stringValue":"x"}' + '}]}}'.repeat(10_000)
    const now = String(BigInt(Date.now() - 1000) * 1_000_000n)
    const http = (id: string) => [
      { key: 'http.request.method', value: { stringValue: 'GET' } },
      { key: 'http.response.status_code', value: { intValue: '200' } },
      { key: 'url.path', value: { stringValue: '/v1/otlp' } },
      { key: 'http.request.header.x-request-id', value: { stringValue: id } },
    ]
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'gw' } }] },
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: now, attributes: http('otlp-deep-ok') },
                { timeUnixNano: now, attributes: [...http('otlp-deep-bad'), { key: 'deep', value: { stringValue: 'DEEP' } }] },
              ],
            },
          ],
        },
      ],
    }
    const res = await post('/v1/logs', JSON.stringify(body).replace('{"stringValue":"DEEP"}', value), tokA, { 'content-type': 'application/json' })
    expect(res.status).toBe(200)
    const answer = await res.json()
    expect(answer.partialSuccess.rejectedLogRecords).toBe('1')
    expect(answer.partialSuccess.errorMessage).toContain('nested deeper than')
    expect(await count("request_id = 'otlp-deep-ok'")).toBe(1)
    // a resource nested too deep fails the request as a 400 naming it
    const badResource = `{"resourceLogs":[{"resource":{"attributes":[{"key":"deep","value":${value}}]},"scopeLogs":[]}]}`
    const r2 = await post('/v1/logs', badResource, tokA, { 'content-type': 'application/json' })
    expect(r2.status).toBe(400)
    expect((await r2.json()).field).toBe('resourceLogs[0].resource')
  })

  it('OTLP: NaN and infinite metric points, points in 1970 and spans of 1e12 ms are rejected by name', async () => {
    const now = String(BigInt(Date.now() - 1000) * 1_000_000n)
    const gauge = (name: string, asDouble: number, timeUnixNano = now) => ({ name, gauge: { dataPoints: [{ timeUnixNano, asDouble }] } })
    const metrics = {
      resourceMetrics: [
        {
          resource: { attributes: [] },
          scopeMetrics: [{ metrics: [gauge('bounds.ok', 1.5), gauge('bounds.nan', NaN), gauge('bounds.inf', Infinity), gauge('bounds.old', 1, '1000000000')] }],
        },
      ],
    }
    const res = await post('/v1/metrics', encodeRequest('metrics', metrics), tokA, { 'content-type': 'application/x-protobuf' })
    expect(res.status).toBe(200)
    const stored = await query<{ MetricName: string }>("SELECT MetricName FROM otel_metrics WHERE startsWith(MetricName, 'bounds.')")
    expect(stored.map((r) => r.MetricName)).toEqual(['bounds.ok'])
    const letters = await query<{ field: string }>("SELECT field FROM dead_letters WHERE source = 'otlp_metrics' ORDER BY field")
    expect(letters.map((l) => l.field)).toEqual([
      'metrics[1].gauge.dataPoints[0].Value',
      'metrics[2].gauge.dataPoints[0].Value',
      'metrics[3].gauge.dataPoints[0].timeUnixNano',
    ])

    const start = BigInt(Date.now() - 5000) * 1_000_000n
    const span = (id: string, durationMs: bigint) => ({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      name: 'GET /v1/span',
      kind: 2,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + durationMs * 1_000_000n),
      attributes: [
        { key: 'http.request.method', value: { stringValue: 'GET' } },
        { key: 'http.response.status_code', value: { intValue: '200' } },
        { key: 'url.path', value: { stringValue: '/v1/span' } },
        { key: 'http.request.header.x-request-id', value: { stringValue: id } },
      ],
    })
    const traces = { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [span('span-ok', 30n), span('span-huge', 1_000_000_000_000n)] }] }] }
    const t = await post('/v1/traces', JSON.stringify(traces), tokA, { 'content-type': 'application/json' })
    expect(t.status).toBe(200)
    expect((await t.json()).partialSuccess).toMatchObject({ rejectedSpans: '1', errorMessage: expect.stringContaining('latency_ms') })
    expect(await count("request_id IN ('span-ok', 'span-huge')")).toBe(1)
  })

  it('a chunked upload past the body limit is cut off at the limit, not buffered whole', async () => {
    const limit = 32 * 1024 * 1024
    const chunk = Buffer.alloc(1024 * 1024, 'a')
    const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0
      let done = false
      const req = request(`${stack.ingest}/ingest/nginx`, { method: 'POST', headers: { authorization: `Bearer ${tokA}`, 'transfer-encoding': 'chunked' } })
      req.on('response', (res) => {
        done = true
        res.resume()
        resolve({ status: res.statusCode!, sent })
        req.destroy()
      })
      req.on('error', (e) => (done ? undefined : reject(e)))
      const pump = () => {
        while (!done && sent < 8 * limit) {
          sent += chunk.length
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        if (!done) req.end()
      }
      pump()
    })
    expect(status).toBe(413)
    // the answer came long before the 256 MiB the client was willing to send
    expect(sent).toBeLessThan(3 * limit)
  })

  it('an unsupported Content-Encoding is a 415', async () => {
    const res = await post('/ingest/nginx', ndjson([nginx('enc')]), tokA, { 'content-encoding': 'compress' })
    expect(res.status).toBe(415)
    expect((await res.json()).field).toBe('Content-Encoding')
  })

  it('a malformed JSON body to the API is a 400 naming the body, not a 500', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const log = captureLog()
    try {
      const res = await fetch(`${stack.api}/v1/registry/instansi`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
        body: '{"code": "x",',
      })
      expect(res.status).toBe(400)
      expect((await res.json()).field).toBe('body')
      expect(logged).not.toHaveBeenCalled()
      expect(log.lines.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([])
    } finally {
      logged.mockRestore()
      log.restore()
    }
  })

  it('an upload the client aborts logs no stack trace', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const log = captureLog()
    try {
      await new Promise<void>((resolve) => {
        const req = request(`${stack.ingest}/ingest/nginx`, { method: 'POST', headers: { authorization: `Bearer ${tokA}`, 'content-length': '1000' } })
        req.on('error', () => undefined)
        req.write('{"msec":')
        setTimeout(() => {
          req.destroy()
          setTimeout(resolve, 300)
        }, 100)
      })
      expect(logged).not.toHaveBeenCalled()
      expect(log.lines.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([])
    } finally {
      logged.mockRestore()
      log.restore()
    }
  })
})

describe('poison isolation after the acknowledgement', () => {
  it('rows storage refuses are bisected out and set aside, attributed; the rest of the batch and another instansi are stored', async () => {
    const gwA = (await stack.call('GET', '/v1/registry/gateways?instansi=poison-a')).body.data[0].id as string
    const gwB = (await stack.call('GET', '/v1/registry/gateways?instansi=victim-b')).body.data[0].id as string
    const event = (instansi: string, gateway: string, id: string, ts: number): RequestEvent =>
      eventRow({
        ts,
        instansi,
        gateway_id: gateway,
        route: '/v1/p',
        path: '/v1/p',
        request_bytes: 1,
        response_bytes: 2,
        request_id: id,
        source_format: 'nginx',
      })
    const { columns } = STREAM_SPECS.events
    // What an older collector may have spooled: 150 months of far-future rows (one insert block over
    // 150 partitions), and two rows ClickHouse cannot parse at all.
    const months = Array.from({ length: 150 }, (_, i) => event('poison-a', gwA, `months-${i}`, Date.UTC(2027 + Math.floor(i / 12), i % 12, 1)))
    const unparsable = ['broken-1', 'broken-2'].map((id) => {
      const row = event('poison-a', gwA, id, Date.now()) as unknown as Record<string, unknown>
      row.status = 'not-a-status'
      return row
    })
    const poison = compactRows(columns, [...months.slice(0, 75), unparsable[0]!, ...months.slice(75), unparsable[1]!])
    const victim = compactRows(
      columns,
      Array.from({ length: 5 }, (_, i) => event('victim-b', gwB, `after-poison-${i}`, Date.now() - 1000)),
    )
    await stack.collector!.spool.append([
      { stream: 'events', key: gwA, payload: poison },
      { stream: 'events', key: gwB, payload: victim },
    ])

    const t0 = Date.now()
    await stack.collector!.drain.flushed(10_000)
    expect(Date.now() - t0).toBeLessThan(10_000)
    expect(await count("startsWith(request_id, 'after-poison-') AND instansi = 'victim-b'")).toBe(5)
    expect(await count("startsWith(request_id, 'months-')")).toBe(150)
    expect(stack.collector!.drain.failures).toBe(0)
    expect((await fetch(`${stack.api}/readyz`)).status).toBe(200)

    const letters = await query("SELECT instansi, gateway_id, stage, source, reason FROM dead_letters WHERE payload LIKE '%broken-%' ORDER BY payload")
    expect(letters).toHaveLength(2)
    for (const l of letters) {
      expect(l).toMatchObject({ instansi: 'poison-a', gateway_id: gwA, stage: 'set_aside', source: 'spool:events' })
      expect(l.reason).toMatch(/^ClickHouse refused the row \(CANNOT_PARSE/)
      expect(l.reason).not.toMatch(/INSERT|SELECT/)
    }

    const stats = await stack.call('GET', '/v1/admin/stats?instansi=poison-a')
    expect(stats.body.data.dead_letters_by_instansi).toEqual([{ instansi: 'poison-a', rejected: expect.any(Number), set_aside: 2 }])
    const listed = await stack.call('GET', '/v1/admin/dead-letters?instansi=poison-a&stage=set_aside')
    expect(listed.status).toBe(200)
    expect(listed.body.data.map((d: { payload: string }) => /broken-\d/.exec(d.payload)?.[0]).sort()).toEqual(['broken-1', 'broken-2'])

    // operators see their own instansi's dead letters only
    const op = (await stack.call('POST', '/v1/admin/tokens', { name: 'op victim', role: 'operator', instansi: 'victim-b' })).body.data.token
    expect((await stack.call('GET', '/v1/admin/dead-letters?instansi=poison-a', undefined, op)).status).toBe(403)
    const own = await stack.call('GET', '/v1/admin/dead-letters', undefined, op)
    expect(own.status).toBe(200)
    expect(own.body.data.every((d: { instansi: string }) => d.instansi === 'victim-b')).toBe(true)
  })

  it('dead letters page by keyset without gaps or repeats', async () => {
    const records = Array.from({ length: 25 }, (_, i) => nginx(`page-dl-${i}`, { request_time: -7 }))
    expect((await post('/ingest/nginx', ndjson(records))).status).toBe(400)
    await stack.flushed()
    const seen: string[] = []
    let cursor: string | undefined
    for (let page = 0; page < 10; page++) {
      const r = await stack.call('GET', `/v1/admin/dead-letters?instansi=poison-a&limit=4${cursor ? `&cursor=${cursor}` : ''}`)
      expect(r.status).toBe(200)
      for (const d of r.body.data) {
        const id = /page-dl-\d+/.exec(d.payload)?.[0]
        if (id) seen.push(id)
      }
      cursor = r.body.pagination.next_cursor
      if (!cursor) break
    }
    expect(seen.length).toBe(25)
    expect(new Set(seen).size).toBe(25)
  })
})

describe('registry authority', () => {
  it('a rotated ingest token is refused at once', async () => {
    const token = await stack.gateway('rotate-c')
    const gw = (await stack.call('GET', '/v1/registry/gateways?instansi=rotate-c')).body.data[0].id as string
    expect((await post('/ingest/nginx', ndjson([nginx('rot-1')]), token)).status).toBe(200)
    const rotated = await stack.call('POST', `/v1/registry/gateways/${gw}/token`)
    expect(rotated.status).toBe(200)
    expect((await post('/ingest/nginx', ndjson([nginx('rot-2')]), token)).status).toBe(401)
    expect((await post('/ingest/nginx', ndjson([nginx('rot-3')]), rotated.body.data.ingest_token)).status).toBe(200)
  })

  it("a gateway of A cannot make another instansi appear as A's consumer", async () => {
    const now = String(BigInt(Date.now() - 1000) * 1_000_000n)
    const record = (id: string, claimed: string) => ({
      timeUnixNano: now,
      attributes: [
        { key: 'http.request.method', value: { stringValue: 'GET' } },
        { key: 'http.response.status_code', value: { intValue: '200' } },
        { key: 'url.path', value: { stringValue: '/v1/claims' } },
        { key: 'consumer.id', value: { stringValue: 'unregistered-app' } },
        { key: 'consumer.instansi', value: { stringValue: claimed } },
        { key: 'http.request.header.x-request-id', value: { stringValue: id } },
      ],
    })
    const body = { resourceLogs: [{ scopeLogs: [{ logRecords: [record('claim-other', 'victim-b'), record('claim-self', 'poison-a')] }] }] }
    expect((await post('/v1/logs', JSON.stringify(body), tokA, { 'content-type': 'application/json' })).status).toBe(200)
    const rows = await query("SELECT request_id, consumer_instansi FROM request_events WHERE startsWith(request_id, 'claim-') ORDER BY request_id")
    expect(rows).toEqual([
      { request_id: 'claim-other', consumer_instansi: '' },
      { request_id: 'claim-self', consumer_instansi: 'poison-a' },
    ])
  })
})
