/**
 * `/metrics` of every Pantau process, in the Prometheus text format. When
 * PANTAU_METRICS_TOKEN is set, scrapes must send it as a bearer token (put it
 * in the scrape config's `authorization`); otherwise the endpoint is open, as
 * exporters on internal ports usually are.
 */
import type { Context } from 'hono'
import { problemResponse, unauthorized } from './problem.js'

export function prometheusHandler(scrape: (() => Promise<string>) | undefined, token = process.env.PANTAU_METRICS_TOKEN) {
  return async (c: Context): Promise<Response> => {
    if (token && c.req.header('authorization') !== `Bearer ${token}`) return problemResponse(c, unauthorized('a metrics token is required'))
    return c.text((await scrape?.()) ?? '', 200, { 'content-type': 'text/plain; version=0.0.4' })
  }
}
