/** One incident: when, how long, how many calls failed, the traffic around it and the failing calls themselves. */
import { registry } from '../api-client.js'
import { card, fill, summaryCard } from '../components/card.js'
import { badge, crumbs, grid, link, table, tiles } from '../components/widgets.js'
import { duration, ms, num, tr, when } from '../i18n.js'
import type { Page, PageCtx } from '../router.js'
import type { Incident } from '../types.js'
import { exploreHref } from '../explore.js'
import { statusCodesCard, trafficCard } from './shared.js'

const HOUR = 3600e3

/** The start instant encoded in an incident id (`api@2026-10-29T10:18:00+07:00`). */
function startOf(id: string): number | undefined {
  const t = Date.parse(id.slice(id.lastIndexOf('@') + 1))
  return Number.isNaN(t) ? undefined : t
}

const iso = (ms: number) => new Date(ms).toISOString()

async function findIncident(ctx: PageCtx, api: string, id: string): Promise<Incident | undefined> {
  const start = startOf(id)
  if (start === undefined) return undefined
  const d = await ctx.data('metrics/incidents', { api, from: iso(start - HOUR), to: iso(Math.min(Date.now(), start + 7 * 24 * HOUR)) })
  return d.incidents.find((i) => i.id === id)
}

export const insiden: Page = {
  id: 'insiden',
  title: 'ui.page.incident',
  nav: false,
  async render(ctx) {
    const id = ctx.route.extra.id ?? ''
    const api = ctx.f.api ?? id.slice(0, id.lastIndexOf('@'))
    const reg = (await registry.apis().catch(() => [])).find((a) => a.id === api)
    const inst = (await registry.instansi().catch(() => [])).find((i) => i.code === reg?.instansi)
    ctx.heading(tr('ui.page.incident'), reg ? `${reg.name} · ${inst?.name ?? reg.instansi}` : api)
    ctx.main
      .querySelector('.page-head')
      ?.prepend(
        crumbs([
          { label: tr('ui.page.nasional'), href: ctx.href('nasional', { instansi: undefined, api: undefined }) },
          { label: inst?.name ?? reg?.instansi ?? '–', href: ctx.href('instansi', { instansi: reg?.instansi, api: undefined }) },
          { label: reg?.name ?? api, href: ctx.href('api', { api, instansi: reg?.instansi }) },
          { label: tr('ui.page.incident') },
        ]),
      )
    const c = summaryCard(ctx.main, tr('ui.card.incident_detail'), 'incident')
    let found: Incident | undefined
    await fill(
      c,
      async () => (found = await findIncident(ctx, api, id)),
      (i, body) =>
        body.append(
          tiles([
            { id: 'start', label: tr('ui.col.start'), value: when(i!.start) },
            { id: 'end', label: tr('ui.col.end'), value: i!.ongoing ? tr('ui.incident.ongoing') : when(i!.end), tone: i!.ongoing ? 'bad' : undefined },
            {
              id: 'duration',
              label: tr('ui.col.duration'),
              value: duration(i!.duration_min),
              raw: i!.duration_min,
              sub: tr('ui.incident.down_minutes', { n: num(i!.down_minutes) }),
            },
            { id: 'errors', label: tr('ui.col.errors_5xx'), value: num(i!.errors_5xx), raw: i!.errors_5xx, tone: 'bad' },
            { id: 'requests', label: tr('metric.requests'), value: num(i!.requests), raw: i!.requests },
            { id: 'gateways', label: tr('ui.col.gateways'), value: i!.gateways.join(', ') || '–' },
          ]),
        ),
      (i) => i === undefined,
    )
    if (!found) return
    // an ongoing incident has no end yet: it lasts until now
    const end = found.end ?? new Date().toISOString()
    const window = { api, from: iso(Date.parse(found.start) - 2 * HOUR), to: iso(Math.min(Date.now(), Date.parse(end) + 2 * HOUR)) }
    const inside = { api, from: iso(Date.parse(found.start)), to: iso(Math.min(Date.now(), Date.parse(end) + 60e3)) }
    const g = grid(ctx.main)
    await Promise.all([
      trafficCard(ctx, g, window, [found.start, inside.to]),
      statusCodesCard(ctx, g, inside, true),
      fill(
        card(g, {
          title: tr('ui.card.failed_calls'),
          id: 'events',
          wide: true,
          csv: { path: 'events', params: { ...inside, status_class: '5xx', limit: 100 } },
          tools: link(tr('ui.explore'), exploreHref(ctx, { instansi: found.instansi, api, start: inside.from, end: inside.to, status_class: '5xx' })),
        }),
        () => ctx.data('events', { ...inside, status_class: '5xx', limit: 100 }),
        (rows, body) =>
          body.append(
            table(
              tr('ui.card.failed_calls'),
              [
                { label: tr('ui.chart.time'), value: (r) => when(r.ts) },
                { label: tr('ui.col.status'), value: (r) => badge(String(r.status), 'bad') },
                { label: tr('ui.col.request'), value: (r) => `${r.method} ${r.path}` },
                { label: tr('metric.latency'), value: (r) => ms(r.latency_ms), num: true },
                { label: tr('ui.col.consumer'), value: (r) => r.consumer_id || tr('ui.consumer.anonymous') },
              ],
              rows,
              50,
            ),
          ),
        (rows) => rows.length === 0,
      ),
    ])
  },
}
