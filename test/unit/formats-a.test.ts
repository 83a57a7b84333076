/** Native gateway formats, part 1: Pasal 13, Kong, APISIX — documented samples map to the exact RawRequest. */
import { describe, it, expect } from 'vitest'
import { PASAL13_ALL, PASAL13_FIELDS, pasal13Mask } from '../../collector/event.js'
import { raw, toRaw, fixture } from '../support/formats.js'

describe('pasal13', () => {
  it('maps a full Pasal 13 line with extras', () => {
    expect(raw('pasal13', 'request-success.json')).toEqual({
      ts: Date.UTC(2025, 2, 14, 1, 15, 30, 123),
      method: 'GET',
      path: '/v1/penduduk/3171011234560001?include=alamat',
      status: 200,
      latency_ms: 142,
      request_bytes: 312,
      response_bytes: 2048,
      api_version: 'v1',
      consumer_id: 'bkn-simpeg',
      user_id: '198706152010011001',
      client_address: '10.20.30.40',
      auth_outcome: 'success',
      request_id: 'req-7f3c2a9e',
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      user_agent: 'SIMPEG-Client/2.3',
      service: 'layanan-kependudukan',
      level: 'INFO',
      message: 'Data penduduk berhasil diambil',
      log_fields_mask: PASAL13_ALL,
    })
  })

  it('takes host/scheme from a URL endpoint, numeric strings, and masks the missing userId', () => {
    expect(raw('pasal13', 'request-unauthorized.json')).toEqual({
      ts: Date.UTC(2025, 2, 14, 1, 16, 2),
      method: 'POST',
      path: '/v2/izin?draft=true',
      host: 'api.perizinan.go.id',
      scheme: 'https',
      status: 401,
      latency_ms: 8.5,
      auth_outcome: 'failure',
      request_id: 'req-91b04c',
      service: 'layanan-perizinan',
      level: 'WARN',
      message: 'Token tidak valid',
      log_fields_mask: pasal13Mask(PASAL13_FIELDS.filter((f) => f !== 'userId')),
    })
  })
})

describe('kong', () => {
  it('maps the Kong 3.8 file-log sample', () => {
    expect(raw('kong', 'file-log-3.8.json')).toEqual({
      ts: 1726783839538,
      method: 'GET',
      path: '/example-route',
      status: 200,
      latency_ms: 173,
      backend_latency_ms: 171,
      gateway_latency_ms: 1,
      request_bytes: 139,
      response_bytes: 9982,
      route: '/example-route',
      api_name: 'example_service',
      host: 'localhost',
      scheme: 'http',
      client_address: '192.168.65.1',
      auth_outcome: 'unknown',
      request_id: '2f6946328ffc4946b8c9120704a4a155',
      user_agent: 'HTTPie/3.2.3',
      service: 'example_service',
      upstream: '34.237.204.224:80',
    })
  })

  it('maps the TLS + consumer sample (sizes as strings, retried upstream)', () => {
    expect(raw('kong', 'tcp-log-tls-consumer.json')).toEqual({
      ts: 1433209822425,
      method: 'GET',
      path: '/get',
      status: 200,
      latency_ms: 1921,
      backend_latency_ms: 1430,
      gateway_latency_ms: 9,
      request_bytes: 75,
      response_bytes: 434,
      route: '/example-path',
      api_name: 'myservice',
      host: 'httpbin.org',
      scheme: 'https',
      tls_version: 'TLSv1.2',
      consumer_id: 'demo',
      client_address: '127.0.0.1',
      auth_outcome: 'success',
      user_agent: 'curl/7.37.1',
      service: 'myservice',
      upstream: '127.0.0.1:8000',
    })
  })

  it('treats latencies.proxy = -1 as "no upstream" and 401 as an auth failure', () => {
    const r = fixture('kong', 'file-log-3.8.json')
    const rec = { ...r, response: { status: 401, size: 96 }, latencies: { kong: 2, proxy: -1, request: 2 }, tries: [] }
    const out = toRaw('kong', rec)
    expect(out.backend_latency_ms).toBeUndefined()
    expect(out.gateway_latency_ms).toBe(2)
    expect(out.auth_outcome).toBe('failure')
  })

  it('recognises the anonymous consumer header', () => {
    const r = fixture('kong', 'tcp-log-tls-consumer.json') as { request: Record<string, unknown> }
    const rec = { ...r, request: { ...r.request, headers: { 'x-anonymous-consumer': 'true' } } }
    expect(toRaw('kong', rec).auth_outcome).toBe('anonymous')
  })
})

describe('apisix', () => {
  it('maps the http-logger default-format sample (APISIX 3.9)', () => {
    expect(raw('apisix', 'http-logger-default-3.9.json')).toEqual({
      ts: 1718291190508,
      method: 'GET',
      path: '/anything',
      status: 200,
      latency_ms: 1200.0000476837,
      backend_latency_ms: 1133,
      gateway_latency_ms: 67.000047683716,
      request_bytes: 85,
      response_bytes: 617,
      host: '127.0.0.1',
      scheme: 'http',
      client_address: '192.168.65.1',
      auth_outcome: 'unknown',
      user_agent: 'curl/8.6.0',
      upstream: '3.213.1.197:80',
    })
  })

  it('maps the udp-logger default-format sample (APISIX 3.7)', () => {
    expect(raw('apisix', 'udp-logger-default-3.7.json')).toEqual({
      ts: 1704527399740,
      method: 'GET',
      path: '/opentracing',
      status: 200,
      latency_ms: 111.99998855591,
      backend_latency_ms: 12,
      gateway_latency_ms: 99.999988555908,
      request_bytes: 65,
      response_bytes: 136,
      host: 'localhost',
      scheme: 'http',
      client_address: '127.0.0.1',
      auth_outcome: 'unknown',
      upstream: '127.0.0.1:1982',
    })
  })

  it('uses consumer.username and computes apisix_latency when an old APISIX omits it', () => {
    const r = fixture('apisix', 'udp-logger-default-3.7.json')
    const { apisix_latency: _omit, ...rest } = r
    const out = toRaw('apisix', { ...rest, consumer: { username: 'bkn-simpeg' } })
    expect(out.consumer_id).toBe('bkn-simpeg')
    expect(out.auth_outcome).toBe('success')
    expect(out.gateway_latency_ms).toBeCloseTo(111.99998855591 - 12, 3)
  })
})
