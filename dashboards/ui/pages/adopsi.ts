/** Adopsi: who integrates with whom (consumer × provider matrix), growth, SPL vs direct traffic, SPLP links, top consumers. */
import { names, registry } from '../api-client.js'
import { card, chartCard, fill, summaryCard } from '../components/card.js'
import { badge, grid, link, table, tiles } from '../components/widgets.js'
import { num, pct, tr } from '../i18n.js'
import { exploreHref } from '../explore.js'
import type { Page, PageCtx } from '../router.js'
import { growthChart } from '../../../shared/charts/growth.js'
import { integrationGraphSpec } from '../../../shared/charts/integration-graph.js'
import { integrationMatrixChart } from '../../../shared/charts/integration-matrix.js'
import { opts } from './shared.js'
import { architecture } from './architecture.js'

const SPLP_TONE: Record<string, 'ok' | 'warn' | 'bad'> = { linked: 'ok', spl_not_linked: 'warn', no_spl: 'bad' }

export const adopsi: Page = {
  id: 'adopsi',
  title: 'ui.page.adopsi',
  nav: true,
  async render(ctx) {
    ctx.heading(tr('ui.page.adopsi'), tr('ui.adopsi.sub'))
    const params = ctx.params({ instansi: true })
    const adoption = () => ctx.data('metrics/adoption', params)
    const integrations = () => ctx.data('metrics/integrations', params)
    const head = summaryCard(ctx.main)
    const g = grid(ctx.main)
    await Promise.all([
      fill(
        head,
        () => Promise.all([adoption(), integrations()]),
        ([a, i], body) => {
          const cross = i.edges.filter((e) => !e.internal)
          body.append(
            tiles([
              { id: 'registered', label: tr('ui.tile.apis_registered'), value: num(a.apis.registered), raw: a.apis.registered },
              {
                id: 'active',
                label: tr('ui.tile.apis_active'),
                value: num(a.apis.active),
                raw: a.apis.active,
                sub: tr('ui.tile.inactive', { n: num(a.apis.inactive) }),
              },
              { id: 'via-spl', label: tr('ui.tile.apis_via_spl'), value: num(a.apis.published_via_spl), raw: a.apis.published_via_spl },
              {
                id: 'spl-share',
                label: tr('ui.tile.spl_share'),
                value: pct(a.traffic.spl_share),
                raw: a.traffic.spl_share,
                sub: tr('ui.tile.direct', { n: num(a.traffic.direct) }),
                tone: a.traffic.spl_share >= 0.95 ? 'ok' : 'warn',
              },
              {
                id: 'splp',
                label: tr('ui.tile.splp_linked'),
                value: `${num(a.splp.filter((s) => s.status === 'linked').length)} / ${num(a.splp.length)}`,
                raw: a.splp.filter((s) => s.status === 'linked').length,
              },
              {
                id: 'integrations',
                label: tr('ui.chart.integrations'),
                value: num(cross.length),
                raw: cross.length,
                sub: tr('ui.tile.new', { n: num(i.new_integrations.filter((e) => !e.internal).length) }),
              },
            ]),
          )
        },
      ),
      chartCard(
        g,
        { title: tr('ui.card.integration_matrix'), id: 'integrations', wide: true, note: tr('ui.card.integration_matrix_note') },
        () => Promise.all([integrations(), names()]),
        ([i, n]) => integrationMatrixChart(i.edges, { ...opts(), names: Object.fromEntries(i.nodes.map((x) => [x.code, x.name || n.instansi(x.code)])) }),
      ),
      ctx.f.instansi ? architectureCard(ctx, g, params) : null,
      chartCard(g, { title: tr('ui.card.growth'), id: 'growth' }, adoption, (a) => growthChart(a.growth, opts())),
      fill(
        card(g, { title: tr('ui.card.top_consumers'), id: 'top-consumers', csv: { path: 'metrics/adoption', params, table: 'top_consumers' } }),
        async () => (await adoption()).top_consumers,
        (rows, body) =>
          body.append(
            table(
              tr('ui.card.top_consumers'),
              [
                {
                  label: tr('ui.col.consumer'),
                  value: (r) =>
                    r.consumer_id ? link(r.name || r.consumer_id, exploreHref(ctx, { consumer: r.consumer_id })) : r.name || tr('ui.consumer.anonymous'),
                },
                {
                  label: tr('metric.instansi'),
                  value: (r) =>
                    r.consumer_instansi ? link(r.consumer_instansi, ctx.href('instansi', { instansi: r.consumer_instansi, api: undefined })) : '–',
                },
                { label: tr('metric.requests'), value: (r) => num(r.requests), num: true },
                { label: tr('metric.apis'), value: (r) => num(r.apis), num: true },
              ],
              rows,
            ),
          ),
        (rows) => rows.length === 0,
      ),
      fill(
        card(g, { title: tr('ui.card.splp'), id: 'splp', wide: true, csv: { path: 'metrics/adoption', params, table: 'splp' } }),
        async () => (await adoption()).splp,
        (rows, body) =>
          body.append(
            table(
              tr('ui.card.splp'),
              [
                { label: tr('metric.instansi'), value: (r) => link(r.name || r.instansi, ctx.href('instansi', { instansi: r.instansi, api: undefined })) },
                { label: tr('ui.col.gateways'), value: (r) => num(r.gateways), num: true },
                { label: tr('ui.col.spl_gateways'), value: (r) => num(r.spl_gateways), num: true },
                { label: tr('ui.col.splp_linked'), value: (r) => num(r.splp_linked_gateways), num: true },
                { label: tr('ui.col.status'), value: (r) => badge(tr(`ui.splp.${r.status}`), SPLP_TONE[r.status] ?? 'muted') },
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

/** One instansi's integration architecture (consumers → gateways → APIs, SPL → SPLP → providers). */
function architectureCard(ctx: PageCtx, parent: HTMLElement, params: Record<string, string>): Promise<void> {
  const code = ctx.f.instansi!
  const load = async () => {
    const [integrations, av, gateways, adoption, n] = await Promise.all([
      ctx.data('metrics/integrations', params),
      ctx.data('metrics/availability', params),
      registry.gateways(),
      ctx.data('metrics/adoption', params),
      names(),
    ])
    return architecture({ code, integrations, apis: av.apis, gateways, adoption, name: n.instansi })
  }
  const zoom = 1.5
  const width = () => Math.max(300, Math.min(900, parent.clientWidth - 40) / zoom)
  return chartCard(
    parent,
    { title: tr('ui.card.architecture'), id: 'architecture', wide: true, note: tr('ui.card.architecture_note'), zoom },
    load,
    (graph) => ({
      ...integrationGraphSpec(graph, { ...opts(), width: width() }),
      description: tr('ui.card.architecture_note'),
    }),
  )
}
