/**
 * `/metrics` of every Pantau process, in the Prometheus text format. When a
 * metrics token is configured (PANTAU_METRICS_TOKEN, read by server/config.ts),
 * scrapes must send it as a bearer token (put it in the scrape config's
 * `authorization`); otherwise the endpoint is open, as exporters on internal
 * ports usually are.
 */
import type { Context } from 'hono'
import { problemResponse, unauthorized } from './problem.js'

/** `token` is the bearer token scrapes must send; none: open. */
export function prometheusHandler(scrape: (() => Promise<string>) | undefined, token?: string) {
  return async (c: Context): Promise<Response> => {
    if (token && c.req.header('authorization') !== `Bearer ${token}`) return problemResponse(c, unauthorized('a metrics token is required'))
    return c.text((await scrape?.()) ?? '', 200, { 'content-type': 'text/plain; version=0.0.4' })
  }
}
