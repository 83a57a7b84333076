/**
 * Log shipper envelopes (collector/sources/envelopes.ts, decode.ts): each
 * shipper's documented body gives the wrapped gateway record, with the
 * shipper's time only where the line has none; gateway records that look like
 * envelopes (a Pasal 13 `message`, an nginx `@timestamp`) are never unwrapped.
 * Fixtures: test/fixtures/shippers (SOURCES.md says which are verbatim).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { RawRequest } from '../../collector/event.js'
import { decodeRecord } from '../../collector/sources/decode.js'
import { bsdTime, unwrapEnvelope } from '../../collector/sources/envelopes.js'
import { logsToCandidates } from '../../collector/sources/otlp/logs.js'
import { detectFormat } from '../../collector/sources/formats/index.js'
import { decodeNative, type NativeFormatName } from '../../collector/sources/native.js'
import { fixture } from '../support/formats.js'

const body = (path: string) => readFileSync(new URL(`../fixtures/shippers/${path}`, import.meta.url), 'utf8')
const records = (path: string): Array<Record<string, unknown>> => JSON.parse(body(path))
const anyFormat = (r: Record<string, unknown>) => !!detectFormat(r)

/** Decode a whole body; every record must be accepted. */
function accepted(text: string, format: NativeFormatName): RawRequest[] {
  const out = decodeNative(text, format)
  expect(out.rejections).toEqual([])
  return out.candidates.map((c) => RawRequest.parse(c.raw))
}

describe('envelopes', () => {
  it('Fluent Bit json: an array of {date, log}; the WSO2 line keeps its requestTimestamp', () => {
    const [response, fault] = accepted(body('fluent-bit/json-tail-wso2.json'), 'wso2')
    expect(response).toMatchObject({ ts: Date.parse('2026-11-20T08:21:12.301Z'), latency_ms: 78, backend_latency_ms: 65, status: 201, method: 'POST' })
    expect(fault).toMatchObject({ ts: Date.parse('2022-02-01T04:18:48.023Z'), status: 429 })
    expect(unwrapEnvelope(records('fluent-bit/json-tail-wso2.json')[0]!, anyFormat)).toMatchObject({ shipper: 'fluent-bit', key: 'log', ts: 1764820872301 })
  })

  it('Fluent Bit json_lines: the date (epoch seconds, a double) is the time of an nginx line without one; a line with msec keeps its own', () => {
    const [noTime, ownTime] = accepted(body('fluent-bit/json_lines-tail-nginx.ndjson'), 'nginx')
    // nginx logs at request end: start = shipper time − request_time
    expect(noTime).toMatchObject({
      ts: 1796356515500 - 78,
      method: 'GET',
      path: '/v1/penduduk/3171011234560001?include=alamat',
      status: 200,
      latency_ms: 78,
      backend_latency_ms: 65,
      scheme: 'https',
      request_id: 'shp-fbl-nginx-1',
    })
    expect(ownTime).toMatchObject({ ts: 1796356512420 - 120, latency_ms: 120, backend_latency_ms: 100, scheme: 'https', tls_version: 'TLSv1.3' })
  })

  it('Fluent Bit json with json_date_format iso8601 and the record as an object under log', () => {
    const [r] = accepted(body('fluent-bit/json-iso8601-log-object.json'), 'auto')
    expect(r).toMatchObject({ ts: Date.parse('2026-12-04T03:55:15.000Z') - 10, method: 'DELETE', status: 204, scheme: 'http', latency_ms: 10 })
  })

  it('Vector json array and NDJSON (no trailing newline): message + timestamp', () => {
    const [datadog, elk] = accepted(body('vector/json-file-wso2.json'), 'auto')
    expect(datadog).toMatchObject({ latency_ms: 4, backend_latency_ms: 3, ts: Date.parse('2022-12-15T02:53:34.894Z') })
    expect(elk).toMatchObject({ latency_ms: 73, status: 202 })
    const [a, b] = accepted(body('vector/ndjson-file-nginx.ndjson'), 'nginx')
    expect(a).toMatchObject({ ts: Date.parse('2026-12-04T03:56:00.100Z') - 250, status: 503, scheme: 'https', backend_latency_ms: 249 })
    expect(b).toMatchObject({ ts: Date.parse('2026-12-04T03:56:01.200Z') - 12, status: 200, scheme: 'http' })
    expect(b?.backend_latency_ms).toBeUndefined()
    expect(unwrapEnvelope(records('vector/json-file-wso2.json')[0]!, anyFormat)).toMatchObject({
      shipper: 'vector',
      host: 'gw-01',
      file: '/opt/wso2am/repository/logs/apim_metrics.log',
    })
  })

  it('Logstash json (one Filebeat event) and json_batch: message; the line’s own time beats @timestamp', () => {
    const [nginx] = accepted(body('logstash/json-filebeat-nginx.json'), 'nginx')
    expect(nginx).toMatchObject({ ts: 1796356512420 - 120, request_id: 'shp-ls-nginx-1', method: 'POST', status: 201 })
    const [fault, response] = accepted(body('logstash/json_batch-filebeat-wso2.json'), 'wso2')
    expect(fault).toMatchObject({ status: 429, message: '900803 APPLICATION_LEVEL_LIMIT_EXCEEDED' })
    expect(response).toMatchObject({ latency_ms: 78, backend_latency_ms: 65 })
    expect(unwrapEnvelope(records('logstash/json_batch-filebeat-wso2.json')[0]!, anyFormat)).toMatchObject({
      shipper: 'elastic',
      key: 'message',
      host: 'gw-01',
      file: '/opt/wso2am/repository/logs/apim_metrics.log',
      ts: Date.parse('2026-12-04T04:18:48.030Z'),
    })
  })

  it('syslog-ng: the bare $MSG body and a format-json batch (MESSAGE, ISODATE; BSD DATE as a fallback)', () => {
    const [bare] = accepted(body('syslog-ng/default-body-wso2.txt'), 'wso2')
    expect(bare).toMatchObject({ latency_ms: 78, backend_latency_ms: 65 })
    const [wso2, nginx] = accepted(body('syslog-ng/format-json-batch.json'), 'auto')
    expect(wso2).toMatchObject({ latency_ms: 73, ts: Date.parse('2022-01-20T03:34:36.451Z') })
    expect(nginx).toMatchObject({ ts: Date.parse('2026-12-04T03:55:16Z') - 33, method: 'PUT', scheme: 'http' })
    const [onlyDate] = records('syslog-ng/format-json-batch.json').map(({ ISODATE: _, ...r }) => r)
    expect(unwrapEnvelope(onlyDate!, anyFormat)).toMatchObject({ shipper: 'syslog-ng', host: 'vm', file: '/tmp/sng/in.log', ts: bsdTime('Dec  4 03:55:15') })
    const now = Date.UTC(2026, 11, 4, 5, 0)
    expect(bsdTime('Dec  4 03:55:15', now)).toBe(Date.UTC(2026, 11, 4, 3, 55, 15))
    expect(bsdTime('Dec 31 23:59:59', Date.UTC(2027, 0, 1, 0, 0, 5))).toBe(Date.UTC(2026, 11, 31, 23, 59, 59))
    expect(bsdTime('Dec 31 23:59:59', Date.UTC(2026, 0, 1))).toBe(Date.UTC(2025, 11, 31, 23, 59, 59))
  })

  it('rsyslog StdJSONFmt: message + timereported (RFC 3339 with an offset)', () => {
    const [r] = accepted(body('rsyslog/stdjsonfmt-jsonarray.json'), 'nginx')
    expect(r).toMatchObject({ ts: Date.parse('2026-12-04T03:55:15.123Z') - 4, status: 401, tls_version: 'TLSv1.2', scheme: 'https' })
    expect(unwrapEnvelope(records('rsyslog/stdjsonfmt-jsonarray.json')[0]!, anyFormat)).toMatchObject({ shipper: 'rsyslog', host: 'gw-03' })
  })

  it('text/plain: raw lines of two files, JSON and WSO2 mixed; the start-up line is named', () => {
    const out = decodeNative(body('text/raw-lines.txt'), 'auto')
    expect(out.total).toBe(5)
    expect(out.candidates.map((c) => [c.index, c.format])).toEqual([
      [1, 'wso2'],
      [2, 'wso2'],
      [3, 'nginx'],
      [4, 'wso2'],
    ])
    expect(out.rejections).toMatchObject([
      { index: 0, reason: 'line 1: WSO2 apim_metrics line without apimMetrics (INFO ELKMetricReporter): not a request event' },
    ])
  })
})

describe('telling an envelope from a gateway record', () => {
  it('a Pasal 13 record with its own message and an nginx line with @timestamp are read as they are', () => {
    const pasal13 = fixture('pasal13', 'request-success.json')
    expect(decodeRecord('auto', pasal13)).toMatchObject({ ok: true, format: 'pasal13', raw: { message: 'Data penduduk berhasil diambil' } })
    const nginx = {
      '@timestamp': '2026-12-04T03:00:00.500Z',
      message: '{"status":"500"}',
      request_method: 'GET',
      request_uri: '/v1/a',
      status: '200',
      request_time: '0.5',
    }
    expect(decodeRecord('nginx', nginx)).toMatchObject({ ok: true, raw: { status: 200, ts: Date.parse('2026-12-04T03:00:00Z') } })
  })

  it('a broken gateway record is refused for its own field, not for its message', () => {
    const broken = { ...fixture('pasal13', 'request-success.json'), statusCode: 'x', message: '{"a":1}' }
    expect(decodeRecord('pasal13', broken)).toMatchObject({ ok: false, field: 'statusCode' })
    expect(decodeRecord('auto', broken)).toMatchObject({ ok: false, field: 'statusCode' })
  })

  it('a broken wrapped line is named under the envelope key', () => {
    const line = JSON.stringify({ request_method: 'GET', request_uri: '/a', request_time: '0.1', remote_addr: '10.0.0.1' })
    expect(decodeRecord('nginx', { date: 1796356515.5, log: line })).toMatchObject({ ok: false, field: 'log.status' })
    expect(decodeRecord('auto', { '@timestamp': '2026-12-04T03:00:00Z', '@version': '1', message: '{"foo":1}' })).toMatchObject({
      ok: false,
      field: 'message',
      reason: expect.stringContaining('matches none of the formats'),
    })
  })

  it('an envelope around text Pantau does not read says so', () => {
    const filebeat = records('logstash/json_batch-filebeat-wso2.json')[0]!
    const combined = { ...filebeat, message: '10.1.2.3 - - [04/Dec/2026:10:55:15 +0700] "GET / HTTP/1.1" 200 612' }
    expect(decodeRecord('nginx', combined)).toEqual({
      ok: false,
      field: 'message',
      reason: "Logstash/Filebeat envelope: its 'message' is text that is neither a JSON object nor a WSO2 apim_metrics line",
    })
    expect(decodeRecord('auto', { date: 1, log: '{"a":' })).toMatchObject({ ok: false, field: 'log', reason: expect.stringContaining('not JSON') })
    // Filebeat's own `log` object ({offset, file}) is no wrapped record
    expect(unwrapEnvelope({ log: { offset: 1, file: { path: '/x' } } }, anyFormat)).toBeUndefined()
  })

  it('a wrapped line nested too deep is refused, not parsed further', () => {
    const deep = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`
    expect(decodeRecord('auto', { date: 1, log: deep })).toMatchObject({ ok: false, field: 'log', reason: expect.stringContaining('nested deeper than') })
  })
})

describe('OTLP log bodies', () => {
  const logs = (...records: object[]) => logsToCandidates({ resourceLogs: [{ scopeLogs: [{ logRecords: records }] }] })
  const wso2 = readFileSync(new URL('../fixtures/shippers/wso2/response-78-65.log', import.meta.url), 'utf8').trim()

  it('a map body holding a Fluent Bit envelope, and a WSO2 line, become events', () => {
    const envelope = { date: 1796356305.25, log: '{"request_method":"GET","request_uri":"/v1/x","status":"200","request_time":"0.050"}' }
    const out = logs(
      {
        observedTimeUnixNano: '1796356306000000000',
        body: {
          kvlistValue: {
            values: Object.entries(envelope).map(([key, v]) => ({ key, value: typeof v === 'number' ? { doubleValue: v } : { stringValue: v } })),
          },
        },
      },
      { observedTimeUnixNano: '1796356306000000000', body: { stringValue: wso2 } },
    )
    expect(out.rejections).toEqual([])
    expect(out.candidates.map((c) => [c.format, (c.raw as RawRequest).ts])).toEqual([
      ['nginx', 1796356305250 - 50],
      ['wso2', Date.parse('2026-11-20T08:21:12.301Z')],
    ])
  })

  it('says why a record is not a request event', () => {
    const out = logs(
      { body: { stringValue: wso2.replace('"apiMethod":"POST",', '') } },
      { body: { stringValue: '{"foo":"bar"}' } },
      { body: { stringValue: '{"foo":' } },
      { body: { intValue: '3' } },
    )
    expect(out.candidates).toEqual([])
    expect(out.rejections.map((r) => [r.field, r.reason.replace(/^not an HTTP request log: .*?; /, 'not a request; ')])).toEqual([
      ['logRecords[0].body.properties.apiMethod', 'no apiMethod (a response event must name its HTTP method)'],
      ['logRecords[1].attributes', "not a request; the body's JSON matches none of the formats: pasal13, kong, apisix, wso2, nginx, envoy"],
      ['logRecords[2].attributes', 'not a request; the body is not valid JSON'],
      ['logRecords[3].attributes', 'not a request; the body is a number'],
    ])
  })
})
