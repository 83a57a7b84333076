/**
 * Cards and tables several pages show (traffic, latency, status codes, uptime,
 * instansi health, incidents, consumers). Every chart bucket, incident and
 * consumer links to its requests in Jelajah with the scope and window filled in.
 */
import { names } from '../api-client.js'
import { card, chartCard, fill, fillChart } from '../components/card.js'
import { h } from '../dom.js'
import { duration, getLang, num, pct100, tr, when } from '../i18n.js'
import type { PageCtx } from '../router.js'
import { INTERVAL_MS } from '../../../shared/charts/base.js'
import { latencyChart, type LatencySource } from '../../../shared/charts/latency.js'
import { statusCodesChart } from '../../../shared/charts/status-codes.js'
import { trafficChart } from '../../../shared/charts/traffic.js'
import { uptimeChart, uptimeRankChart } from '../../../shared/charts/uptime.js'
import type { AvailabilityApi, Incident, Security } from '../types.js'
import { badge, link, table } from '../components/widgets.js'
import { chartExplore, exploreHref } from '../explore.js'

export const opts = () => ({ lang: getLang() })

/**
 * The scope of a card's request (instansi, API) and, when it asks about a
 * fixed window (an incident), that window: what its links into Jelajah keep.
 */
function scopeOf(params: Record<string, string>): { instansi?: string; api?: string; start?: string; end?: string } {
  const fixed = /T/.test(params.from ?? '') && /T/.test(params.to ?? '')
  return { instansi: params.instansi, api: params.api, ...(fixed ? { start: params.from, end: params.to } : {}) }
}

/** Chart options with links from each bucket or bar to its requests. */
const linked = (ctx: PageCtx, params: Record<string, string>) => {
  const scope = scopeOf(params)
  const explore = chartExplore(ctx, { instansi: scope.instansi, api: scope.api })
  return { ...opts(), explore: (q: Parameters<typeof explore>[0]) => explore({ start: scope.start, end: scope.end, ...q }) }
}

export function trafficCard(ctx: PageCtx, parent: HTMLElement, params: Record<string, string>, highlight?: [string, string]): Promise<void> {
  return chartCard(
    parent,
    { title: tr('ui.card.traffic'), id: 'traffic', wide: true },
    () => ctx.data('metrics/performance', params),
    (d) => trafficChart(d.series, { ...linked(ctx, params), stepMs: INTERVAL_MS[d.interval], highlight }),
  )
}

export function statusCodesCard(ctx: PageCtx, parent: HTMLElement, params: Record<string, string>, errorsOnly = false): Promise<void> {
  const title = tr(errorsOnly ? 'ui.card.errors_by_code' : 'ui.card.status_codes')
  return chartCard(
    parent,
    { title, id: 'status-codes' },
    () => ctx.data('metrics/performance', params),
    (d) => statusCodesChart(d.status_codes, { ...linked(ctx, params), errorsOnly }),
  )
}

export function uptimeCard(ctx: PageCtx, parent: HTMLElement, params: Record<string, string>): Promise<void> {
  return chartCard(
    parent,
    { title: tr('ui.card.uptime'), id: 'uptime', note: tr('ui.card.uptime_note') },
    () => ctx.data('metrics/availability', params),
    (d) => uptimeChart(d.series, { ...linked(ctx, params), stepMs: INTERVAL_MS[d.interval], maintenance: d.maintenance }),
  )
}

const SOURCES: LatencySource[] = ['latency_ms', 'backend_ms', 'gateway_ms']

/** Latency percentiles with a switch between total, backend and gateway latency. */
export function latencyCard(ctx: PageCtx, parent: HTMLElement, params: Record<string, string>, slaMs?: number): Promise<void> {
  const load = () => ctx.data('metrics/performance', params)
  const tools = h('div', { class: 'segmented', role: 'group', 'aria-label': tr('ui.card.latency_source') })
  const c = card(parent, { title: tr('ui.card.latency'), id: 'latency', wide: true, tools })
  let source: LatencySource = 'latency_ms'
  const draw = () => fillChart(c, load, (d) => latencyChart(d.series, { ...linked(ctx, params), stepMs: INTERVAL_MS[d.interval], source, slaMs }))
  for (const s of SOURCES) {
    const b = h('button', { type: 'button', class: 'btn small', 'aria-pressed': String(s === source), 'data-source': s }, tr(`ui.chart.latency.${s}`))
    b.addEventListener('click', () => {
      source = s
      tools.querySelectorAll('button').forEach((x) => {
        x.setAttribute('aria-pressed', String(x === b))
      })
      void draw()
    })
    tools.append(b)
  }
  return draw()
}

export interface InstansiHealth {
  code: string
  name: string
  apis: number
  requests: number
  errors_5xx: number
  uptime_pct: number | null
  success_pct: number | null
}

/** Per-instansi health from the per-API availability: uptime over active minutes, success over requests. */
export function healthByInstansi(apis: AvailabilityApi[], name: (code: string) => string): InstansiHealth[] {
  const acc = new Map<string, { apis: number; active: number; down: number; requests: number; e5: number }>()
  for (const a of apis) {
    const x = acc.get(a.instansi) ?? { apis: 0, active: 0, down: 0, requests: 0, e5: 0 }
    x.apis++
    x.active += a.active_minutes
    x.down += a.down_minutes
    x.requests += a.requests
    x.e5 += a.errors_5xx
    acc.set(a.instansi, x)
  }
  const rows = [...acc].map(([code, x]) => ({
    code,
    name: name(code),
    apis: x.apis,
    requests: x.requests,
    errors_5xx: x.e5,
    uptime_pct: x.active ? 100 * (1 - x.down / x.active) : null,
    success_pct: x.requests ? 100 * (1 - x.e5 / x.requests) : null,
  }))
  return rows.sort((a, b) => (a.uptime_pct ?? 101) - (b.uptime_pct ?? 101) || (a.success_pct ?? 101) - (b.success_pct ?? 101))
}

/** Instansi ranked by health: a bar chart and a table, both linking to the Instansi page. */
export async function instansiHealthCards(ctx: PageCtx, parent: HTMLElement): Promise<void> {
  const load = async () => {
    const [av, n] = await Promise.all([ctx.data('metrics/availability', ctx.params({})), names()])
    return healthByInstansi(av.apis, n.instansi)
  }
  const href = (code: string) => ctx.href('instansi', { instansi: code, api: undefined })
  await Promise.all([
    chartCard(parent, { title: tr('ui.card.instansi_health'), id: 'instansi-health', note: tr('ui.card.instansi_health_note') }, load, (rows) =>
      uptimeRankChart(
        rows.map((r) => ({ ...r, href: href(r.code) })),
        opts(),
      ),
    ),
    fill(
      card(parent, { title: tr('ui.card.instansi_table'), id: 'instansi-table', csv: { path: 'metrics/availability', params: ctx.params({}), table: 'apis' } }),
      load,
      (rows, body) =>
        body.append(
          table(
            tr('ui.card.instansi_table'),
            [
              { label: tr('metric.instansi'), value: (r) => link(r.name, href(r.code)) },
              { label: tr('metric.uptime'), value: (r) => pct100(r.uptime_pct), num: true },
              { label: tr('metric.success_rate'), value: (r) => pct100(r.success_pct), num: true },
              { label: tr('metric.requests'), value: (r) => num(r.requests), num: true },
              { label: tr('metric.apis'), value: (r) => num(r.apis), num: true },
            ],
            rows,
            50,
          ),
        ),
      (rows) => rows.length === 0,
    ),
  ])
}

/** Incidents, longest (then newest) first, each linking to its own page. */
export function incidentsTable(ctx: PageCtx, incidents: Incident[], withApi: boolean, limit = 15): HTMLElement {
  const rows = [...incidents].sort((a, b) => b.duration_min - a.duration_min || b.start.localeCompare(a.start))
  return table(
    tr('ui.card.incidents'),
    [
      { label: tr('ui.col.start'), value: (r) => link(when(r.start), ctx.href('insiden', { api: r.api, instansi: r.instansi }, { id: r.id })) },
      ...(withApi ? [{ label: tr('metric.apis'), value: (r: Incident) => r.api_name }] : []),
      { label: tr('ui.col.duration'), value: (r) => (r.ongoing ? badge(tr('ui.incident.ongoing'), 'bad') : duration(r.duration_min)), num: true },
      { label: tr('ui.col.errors_5xx'), value: (r) => num(r.errors_5xx), num: true },
      { label: tr('metric.requests'), value: (r) => num(r.requests), num: true },
      {
        label: tr('ui.col.explore'),
        value: (r) =>
          link(tr('ui.explore'), exploreHref(ctx, { instansi: r.instansi, api: r.api, start: r.start, end: r.end ?? undefined, status_class: '5xx' })),
      },
    ],
    rows,
    limit,
  )
}

/** Consumers with their requests, failed authentications and 429s; each links to its requests in the page's scope. */
export function consumersTable(ctx: PageCtx, caption: string, rows: Security['by_consumer'], scope: { instansi?: string; api?: string } = {}): HTMLElement {
  return table(
    caption,
    [
      {
        label: tr('ui.col.consumer'),
        value: (r) => (r.consumer_id ? link(r.consumer_id, exploreHref(ctx, { ...scope, consumer: r.consumer_id })) : tr('ui.consumer.anonymous')),
      },
      { label: tr('metric.requests'), value: (r) => num(r.requests), num: true },
      { label: tr('ui.chart.auth_failures'), value: (r) => num(r.auth_failures), num: true },
      { label: tr('ui.chart.rate_limited'), value: (r) => num(r.rate_limited), num: true },
    ],
    rows,
  )
}
