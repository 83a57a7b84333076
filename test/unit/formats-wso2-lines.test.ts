/**
 * WSO2 API Manager apim_metrics.log lines (`[apim.analytics] type = "elk"`):
 * the log4j prefix is skipped, apim:response / apim:faulty become the wso2
 * adapter's response / fault events, and every other line of that file is
 * refused with its reason. Fixtures: test/fixtures/shippers/wso2 (SOURCES.md).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { RawRequest } from '../../collector/event.js'
import { decodeLine } from '../../collector/sources/decode.js'
import { decodeNative } from '../../collector/sources/native.js'
import { parseWso2Line } from '../../collector/sources/wso2-log-line.js'

const line = (name: string) => readFileSync(new URL(`../fixtures/shippers/wso2/${name}.log`, import.meta.url), 'utf8').trim()

function decoded(text: string, format: 'wso2' | 'auto' = 'wso2'): RawRequest {
  const d = decodeLine(format, text)
  if (!d?.ok) throw new Error(JSON.stringify(d))
  expect(d.format).toBe('wso2')
  return RawRequest.parse(d.raw)
}

describe('apim_metrics.log lines', () => {
  it('the Datadog guide line (verbatim) is 4 ms in total, 3 ms in the backend', () => {
    expect(decoded(line('datadog-guide-response'))).toEqual({
      ts: Date.UTC(2022, 11, 15, 2, 53, 34, 894),
      method: 'GET',
      path: '/pizzashack/1.0.0/menu',
      route: '/pizzashack/1.0.0/menu',
      status: 200,
      latency_ms: 4,
      backend_latency_ms: 3,
      gateway_latency_ms: 1,
      api_name: 'PizzaShackAPI',
      api_version: '1.0.0',
      consumer_id: '87c8da4c-aa3f-43d3-89ac-dc3dc3b19d3e',
      user_id: 'admin@carbon.super',
      client_address: '127.0.0.1',
      auth_outcome: 'success',
      request_id: '02951f10-5934-456d-b608-7cd85b3f7c9d',
      user_agent: 'curl',
      upstream: 'https://localhost:9443/am/sample/pizzashack/v1/api/',
    })
  })

  it("issue 12's first response record: total 78 ms, backend 65 ms, time from requestTimestamp (not the log4j prefix)", () => {
    const r = decoded(line('response-78-65'))
    expect(r).toMatchObject({
      ts: Date.parse('2026-11-20T08:21:12.301Z'),
      method: 'POST',
      path: '/perizinan/2.1.0/izin',
      status: 201,
      latency_ms: 78,
      backend_latency_ms: 65,
      gateway_latency_ms: 13,
      api_name: 'LayananPerizinan',
      request_id: '7d1f0c52-78a6-4c65-9b3e-2f6a1d0e7801',
    })
  })

  it('reads the APIM 4.3 line with its properties object (constructed from the ELK guide values)', () => {
    expect(decoded(line('elk-guide-response-4.3'), 'auto')).toMatchObject({
      ts: Date.parse('2022-01-20T03:34:36.451Z'),
      path: '/api1/2.0.0/*',
      status: 202,
      latency_ms: 73,
      backend_latency_ms: 13,
      gateway_latency_ms: 60,
    })
  })

  it('an apim:faulty line (no method, context or latency in the ELK fault schema) is a fault event', () => {
    const r = decoded(line('elk-guide-faulty-throttled'))
    expect(r).toEqual({
      ts: Date.parse('2022-02-01T04:18:48.023Z'),
      method: '-',
      path: '/',
      status: 429,
      api_name: 'SampleAPI',
      api_version: '1.0.0',
      consumer_id: '0b5ccc91-30e2-4ee5-9355-d1698075c028',
      auth_outcome: 'success',
      request_id: 'ccf2196f-9db8-429b-aaae-98f4c6edf6d7',
      message: '900803 APPLICATION_LEVEL_LIMIT_EXCEEDED',
    })
    expect(r.latency_ms).toBeUndefined()
    expect(parseWso2Line(line('elk-guide-faulty-throttled'))).toMatchObject({ ok: true, metric: 'apim:faulty', record: { eventType: 'fault' } })
  })

  it('an AUTH fault with the 4.3 properties keeps its API context as the path', () => {
    const text = line('elk-guide-faulty-throttled')
      .replace('"errorType":"THROTTLED"', '"errorType":"AUTH"')
      .replace('"proxyResponseCode":429', '"proxyResponseCode":401')
      .replace('"properties":{}', '"properties":{"apiContext":"/sample/1.0.0","userName":"UNKNOWN"}')
    expect(decoded(text)).toMatchObject({ path: '/sample/1.0.0', status: 401, auth_outcome: 'failure', method: '-' })
  })

  it('accepts "properties:" (the Go enforcer) and the requestTimestamp forms Java prints (…12.301Z, …12Z, …08:21Z)', () => {
    expect(decoded(line('go-properties-colon'))).toMatchObject({ ts: Date.UTC(2026, 10, 20, 8, 21, 13), latency_ms: 25, backend_latency_ms: 20 })
    expect(decoded(line('response-whole-minute'))).toMatchObject({ ts: Date.UTC(2026, 10, 20, 8, 21), status: 404 })
    const spaced = line('response-78-65').replace('properties :{', 'properties :  {')
    expect(decoded(spaced).latency_ms).toBe(78)
  })

  it('refuses the other lines of the file by name', () => {
    expect(decodeLine('wso2', line('reporter-startup'))).toEqual({
      ok: false,
      field: '',
      reason: 'WSO2 apim_metrics line without apimMetrics (INFO ELKMetricReporter): not a request event',
    })
    expect(decodeLine('wso2', '08:23:34,898 [-] [x]  INFO ELKCounterMetric apimMetrics: apim:response')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('without a "properties :{…}" JSON object'),
    })
    expect(decodeLine('wso2', '08:23:34,898 [-] [x]  INFO ELKCounterMetric apimMetrics: apim:request, properties :{}')).toMatchObject({
      ok: false,
      reason: expect.stringContaining("metric 'apim:request'"),
    })
    expect(decodeLine('wso2', line('response-78-65').replace('"apiName":"LayananPerizinan",', '"apiName":"LayananPerizinan" oops'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/apim:response line whose properties are not JSON \(at character \d+\)/),
    })
    const noMethod = decodeLine('wso2', line('response-78-65').replace('"apiMethod":"POST",', ''))
    expect(noMethod).toMatchObject({ ok: false, field: 'properties.apiMethod' })
    expect(decodeLine('nginx', line('response-78-65'))).toMatchObject({ ok: false, reason: expect.stringContaining('/ingest/wso2') })
    expect(decodeLine('wso2', 'GET / 200')).toBeUndefined()
  })

  it('a plain-text body of the whole file: every metric line stored, the start-up line named', () => {
    const body = ['reporter-startup', 'datadog-guide-response', 'elk-guide-faulty-throttled', 'response-78-65'].map(line).join('\n')
    const { candidates, rejections, total } = decodeNative(body, 'wso2')
    expect(total).toBe(4)
    expect(candidates.map((c) => c.index)).toEqual([1, 2, 3])
    expect(rejections).toMatchObject([{ index: 0, field: '', reason: expect.stringContaining('line 1: WSO2 apim_metrics line without apimMetrics') }])
  })
})
