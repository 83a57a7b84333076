/** Nasional: the national picture — headline tiles like the SPLP dashboard, traffic, uptime, instansi ranked by health. */
import { fill, summaryCard } from '../components/card.js'
import { grid, tiles, toneOf } from '../components/widgets.js'
import { num, pct, pct100, tr } from '../i18n.js'
import type { Page } from '../router.js'
import { registry } from '../api-client.js'
import { instansiHealthCards, statusCodesCard, trafficCard, uptimeCard } from './shared.js'

export const nasional: Page = {
  id: 'nasional',
  title: 'ui.page.nasional',
  nav: true,
  async render(ctx) {
    // The national view has no scope: a shared link with one drops it.
    if (ctx.f.instansi || ctx.f.api) return location.replace(ctx.href('nasional', { instansi: undefined, api: undefined }))
    ctx.heading(tr('ui.page.nasional'), tr('ui.nasional.sub'))
    const params = ctx.params({})
    const head = summaryCard(ctx.main)
    const main = grid(ctx.main)
    const health = grid(ctx.main, 'grid two')
    await Promise.all([
      fill(
        head,
        // API lifecycle counts come from the registry (already loaded for names and filters): one query less.
        () => Promise.all([ctx.data('metrics/overview', params), registry.apis(), ctx.data('metrics/availability', params)]),
        ([o, apis, av], body) => {
          const errors = o.errors_4xx + o.errors_5xx
          const lifecycle = (l: string) => apis.filter((a) => a.lifecycle === l).length
          const [published, created, deprecated] = [lifecycle('published'), lifecycle('created'), lifecycle('deprecated')]
          body.append(
            tiles([
              { id: 'published', label: tr('ui.tile.published'), value: num(published), raw: published },
              { id: 'created', label: tr('ui.tile.created'), value: num(created), raw: created },
              { id: 'deprecated', label: tr('ui.tile.deprecated'), value: num(deprecated), raw: deprecated, tone: deprecated ? 'warn' : undefined },
              { id: 'instansi', label: tr('metric.instansi'), value: num(o.instansi), raw: o.instansi, sub: tr('ui.tile.with_traffic') },
              { id: 'consumers', label: tr('metric.consumers'), value: num(o.consumers), raw: o.consumers, sub: tr('ui.tile.with_traffic') },
              { id: 'requests', label: tr('ui.tile.requests'), value: num(o.requests), raw: o.requests },
              {
                id: 'success',
                label: tr('ui.tile.success_calls'),
                value: num(o.requests - errors),
                raw: o.requests - errors,
                sub: pct(o.requests ? (o.requests - errors) / o.requests : null),
                tone: 'ok',
              },
              {
                id: 'errors',
                label: tr('ui.tile.error_calls'),
                value: num(errors),
                raw: errors,
                sub: tr('ui.tile.errors_split', { e4: num(o.errors_4xx), e5: num(o.errors_5xx) }),
                tone: o.error_rate > 0.01 ? 'bad' : undefined,
              },
              {
                id: 'uptime',
                label: tr('metric.uptime'),
                value: pct100(av.totals.uptime_pct),
                raw: av.totals.uptime_pct ?? undefined,
                tone: toneOf(av.totals.uptime_pct, 99.5, 99),
              },
            ]),
          )
        },
      ),
      trafficCard(ctx, main, params),
      statusCodesCard(ctx, main, params),
      uptimeCard(ctx, main, params),
      instansiHealthCards(ctx, health),
    ])
  },
}
