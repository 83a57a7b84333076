/** The audit log's caller address: the TCP peer, X-Forwarded-For only through a trusted proxy. */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { ApiDeps } from '../../api/app.js'
import { clientAddress } from '../../api/routes/report-http.js'

const app = new Hono()
app.get('/', (c) => c.text(clientAddress({ trustedProxies: ['10.0.0.1', '10.0.0.2'] } as unknown as ApiDeps, c)))
const seen = async (peer: string, forwardedFor?: string) =>
  (await app.request('/', { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }, { incoming: { socket: { remoteAddress: peer } } })).text()

describe('clientAddress', () => {
  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    expect(await seen('203.0.113.9', '6.6.6.6')).toBe('203.0.113.9')
  })
  it('takes the right-most hop that is not a trusted proxy', async () => {
    expect(await seen('10.0.0.1', '6.6.6.6, 198.51.100.7')).toBe('198.51.100.7')
    expect(await seen('::ffff:10.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.2')).toBe('198.51.100.7')
  })
  it('falls back to the proxy itself without a forwarded hop', async () => {
    expect(await seen('10.0.0.1')).toBe('10.0.0.1')
  })
})
