/**
 * Compliance scorecards against Permenkomdigi 3/2025: per API, each check
 * passes, fails or does not apply, with the evidence; checks roll up to the
 * Bronze / Silver / Gold readiness levels of Pasal 18–19 (a level needs every
 * applicable check of it and of the levels below). Per instansi: the level
 * that at least READY_SHARE of its published APIs reach.
 */
import { z } from '@hono/zod-openapi'
import type { Storage } from '../../storage/client.js'
import { chText, count, flag, float } from '../../storage/columns.js'
import { uptimeByApi } from './availability.js'
import type { Range } from './range.js'
import { meetsLatencyTarget, quantiles, rollupSource } from './rollup.js'

export const LEVELS = ['bronze', 'silver', 'gold'] as const
export type Level = (typeof LEVELS)[number]
/** Share of traffic (HTTPS, TLS 1.3, structured logs) a check needs. */
export const TRAFFIC_SHARE = 0.99
/** Pasal 9: at least six months between the deprecation notice and removal. */
export const DEPRECATION_NOTICE_DAYS = 182
export const READY_SHARE = 0.8

export const CHECKS = [
  { id: 'versioned_url', level: 'bronze', pasal: 'Pasal 5' },
  { id: 'https', level: 'bronze', pasal: 'Pasal 10' },
  { id: 'authentication', level: 'bronze', pasal: 'Pasal 7' },
  { id: 'openapi_registered', level: 'silver', pasal: 'Pasal 16' },
  { id: 'structured_logs', level: 'silver', pasal: 'Pasal 13' },
  { id: 'tls13', level: 'silver', pasal: 'Pasal 10' },
  { id: 'sla_met', level: 'gold', pasal: 'Pasal 12' },
  { id: 'deprecation_notice', level: 'gold', pasal: 'Pasal 9' },
  { id: 'published_via_spl', level: 'gold', pasal: 'Pasal 16' },
] as const satisfies ReadonlyArray<{ id: string; level: Level; pasal: string }>
export type CheckId = (typeof CHECKS)[number]['id']

const Check = z.object({
  id: z.string(),
  level: z.enum(LEVELS),
  pasal: z.string(),
  passed: z.boolean().nullable().describe('null: not applicable or no data'),
  evidence: z.string(),
})
export const ApiScorecard = z.object({
  api: z.string(),
  api_name: z.string(),
  instansi: z.string(),
  lifecycle: z.string(),
  level: z.enum(['none', ...LEVELS]),
  checks: z.array(Check),
  failing: z.array(z.string()),
})
export const InstansiScorecard = z.object({
  instansi: z.string(),
  apis: z.number().int(),
  level: z.enum(['none', ...LEVELS]),
  by_level: z.record(z.string(), z.number().int()),
  pass_share: z.record(z.string(), z.number().nullable()).describe('per check: share of applicable APIs passing'),
})
export const Compliance = z.object({ apis: z.array(ApiScorecard), instansi: z.array(InstansiScorecard), ready_share: z.number() }).openapi('Compliance')
export type Compliance = z.infer<typeof Compliance>
type Scorecard = z.infer<typeof ApiScorecard>

const ApiRow = z.object({
  id: z.string(),
  name: z.string(),
  instansi: z.string(),
  base_path: z.string(),
  auth_type: z.string(),
  has_openapi: flag,
  published_via_spl: z.boolean(),
  lifecycle: z.string(),
  deprecated_at: chText.nullable(),
  removal_at: chText.nullable(),
  sla_availability: z.number(),
  sla_p95_ms: z.number(),
})
type ApiRow = z.infer<typeof ApiRow>
const TrafficRow = z.object({
  api_id: z.string(),
  n: count,
  https: count,
  http: count,
  tls: count,
  tls13: count,
  structured: count,
  q: z.array(float),
})
type TrafficRow = z.infer<typeof TrafficRow>

const pct = (x: number) => `${(100 * x).toFixed(1)} %`

function evaluate(api: ApiRow, t: TrafficRow | undefined, up: number | null | undefined): Scorecard {
  const n = t?.n ?? 0
  const share = (k: 'https' | 'tls13' | 'structured', of = n) => (of > 0 ? (t?.[k] ?? 0) / of : null)
  // Shares count only requests whose scheme / TLS version the logs state.
  const https = share('https', (t?.https ?? 0) + (t?.http ?? 0))
  const tls13 = share('tls13', t?.tls ?? 0)
  const structured = share('structured')
  const p95 = n > 0 ? (t?.q?.[2] ?? null) : null
  const deprecated = api.lifecycle === 'deprecated' || api.lifecycle === 'retired'
  const noticeDays =
    api.deprecated_at && api.removal_at
      ? (Date.parse(`${api.removal_at.replace(' ', 'T')}Z`) - Date.parse(`${api.deprecated_at.replace(' ', 'T')}Z`)) / 86400e3
      : null
  const results: Record<CheckId, { passed: boolean | null; evidence: string }> = {
    versioned_url: { passed: /\/v\d+(\/|$)/.test(api.base_path), evidence: `base path ${api.base_path}` },
    https: {
      passed: https === null ? null : https >= TRAFFIC_SHARE,
      evidence: https === null ? 'scheme not logged' : `${pct(https)} of requests over HTTPS`,
    },
    authentication: { passed: api.auth_type !== 'none', evidence: `auth type ${api.auth_type}` },
    openapi_registered: { passed: api.has_openapi, evidence: api.has_openapi ? 'OpenAPI document registered' : 'no OpenAPI document' },
    structured_logs: {
      passed: structured === null ? null : structured >= TRAFFIC_SHARE,
      evidence: structured === null ? 'no traffic' : `${pct(structured)} of log records carry all Pasal 13 fields`,
    },
    tls13: {
      passed: tls13 === null ? null : tls13 >= TRAFFIC_SHARE,
      evidence: tls13 === null ? 'TLS version not logged' : `${pct(tls13)} of requests on TLS 1.3`,
    },
    sla_met: {
      passed: up === null || up === undefined || p95 === null ? null : up >= api.sla_availability && meetsLatencyTarget(p95, api.sla_p95_ms),
      evidence:
        up === null || up === undefined || p95 === null
          ? 'no traffic'
          : `uptime ${up.toFixed(2)} % (target ${api.sla_availability} %), p95 ${Math.round(p95)} ms (target ${api.sla_p95_ms} ms)`,
    },
    deprecation_notice: {
      passed: !deprecated ? null : noticeDays !== null && noticeDays >= DEPRECATION_NOTICE_DAYS,
      evidence: !deprecated ? 'not deprecated' : noticeDays === null ? 'no removal date announced' : `${Math.round(noticeDays)} days of notice`,
    },
    published_via_spl: { passed: api.published_via_spl, evidence: api.published_via_spl ? 'published through the SPL' : 'not published through the SPL' },
  }
  const checks = CHECKS.map((c) => ({ ...c, ...results[c.id] }))
  const failing = checks.filter((c) => c.passed === false).map((c) => c.id)
  let level: Scorecard['level'] = 'none'
  for (const l of LEVELS) {
    const upTo = LEVELS.slice(0, LEVELS.indexOf(l) + 1) as readonly string[]
    if (checks.some((c) => upTo.includes(c.level) && c.passed === false)) break
    level = l
  }
  return { api: api.id, api_name: api.name, instansi: api.instansi, lifecycle: api.lifecycle, level, checks, failing }
}

function rollUp(instansi: string, cards: Scorecard[]): z.infer<typeof InstansiScorecard> {
  const counted = cards.filter((c) => c.lifecycle === 'published')
  const by_level: Record<string, number> = { none: 0, bronze: 0, silver: 0, gold: 0 }
  for (const c of counted) by_level[c.level]++
  let level: Scorecard['level'] = 'none'
  for (const l of LEVELS) {
    const atLeast = counted.filter((c) => LEVELS.indexOf(c.level as Level) >= LEVELS.indexOf(l)).length
    if (counted.length > 0 && atLeast / counted.length >= READY_SHARE) level = l
  }
  const pass_share: Record<string, number | null> = {}
  for (const check of CHECKS) {
    const applicable = cards.map((c) => c.checks.find((x) => x.id === check.id)!).filter((x) => x.passed !== null)
    pass_share[check.id] = applicable.length ? applicable.filter((x) => x.passed).length / applicable.length : null
  }
  return { instansi, apis: cards.length, level, by_level, pass_share }
}

export async function compliance(storage: Storage, range: Range): Promise<Compliance> {
  const src = rollupSource(range)
  const [apis, traffic, upByApi] = await Promise.all([
    storage.rows(
      ApiRow,
      `SELECT id, name, instansi, base_path, auth_type, openapi != '' AS has_openapi, published_via_spl, lifecycle,
              toString(deprecated_at) AS deprecated_at, toString(removal_at) AS removal_at, sla_availability, sla_p95_ms
       FROM apis FINAL WHERE deleted = 0 AND ({instansi:String} = '' OR instansi = {instansi:String})
         AND ({api:String} = '' OR id = {api:String}) AND lifecycle != 'retired'
       ORDER BY instansi, id`,
      { instansi: range.instansi ?? '', api: range.api ?? '' },
    ),
    storage.rows(
      TrafficRow,
      `SELECT api_id, sum(requests) AS n, sum(https_requests) AS https, sum(http_requests) AS http,
              sum(tls_known) AS tls, sum(tls13_requests) AS tls13,
              sum(structured_logs) AS structured, ${quantiles('latency')} AS q
       FROM ${src.sql} WHERE api_id != '' GROUP BY api_id`,
      src.params,
    ),
    uptimeByApi(storage, range),
  ])
  const byApi = new Map(traffic.map((t) => [t.api_id, t]))
  const cards = apis.map((a) => evaluate(a, byApi.get(a.id), upByApi.get(a.id)))
  const groups = new Map<string, Scorecard[]>()
  for (const c of cards) groups.set(c.instansi, [...(groups.get(c.instansi) ?? []), c])
  return { apis: cards, instansi: [...groups].map(([i, list]) => rollUp(i, list)), ready_share: READY_SHARE }
}
