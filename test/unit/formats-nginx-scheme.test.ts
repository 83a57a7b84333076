/**
 * nginx: the scheme is $scheme when logged, else inferred from $ssl_protocol,
 * $https or $server_port; the README's log_format (the tested example's) gives every field
 * the adapter reads.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { toRaw } from '../support/formats.js'

const base = { msec: '1796356512.420', request_method: 'GET', request_uri: '/v1/a', status: '200', request_time: '0.010' }
const scheme = (extra: Record<string, unknown>) => toRaw('nginx', { ...base, ...extra }).scheme

describe('nginx scheme', () => {
  it.each([
    [{ scheme: 'https' }, 'https'],
    [{ scheme: 'http', ssl_protocol: 'TLSv1.3' }, 'http'],
    [{ ssl_protocol: 'TLSv1.3' }, 'https'],
    [{ https: 'on' }, 'https'],
    [{ https: '' }, 'http'],
    [{ server_port: '443' }, 'https'],
    [{ server_port: 80 }, 'http'],
    [{ server_port: '8443' }, undefined],
    [{ ssl_protocol: '' }, 'http'],
    [{ ssl_protocol: '', https: 'on' }, 'https'],
    [{}, undefined],
  ])('%j → %s', (extra, want) => {
    expect(scheme(extra)).toBe(want)
  })

  it('the README log_format is the tested example and lists every field the adapter reads, as an escape=json template', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const block = /```nginx\n\s*(log_format pantau_json escape=json[\s\S]*?)```/.exec(readme)?.[1]
    expect(block).toBeDefined()
    // the README shows the tested example itself (collector/examples/nginx, run by test/peers/nginx-proxy.test.ts)
    const conf = readFileSync(new URL('../../collector/examples/nginx/pantau-log-format.conf', import.meta.url), 'utf8')
    const squash = (text: string) => text.replace(/\s+/g, ' ').trim()
    expect(squash(block!)).toBe(squash(conf.slice(conf.indexOf('log_format pantau_json'))))
    const vars = ['msec', 'request_method', 'request_uri', 'status', 'request_time', 'upstream_response_time', 'upstream_addr', 'request_length']
    vars.push('bytes_sent', 'remote_addr', 'http_x_forwarded_for', 'http_user_agent', 'request_id', 'host', 'scheme', 'ssl_protocol', 'remote_user')
    for (const v of vars) expect(block).toContain(`"${v}":"$${v}"`)
    // what nginx writes for that template (escape=json: every value a string) is one valid record
    const line = `{${[...block!.matchAll(/"(\w+)":"\$(\w+)"/g)].map(([, k]) => `"${k}":"${k === 'status' ? '200' : k === 'msec' ? '1796356512.420' : k.endsWith('_time') ? '0.010' : k === 'request_method' ? 'GET' : k === 'request_uri' ? '/v1/a' : k === 'scheme' ? 'https' : ''}"`).join(',')}}`
    expect(toRaw('nginx', JSON.parse(line))).toMatchObject({ method: 'GET', path: '/v1/a', status: 200, latency_ms: 10, scheme: 'https' })
  })
})
