/** Kepatuhan: Permenkomdigi 3/2025 scorecards — readiness levels per instansi, pass share per check, failing checks per API. */
import { names } from '../api-client.js'
import { card, chartCard, fill, summaryCard } from '../components/card.js'
import { badge, grid, link, table, tiles } from '../components/widgets.js'
import { num, pct, tr } from '../i18n.js'
import type { Page } from '../router.js'
import { complianceChecksChart, complianceLevelsChart, LEVELS } from '../../../shared/charts/compliance.js'
import { opts } from './shared.js'

const RANK = { none: 0, bronze: 1, silver: 2, gold: 3 } as const

export const kepatuhan: Page = {
  id: 'kepatuhan',
  title: 'ui.page.kepatuhan',
  nav: true,
  async render(ctx) {
    ctx.heading(tr('ui.page.kepatuhan'), tr('ui.kepatuhan.sub'))
    const params = ctx.params()
    const load = async () => {
      const [c, n] = await Promise.all([ctx.data('metrics/compliance', params), names()])
      const instansi = c.instansi.map((i) => ({ ...i, name: n.instansi(i.instansi), href: ctx.href('instansi', { instansi: i.instansi, api: undefined }) }))
      return { ...c, instansi }
    }
    const head = summaryCard(ctx.main)
    const g = grid(ctx.main)
    await Promise.all([
      fill(head, load, (c, body) => {
        const count = (l: string) => c.apis.filter((a) => a.level === l).length
        body.append(
          tiles([
            { id: 'ready', label: tr('ui.tile.ready_share'), value: pct(c.ready_share, 1), raw: c.ready_share, sub: tr('ui.tile.ready_hint') },
            ...LEVELS.map((l) => ({ id: `level-${l}`, label: tr(`level.${l}`), value: num(count(l)), raw: count(l) })),
          ]),
        )
      }),
      chartCard(g, { title: tr('ui.card.compliance_levels'), id: 'compliance-levels' }, load, (c) => complianceLevelsChart(c.instansi, opts())),
      chartCard(g, { title: tr('ui.card.compliance_checks'), id: 'compliance-checks' }, load, (c) => complianceChecksChart(c.instansi, opts())),
      fill(
        card(g, {
          title: tr('ui.card.compliance_apis'),
          id: 'compliance-apis',
          wide: true,
          note: tr('ui.card.compliance_apis_note'),
          csv: { path: 'metrics/compliance', params, table: 'apis' },
        }),
        async () => [...(await load()).apis].sort((a, b) => RANK[a.level] - RANK[b.level] || b.failing.length - a.failing.length),
        (rows, body) =>
          body.append(
            table(
              tr('ui.card.compliance_apis'),
              [
                { label: tr('metric.apis'), value: (r) => link(r.api_name, ctx.href('api', { api: r.api, instansi: r.instansi })) },
                { label: tr('metric.instansi'), value: (r) => r.instansi },
                { label: tr('ui.chart.level'), value: (r) => badge(tr(`level.${r.level}`), r.level) },
                { label: tr('ui.col.failing'), value: (r) => (r.failing.length ? r.failing.map((f) => tr(`check.${f}`)).join(', ') : '–') },
              ],
              rows,
              40,
            ),
          ),
        (rows) => rows.length === 0,
      ),
    ])
  },
}
