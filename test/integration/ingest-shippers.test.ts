/**
 * Log shippers through the real ingest stack: each shipper's documented body
 * (test/fixtures/shippers, SOURCES.md), posted with the Content-Type it sends,
 * is stored as the gateway events inside it — latencies, status, method, path,
 * and the time from the line (or the shipper's, for a line without one) — and
 * every line that is not a request is named in the answer.
 * Each case has its own instansi, so counts are exact.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../support/stack.js'

const body = (path: string) => readFileSync(new URL(`../fixtures/shippers/${path}`, import.meta.url), 'utf8')

interface Row {
  ts_ms: string
  method: string
  path: string
  status: number
  latency_ms: number
  backend_latency_ms: number | null
  scheme: string
  request_id: string
  source_format: string
}

let stack: TestStack

beforeAll(async () => {
  // the WSO2 documentation lines are from 2022: keep raw events long enough not to expire on insert
  stack = await startTestStack({ PANTAU_RAW_TTL_DAYS: '20000' })
})
afterAll(() => stack?.stop())

/** Post a body as one shipper of a new instansi; returns the answer and that instansi's stored rows (by time). */
async function ship(instansi: string, path: string, payload: string, contentType: string, userAgent = 'test') {
  const token = await stack.gateway(instansi)
  const res = await fetch(stack.ingest + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'user-agent': userAgent },
    body: payload,
  })
  const answer = await res.json()
  await stack.flushed()
  const rows = await stack.storage!.query<Row>(
    `SELECT toUnixTimestamp64Milli(ts) AS ts_ms, method, path, status, latency_ms, backend_latency_ms, scheme, request_id, source_format
     FROM request_events WHERE instansi = {i:String} ORDER BY ts, request_id`,
    { i: instansi },
  )
  return { status: res.status, answer, rows: rows.map((r) => ({ ...r, ts: Number(r.ts_ms) })) }
}

const WSO2_78 = {
  ts: Date.parse('2026-11-20T08:21:12.301Z'),
  method: 'POST',
  path: '/perizinan/2.1.0/izin',
  status: 201,
  latency_ms: 78,
  backend_latency_ms: 65,
  source_format: 'wso2',
}
const WSO2_FAULT = { ts: Date.parse('2022-02-01T04:18:48.023Z'), method: '-', path: '/', status: 429, latency_ms: 0, backend_latency_ms: null }
const WSO2_DATADOG = {
  ts: Date.parse('2022-12-15T02:53:34.894Z'),
  method: 'GET',
  path: '/pizzashack/1.0.0/menu',
  status: 200,
  latency_ms: 4,
  backend_latency_ms: 3,
}
const WSO2_ELK43 = { ts: Date.parse('2022-01-20T03:34:36.451Z'), method: 'GET', path: '/api1/2.0.0/*', status: 202, latency_ms: 73, backend_latency_ms: 13 }

describe('shippers → /ingest', () => {
  it('Fluent Bit json (application/json array of {date, log}): WSO2 lines keep requestTimestamp', async () => {
    const r = await ship('shp-fb-json', '/ingest/wso2', body('fluent-bit/json-tail-wso2.json'), 'application/json', 'Fluent-Bit')
    expect(r.status).toBe(200)
    expect(r.answer).toEqual({ accepted: 2, rejected: 0 })
    expect(r.rows).toMatchObject([WSO2_FAULT, WSO2_78])
  })

  it('Fluent Bit json_lines (application/x-ndjson): the date is the time of an nginx line without one', async () => {
    const r = await ship('shp-fb-lines', '/ingest/nginx', body('fluent-bit/json_lines-tail-nginx.ndjson'), 'application/x-ndjson', 'Fluent-Bit')
    expect(r.answer).toEqual({ accepted: 2, rejected: 0 })
    expect(r.rows).toMatchObject([
      { ts: 1796356512420 - 120, method: 'POST', path: '/v1/izin/permohonan', status: 201, latency_ms: 120, backend_latency_ms: 100, scheme: 'https' },
      { ts: 1796356515500 - 78, method: 'GET', status: 200, latency_ms: 78, backend_latency_ms: 65, scheme: 'https', request_id: 'shp-fbl-nginx-1' },
    ])
  })

  it('Vector json array and NDJSON without a trailing newline', async () => {
    const a = await ship('shp-vector-json', '/ingest/auto', body('vector/json-file-wso2.json'), 'application/json')
    expect(a.answer).toEqual({ accepted: 2, rejected: 0 })
    expect(a.rows).toMatchObject([WSO2_ELK43, WSO2_DATADOG])
    const b = await ship('shp-vector-ndjson', '/ingest/nginx', body('vector/ndjson-file-nginx.ndjson'), 'application/x-ndjson')
    expect(b.answer).toEqual({ accepted: 2, rejected: 0 })
    expect(b.rows).toMatchObject([
      { ts: Date.parse('2026-12-04T03:56:00.100Z') - 250, status: 503, latency_ms: 250, backend_latency_ms: 249, scheme: 'https' },
      { ts: Date.parse('2026-12-04T03:56:01.200Z') - 12, status: 200, latency_ms: 12, backend_latency_ms: null, scheme: 'http' },
    ])
  })

  it('Logstash json (one Filebeat event) and json_batch (Filebeat → Logstash, apim_metrics.log)', async () => {
    const one = await ship('shp-logstash-json', '/ingest/nginx', body('logstash/json-filebeat-nginx.json'), 'application/json')
    expect(one.answer).toEqual({ accepted: 1, rejected: 0 })
    // the line's own $msec, not Logstash's @timestamp
    expect(one.rows).toMatchObject([{ ts: 1796356512420 - 120, method: 'POST', status: 201, latency_ms: 120, request_id: 'shp-ls-nginx-1' }])
    const batch = await ship('shp-logstash-batch', '/ingest/wso2', body('logstash/json_batch-filebeat-wso2.json'), 'application/json')
    expect(batch.answer).toEqual({ accepted: 2, rejected: 0 })
    expect(batch.rows).toMatchObject([WSO2_FAULT, WSO2_78])
  })

  it('syslog-ng: its default body (the bare line, sent as form-urlencoded) and a format-json batch', async () => {
    const bare = await ship(
      'shp-sng-default',
      '/ingest/wso2',
      body('syslog-ng/default-body-wso2.txt'),
      'application/x-www-form-urlencoded',
      'syslog-ng 3.38.1/libcurl 7.88.1',
    )
    expect(bare.answer).toEqual({ accepted: 1, rejected: 0 })
    expect(bare.rows).toMatchObject([WSO2_78])
    const batch = await ship('shp-sng-batch', '/ingest/auto', body('syslog-ng/format-json-batch.json'), 'application/x-www-form-urlencoded')
    expect(batch.answer).toEqual({ accepted: 2, rejected: 0 })
    expect(batch.rows).toMatchObject([
      WSO2_ELK43,
      { ts: Date.parse('2026-12-04T03:55:16Z') - 33, method: 'PUT', path: '/v1/izin/7', status: 200, latency_ms: 33, scheme: 'http', source_format: 'nginx' },
    ])
  })

  it('rsyslog StdJSONFmt (jsonarray batch)', async () => {
    const r = await ship('shp-rsyslog', '/ingest/nginx', body('rsyslog/stdjsonfmt-jsonarray.json'), 'application/json')
    expect(r.answer).toEqual({ accepted: 1, rejected: 0 })
    expect(r.rows).toMatchObject([{ ts: Date.parse('2026-12-04T03:55:15.123Z') - 4, status: 401, latency_ms: 4, scheme: 'https' }])
  })

  it('text/plain raw lines: stored, and the start-up line of apim_metrics.log named in the 400', async () => {
    const r = await ship('shp-text', '/ingest/auto', body('text/raw-lines.txt'), 'text/plain')
    expect(r.status).toBe(400)
    expect(r.answer).toMatchObject({
      accepted: 4,
      rejected: 1,
      errors: [{ index: 0, field: '', reason: 'line 1: WSO2 apim_metrics line without apimMetrics (INFO ELKMetricReporter): not a request event' }],
    })
    expect(r.rows).toMatchObject([
      WSO2_FAULT,
      WSO2_DATADOG,
      { ts: Date.UTC(2026, 10, 20, 8, 21, 13), latency_ms: 25, backend_latency_ms: 20, source_format: 'wso2' },
      { ts: 1796356512420 - 120, request_id: 'shp-txt-nginx-1', source_format: 'nginx' },
    ])
    const [dl] = await stack.storage!.query<{ reason: string; payload: string }>(
      "SELECT reason, payload FROM dead_letters WHERE payload LIKE '%LogMetricReporter successfully initialized%'",
    )
    expect(dl?.reason).toContain('without apimMetrics')
  })

  it('a binary body (Fluent Bit format msgpack) is a 415 saying what to send instead', async () => {
    const token = await stack.gateway('shp-msgpack')
    const res = await fetch(`${stack.ingest}/ingest/nginx`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/msgpack' },
      body: new Uint8Array([0x92, 0xd7, 0x00]),
    })
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({ field: 'Content-Type', detail: expect.stringContaining('format json or json_lines') })
  })
})

describe('OTLP/JSON from the filelog receiver', () => {
  it('WSO2 lines, Fluent Bit–style JSON and bare nginx JSON in string bodies; the rest named in partialSuccess', async () => {
    const r = await ship('shp-otel-filelog', '/v1/logs', body('otel/filelog-otlp-json.json'), 'application/json', 'otelcol-contrib/0.165.1 (linux/amd64)')
    expect(r.status).toBe(200)
    expect(r.answer.partialSuccess.rejectedLogRecords).toBe('2')
    const message: string = r.answer.partialSuccess.errorMessage
    expect(message).toContain('logRecords[1].body: body is a WSO2 apim_metrics line without apimMetrics (INFO ELKMetricReporter): not a request event')
    expect(message).toContain('logRecords[4].attributes: not an HTTP request log')
    expect(message).toContain('the body is text of no known format')
    expect(r.rows).toMatchObject([
      { ...WSO2_78, source_format: 'wso2' },
      // the Fluent Bit date of the body's envelope
      { ts: 1796356305250 - 50, path: '/v1/otel/fb', latency_ms: 50, backend_latency_ms: 40, source_format: 'nginx' },
      // no time in the line nor an envelope: the log record's observed time
      { ts: 1796356307000 - 20, path: '/v1/otel/bare', latency_ms: 20, scheme: 'http', source_format: 'nginx' },
    ])
  })
})
