/**
 * The caller's address, for the audit log: the TCP peer, unless the peer is
 * one of the trusted proxies (PANTAU_TRUSTED_PROXIES) — then the right-most
 * X-Forwarded-For hop that is not a trusted proxy. A client cannot choose
 * what is recorded by sending the header itself. The route guard puts it on
 * the principal of every authenticated request.
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

const bare = (address: string) => address.trim().replace(/^::ffff:/, '')

export function clientAddress(trustedProxies: readonly string[], c: Context): string {
  let peer = ''
  try {
    peer = bare(getConnInfo(c).remote.address ?? '')
  } catch {
    /* not served by a Node socket (in-process requests) */
  }
  const trusted = new Set(trustedProxies.map(bare))
  if (!trusted.has(peer)) return peer
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map(bare).filter(Boolean)
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i])) return hops[i]
  return peer
}
