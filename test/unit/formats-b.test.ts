/** Native gateway formats, part 2: WSO2, nginx, Envoy, detection, malformed records. */
import { describe, it, expect } from 'vitest'
import { detectFormat, formats, type NativeFormatName } from '../../collector/sources/formats/index.js'
import { sumUpstreamTimes } from '../../collector/sources/formats/nginx.js'
import { allFixtures, fixture, raw, toRaw } from '../support/formats.js'

describe('wso2', () => {
  it('maps the APIM 4.0.0 trace-log response event (apiContext under properties)', () => {
    expect(raw('wso2', 'response-trace-4.0.0.json')).toEqual({
      ts: Date.UTC(2022, 6, 18, 6, 49, 19),
      method: 'GET',
      path: '/api1/2.0.0/test',
      route: '/api1/2.0.0/test',
      status: 200,
      latency_ms: 2446,
      backend_latency_ms: 1866,
      gateway_latency_ms: 580,
      api_name: 'API1',
      api_version: '2.0.0',
      consumer_id: '5d6d0135-810a-4b4e-8f9a-45187e943fff',
      user_id: 'admin@carbon.super',
      client_address: '127.0.0.1',
      auth_outcome: 'success',
      request_id: '00a94b54-5579-4f5d-95c1-4bd909fd4c20',
      user_agent: 'Chrome',
      upstream: 'https://run.mocky.io/v3/d14fad1d-d57b-41bc-8be3-146b6aaddfaf',
    })
  })

  it('maps the log-reporter response event (no API context: template only)', () => {
    expect(raw('wso2', 'response-log-reporter-4.0.0.json')).toEqual({
      ts: Date.UTC(2022, 1, 17, 9, 47, 48, 913),
      method: 'GET',
      path: '/menu',
      route: '/menu',
      status: 200,
      latency_ms: 392,
      backend_latency_ms: 335,
      gateway_latency_ms: 57,
      api_name: 'PizzaShackAPI',
      api_version: '1.0.0',
      consumer_id: '118fd1a4-73aa-3969-8c72-4f5cc06b1b0a',
      client_address: '127.0.0.1',
      auth_outcome: 'success',
      request_id: '70a30874-1e19-41e2-ad44-0ec1957fc740',
      user_agent: 'Chrome',
      upstream: 'https://localhost:9443/am/sample/pizzashack/v1/api/',
    })
  })

  it('maps an AUTH fault event to an auth failure without a consumer', () => {
    expect(raw('wso2', 'fault-auth-failure.json')).toEqual({
      ts: Date.UTC(2022, 10, 2, 5, 14, 3, 562),
      method: 'GET',
      path: '/testapi/1.0.0',
      status: 401,
      api_name: 'TestAPI',
      api_version: '1.0.0',
      auth_outcome: 'failure',
      request_id: '3d3c4d0c-7d6f-4ad1-9c4a-2f0b6f5e8a11',
      user_agent: 'curl/7.83.0',
      message: '900901 AUTHENTICATION_FAILURE',
    })
  })

  it('reports the anonymous application of unsecured resources as anonymous', () => {
    const r = fixture('wso2', 'response-log-reporter-4.0.0.json')
    const out = toRaw('wso2', { ...r, applicationId: 'anonymous', applicationName: 'anonymous' })
    expect(out.auth_outcome).toBe('anonymous')
    expect(out.consumer_id).toBeUndefined()
  })
})

describe('nginx', () => {
  it('maps the log_format of the Kong support article (time_local, $request line)', () => {
    expect(raw('nginx', 'kong-support-json-logs.json')).toEqual({
      ts: Date.UTC(2024, 8, 19, 22, 10, 39) - 173,
      method: 'GET',
      path: '/example-route?page=2',
      status: 200,
      latency_ms: 173,
      response_bytes: 9593,
      client_address: '192.168.65.1',
      auth_outcome: 'unknown',
      user_agent: 'HTTPie/3.2.3',
    })
  })

  it('sums a multi-upstream $upstream_response_time and reads TLS from ssl_protocol', () => {
    expect(raw('nginx', 'variables-multi-upstream.json')).toEqual({
      ts: 1741914930456 - 215,
      method: 'POST',
      path: '/v1/izin/permohonan?draft=true',
      status: 201,
      latency_ms: 215,
      backend_latency_ms: 194,
      gateway_latency_ms: 21,
      request_bytes: 1024,
      response_bytes: 612,
      host: 'api.perizinan.go.id',
      scheme: 'https',
      tls_version: 'TLSv1.3',
      client_address: '10.1.2.3',
      auth_outcome: 'unknown',
      request_id: '6f1c2e9a0b7d4c3e8a5f1d2c3b4a5968',
      user_agent: 'curl/8.5.0',
      upstream: '10.0.1.7:8080',
    })
  })

  it('handles "-" (no upstream), empty ssl_protocol and uri + args', () => {
    expect(raw('nginx', 'no-upstream-plain-http.json')).toEqual({
      ts: Date.UTC(2025, 2, 14, 1, 16, 2),
      method: 'GET',
      path: '/v1/izin?page=1',
      status: 401,
      latency_ms: 0,
      request_bytes: 388,
      response_bytes: 330,
      host: 'api.perizinan.go.id',
      scheme: 'http',
      client_address: '10.1.2.4',
      auth_outcome: 'failure',
      user_agent: 'python-requests/2.31.0',
    })
  })

  it('sums $upstream_response_time lists', () => {
    expect(sumUpstreamTimes('-')).toBeUndefined()
    expect(sumUpstreamTimes('')).toBeUndefined()
    expect(sumUpstreamTimes(null)).toBeUndefined()
    expect(sumUpstreamTimes('0.029')).toBe(29)
    expect(sumUpstreamTimes('0.002, 0.010 : 0.005')).toBe(17)
    expect(sumUpstreamTimes('0.002, - : 0.005')).toBe(7)
    expect(sumUpstreamTimes(0.5)).toBe(500)
  })

  it('rejects an unreadable time at its own key', () => {
    const r = fixture('nginx', 'kong-support-json-logs.json')
    const res = formats.nginx.schema.safeParse({ ...r, time_local: 'yesterday' })
    expect(res.success).toBe(false)
    expect(res.error?.issues.map((i) => i.path)).toContainEqual(['time_local'])
  })
})

describe('envoy', () => {
  it('maps the Envoy docs default-format example as typed JSON', () => {
    expect(raw('envoy', 'default-format-example.json')).toEqual({
      ts: Date.UTC(2016, 3, 15, 20, 17, 0, 310),
      method: 'POST',
      path: '/api/v1/locations',
      status: 204,
      latency_ms: 226,
      backend_latency_ms: 100,
      gateway_latency_ms: 126,
      request_bytes: 154,
      response_bytes: 0,
      host: 'locations',
      client_address: '10.0.35.28',
      auth_outcome: 'unknown',
      request_id: 'cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2',
      user_agent: 'nsq2http',
      upstream: 'tcp://10.0.2.1:80',
    })
  })

  it('maps the Istio access-log task record (Istio JSON keys, nulls)', () => {
    expect(raw('envoy', 'istio-access-log-task.json')).toEqual({
      ts: Date.UTC(2020, 10, 25, 21, 26, 18, 409),
      method: 'GET',
      path: '/status/418',
      status: 418,
      latency_ms: 4,
      backend_latency_ms: 4,
      gateway_latency_ms: 0,
      request_bytes: 0,
      response_bytes: 135,
      host: 'httpbin',
      client_address: '10.44.1.23',
      auth_outcome: 'unknown',
      request_id: '84961386-6d84-929d-98bd-c5aee93b5c88',
      user_agent: 'curl/7.73.0-DEV',
      service: 'httpbin.foo.svc.cluster.local',
      upstream: '10.44.1.27:80',
    })
  })

  it('maps string-valued json_format with TLS and an ext_authz denial', () => {
    expect(raw('envoy', 'json-format-tls-ext-authz-denied.json')).toEqual({
      ts: Date.UTC(2025, 2, 14, 1, 15, 30, 123),
      method: 'GET',
      path: '/v1/penduduk?nik=3171011234560001',
      status: 403,
      latency_ms: 3,
      request_bytes: 0,
      response_bytes: 58,
      host: 'api.dukcapil.go.id',
      scheme: 'https',
      tls_version: 'TLSv1.3',
      client_address: '203.0.113.7',
      auth_outcome: 'failure',
      request_id: '1f0c8a52-3c1e-4c83-9a8e-7d2b9e0f6a41',
      user_agent: 'Go-http-client/2.0',
    })
  })

  it('prefers x-envoy-original-path over the rewritten path', () => {
    const r = fixture('envoy', 'default-format-example.json')
    expect(toRaw('envoy', { ...r, path: '/internal', x_envoy_original_path: '/api/v1/locations' }).path).toBe('/api/v1/locations')
  })
})

describe('detection', () => {
  it.each(allFixtures)('$format/$file is detected as $format and by no other format', ({ format, file }) => {
    const record = fixture(format, file)
    expect(detectFormat(record)?.name).toBe(format)
    const matching = Object.values(formats)
      .filter((f) => f.detect(record))
      .map((f) => f.name)
    expect(matching).toEqual([format])
  })

  it.each([
    null,
    undefined,
    42,
    'GET / HTTP/1.1',
    [],
    [{ statusCode: 200 }],
    {},
    { foo: 'bar' },
    { status: 200 },
    { message: 'hello', level: 'info' },
    { request: 'GET / HTTP/1.1', status: 200 },
    { request: {}, response: {} },
  ])('rejects %j', (record) => {
    expect(detectFormat(record)).toBeUndefined()
  })
})

describe('malformed records fail at the named field', () => {
  const cases: Array<{ format: NativeFormatName; file: string; path: (string | number)[] }> = [
    { format: 'pasal13', file: 'malformed-no-status-code.json', path: ['statusCode'] },
    { format: 'kong', file: 'malformed-no-response-status.json', path: ['response', 'status'] },
    { format: 'apisix', file: 'malformed-no-start-time.json', path: ['start_time'] },
    { format: 'wso2', file: 'malformed-no-api-method.json', path: ['apiMethod'] },
    { format: 'nginx', file: 'malformed-no-status.json', path: ['status'] },
    { format: 'envoy', file: 'malformed-response-code-zero.json', path: ['response_code'] },
  ]

  it('covers every malformed fixture', () => {
    const malformed = allFixtures.filter((f) => f.file.startsWith('malformed-'))
    expect(malformed.map((f) => `${f.format}/${f.file}`).sort()).toEqual(cases.map((c) => `${c.format}/${c.file}`).sort())
  })

  it.each(cases)('$format/$file → $path', ({ format, file, path }) => {
    const res = formats[format].schema.safeParse(fixture(format, file))
    expect(res.success).toBe(false)
    expect(res.error?.issues.map((i) => i.path)).toEqual([path])
  })
})
