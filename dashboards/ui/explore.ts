/**
 * Links into Jelajah (`#/jelajah`), the events explorer: every number on the
 * other pages — a chart bucket, an incident, a security finding, an SLO, a
 * consumer — leads to the requests behind it with its scope and window
 * filled in. Jelajah keeps its filters in the hash, beside the shared ones
 * (period, instansi, API): `start`/`end` (ISO instants; they override the
 * period, `end` absent = until now) and the `/v1/events` filter names.
 * Alerts carry their own link, built by the server (shared/alerting/links.ts)
 * in the same form.
 */
import type { ExploreQuery } from '../../shared/charts/types.js'
import type { PageCtx } from './router.js'

/** Jelajah's own hash parameters, in the order the URL shows them. */
export const EXPLORE_KEYS = [
  'start',
  'end',
  'gateway',
  'method',
  'path_prefix',
  'status',
  'status_class',
  'consumer',
  'client_address',
  'min_latency_ms',
  'source_format',
] as const
export type ExploreKey = (typeof EXPLORE_KEYS)[number]

export interface ExploreLink extends ExploreQuery {
  instansi?: string
  api?: string
  gateway?: string
  consumer?: string
  method?: string
  min_latency_ms?: number | string
}

/** `#/jelajah?…` for these filters; the page's period, instansi and API unless named. */
export function exploreHref(ctx: PageCtx, q: ExploreLink): string {
  const { instansi, api, ...rest } = q
  const extra: Record<string, string | undefined> = {}
  for (const k of EXPLORE_KEYS) {
    const v = (rest as Record<string, string | number | undefined>)[k]
    extra[k] = v === undefined || v === '' ? undefined : String(v)
  }
  return ctx.href('jelajah', { instansi: 'instansi' in q ? instansi : ctx.f.instansi, api: 'api' in q ? api : ctx.f.api }, extra)
}

/** The `explore` option of the chart builders: each bucket or bar links with this scope. */
export function chartExplore(ctx: PageCtx, scope: { instansi?: string; api?: string } = {}): (q: ExploreQuery) => string {
  return (q) => exploreHref(ctx, { ...scope, ...q })
}
