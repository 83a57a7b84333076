/** API: one API's latency percentiles, errors by code, uptime and incidents (drill-down to one incident), consumers. */
import { registry } from '../api-client.js'
import { card, fill, summaryCard } from '../components/card.js'
import { crumbs, grid, link, table, tiles, toneOf } from '../components/widgets.js'
import { ms, num, pct, pct100, tr } from '../i18n.js'
import type { Page, PageCtx } from '../router.js'
import { consumersTable, incidentsTable, latencyCard, statusCodesCard, trafficCard, uptimeCard } from './shared.js'

export const api: Page = {
  id: 'api',
  title: 'ui.page.api',
  nav: true,
  async render(ctx) {
    if (!ctx.f.api) return chooser(ctx)
    const reg = (await registry.apis().catch(() => [])).find((a) => a.id === ctx.f.api)
    const inst = (await registry.instansi().catch(() => [])).find((i) => i.code === (reg?.instansi ?? ctx.f.instansi))
    const name = reg ? `${reg.name} v${reg.version}` : ctx.f.api
    ctx.heading(name, reg ? `${inst?.name ?? reg.instansi} · ${reg.base_path} · ${tr(`lifecycle.${reg.lifecycle}`)}` : undefined)
    const trail = [{ label: tr('ui.page.nasional'), href: ctx.href('nasional', { instansi: undefined, api: undefined }) }]
    if (reg) trail.push({ label: inst?.name ?? reg.instansi, href: ctx.href('instansi', { instansi: reg.instansi, api: undefined }) })
    ctx.main.querySelector('.page-head')?.prepend(crumbs([...trail, { label: reg?.name ?? ctx.f.api }]))
    const params = { ...ctx.params({}), api: ctx.f.api }
    const g = grid(ctx.main)
    await Promise.all([
      summary(ctx, params, reg?.sla_availability),
      latencyCard(ctx, g, params, reg?.sla_p95_ms),
      statusCodesCard(ctx, g, params, true),
      uptimeCard(ctx, g, params),
      trafficCard(ctx, g, params),
      fill(
        card(g, { title: tr('ui.card.incidents'), id: 'incidents', note: tr('ui.card.incidents_note'), csv: { path: 'metrics/incidents', params } }),
        () => ctx.data('metrics/incidents', params),
        (d, body) => body.append(incidentsTable(ctx, d.incidents, false)),
        (d) => d.incidents.length === 0,
      ),
      fill(
        card(g, { title: tr('ui.card.consumers'), id: 'consumers', csv: { path: 'metrics/security', params: { ...params, top: '20' }, table: 'by_consumer' } }),
        async () => (await ctx.data('metrics/security', { ...params, top: '20' })).by_consumer,
        (rows, body) => body.append(consumersTable(ctx, tr('ui.card.consumers'), rows, { instansi: ctx.f.instansi, api: ctx.f.api })),
        (rows) => rows.length === 0,
      ),
    ])
  },
}

function summary(ctx: PageCtx, params: Record<string, string>, slaPct?: number): Promise<void> {
  const c = summaryCard(ctx.main)
  ctx.main.insertBefore(c.el, ctx.main.querySelector('.grid'))
  return fill(
    c,
    () => Promise.all([ctx.data('metrics/performance', params), ctx.data('metrics/availability', params)]),
    ([p, av], body) => {
      const t = p.totals
      body.append(
        tiles([
          { id: 'requests', label: tr('ui.tile.requests'), value: num(t.requests), raw: t.requests },
          {
            id: 'error-rate',
            label: tr('metric.error_rate'),
            value: pct(t.error_rate),
            raw: t.error_rate,
            tone: t.error_rate > 0.01 ? 'bad' : t.error_rate > 0.001 ? 'warn' : 'ok',
          },
          { id: 'p50', label: tr('ui.tile.p50'), value: ms(t.latency_ms.p50), raw: t.latency_ms.p50 },
          { id: 'p95', label: tr('ui.tile.p95'), value: ms(t.latency_ms.p95), raw: t.latency_ms.p95 },
          { id: 'p99', label: tr('ui.tile.p99'), value: ms(t.latency_ms.p99), raw: t.latency_ms.p99 },
          {
            id: 'uptime',
            label: tr('metric.uptime'),
            value: pct100(av.totals.uptime_pct),
            raw: av.totals.uptime_pct ?? undefined,
            sub: slaPct ? tr('ui.tile.sla_target', { target: pct100(slaPct, 1) }) : undefined,
            tone: toneOf(av.totals.uptime_pct, slaPct ?? 99.5, (slaPct ?? 99.5) - 0.5),
          },
        ]),
      )
    },
  )
}

/** Without an API selected: the APIs in scope, busiest first. */
async function chooser(ctx: PageCtx): Promise<void> {
  ctx.heading(tr('ui.page.api'), tr('ui.api.choose'))
  await fill(
    card(ctx.main, {
      title: tr('ui.card.api_table'),
      id: 'api-table',
      wide: true,
      csv: { path: 'metrics/availability', params: ctx.params({ instansi: true }), table: 'apis' },
    }),
    async () =>
      (await ctx.data('metrics/availability', ctx.params({ instansi: true }))).apis.filter((a) => !a.api.includes('/')).sort((a, b) => b.requests - a.requests),
    (rows, body) =>
      body.append(
        table(
          tr('ui.card.api_table'),
          [
            { label: tr('metric.apis'), value: (r) => link(r.api_name || r.api, ctx.href('api', { api: r.api, instansi: r.instansi })) },
            { label: tr('metric.instansi'), value: (r) => r.instansi },
            { label: tr('metric.requests'), value: (r) => num(r.requests), num: true },
            { label: tr('metric.uptime'), value: (r) => pct100(r.uptime_pct), num: true },
          ],
          rows,
          100,
        ),
      ),
    (rows) => rows.length === 0,
  )
}
