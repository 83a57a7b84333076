/** Instansi: one instansi's traffic, latency, uptime per API (drill-down to the API page) and recent incidents. */
import { names, registry } from '../api-client.js'
import { card, chartCard, fill, summaryCard } from '../components/card.js'
import { crumbs, grid, link, table, tiles, toneOf } from '../components/widgets.js'
import { ms, num, pct, pct100, tr } from '../i18n.js'
import type { Page, PageCtx } from '../router.js'
import { uptimeRankChart } from '../../../shared/charts/uptime.js'
import { incidentsTable, instansiHealthCards, latencyCard, opts, trafficCard, uptimeCard } from './shared.js'

export const instansi: Page = {
  id: 'instansi',
  title: 'ui.page.instansi',
  nav: true,
  async render(ctx) {
    const code = ctx.f.instansi
    if (!code) {
      ctx.heading(tr('ui.page.instansi'), tr('ui.instansi.choose'))
      return instansiHealthCards(ctx, grid(ctx.main, 'grid two'))
    }
    const inst = (await registry.instansi().catch(() => [])).find((i) => i.code === code)
    const name = inst?.name ?? code
    ctx.heading(name, inst ? `${tr(`kind.${inst.kind}`)} · ${code}` : undefined)
    ctx.main
      .querySelector('.page-head')
      ?.prepend(crumbs([{ label: tr('ui.page.nasional'), href: ctx.href('nasional', { instansi: undefined, api: undefined }) }, { label: name }]))
    const params = ctx.params({ instansi: true })
    await Promise.all([summary(ctx, params), trafficCard(ctx, grid(ctx.main), params), rest(ctx, params)])
  },
}

function summary(ctx: PageCtx, params: Record<string, string>): Promise<void> {
  const c = summaryCard(ctx.main)
  return fill(
    c,
    async () => {
      const [o, av, apis] = await Promise.all([ctx.data('metrics/overview', params), ctx.data('metrics/availability', params), registry.apis()])
      const active = av.apis.filter((a) => a.instansi === ctx.f.instansi && !a.api.includes('/') && a.requests > 0).length
      return { o, av, active, registered: apis.filter((a) => a.instansi === ctx.f.instansi).length }
    },
    ({ o, av, active, registered }, body) =>
      body.append(
        tiles([
          { id: 'requests', label: tr('ui.tile.requests'), value: num(o.requests), raw: o.requests },
          { id: 'success', label: tr('metric.success_rate'), value: pct(o.success_rate), raw: o.success_rate, tone: toneOf(o.success_rate * 100, 99.5, 99) },
          { id: 'p95', label: tr('ui.tile.p95'), value: ms(o.latency_ms.p95), raw: o.latency_ms.p95 },
          {
            id: 'uptime',
            label: tr('metric.uptime'),
            value: pct100(av.totals.uptime_pct),
            raw: av.totals.uptime_pct ?? undefined,
            tone: toneOf(av.totals.uptime_pct, 99.5, 99),
          },
          { id: 'apis', label: tr('ui.tile.apis_active'), value: `${num(active)} / ${num(registered)}`, raw: active, sub: tr('ui.tile.active_of_registered') },
          { id: 'consumers', label: tr('metric.consumers'), value: num(o.consumers), raw: o.consumers },
        ]),
      ),
  )
}

async function rest(ctx: PageCtx, params: Record<string, string>): Promise<void> {
  const g = grid(ctx.main)
  const apiHref = (id: string) => ctx.href('api', { api: id })
  const apis = async () => (await ctx.data('metrics/availability', params)).apis.filter((a) => a.instansi === ctx.f.instansi)
  await Promise.all([
    latencyCard(ctx, g, params),
    uptimeCard(ctx, g, params),
    chartCard(g, { title: tr('ui.card.api_uptime'), id: 'api-uptime', note: tr('ui.card.api_uptime_note') }, apis, (rows) =>
      uptimeRankChart(
        rows.map((r) => ({
          name: r.api_name || r.api,
          uptime_pct: r.uptime_pct,
          success_pct: r.success_pct,
          requests: r.requests,
          href: r.api.includes('/') ? undefined : apiHref(r.api),
        })),
        opts(),
      ),
    ),
    fill(
      card(g, { title: tr('ui.card.api_table'), id: 'api-table', csv: { path: 'metrics/availability', params, table: 'apis' } }),
      async () => {
        const [rows, n] = await Promise.all([apis(), names()])
        return rows.map((r) => ({ ...r, api_name: r.api_name || n.api(r.api) })).sort((a, b) => b.requests - a.requests)
      },
      (rows, body) =>
        body.append(
          table(
            tr('ui.card.api_table'),
            [
              {
                label: tr('metric.apis'),
                value: (r) => (r.api.includes('/') ? `${r.api_name || r.api} (${tr('ui.api.unregistered')})` : link(r.api_name, apiHref(r.api))),
              },
              { label: tr('metric.requests'), value: (r) => num(r.requests), num: true },
              { label: tr('metric.uptime'), value: (r) => pct100(r.uptime_pct), num: true },
              { label: tr('ui.col.errors_5xx'), value: (r) => num(r.errors_5xx), num: true },
            ],
            rows,
            30,
          ),
        ),
      (rows) => rows.length === 0,
    ),
    fill(
      card(g, { title: tr('ui.card.incidents'), id: 'incidents', note: tr('ui.card.incidents_note'), csv: { path: 'metrics/incidents', params } }),
      () => ctx.data('metrics/incidents', params),
      (d, body) => body.append(incidentsTable(ctx, d.incidents, true)),
      (d) => d.incidents.length === 0,
    ),
  ])
}
