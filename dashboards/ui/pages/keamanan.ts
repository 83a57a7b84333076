/** Keamanan: failed authentications, rate limiting, brute-force and scanning findings, weak transport, new sources. */
import { card, chartCard, fill, summaryCard } from '../components/card.js'
import { badge, grid, link, table, tiles } from '../components/widgets.js'
import { num, pct, tr, when } from '../i18n.js'
import type { Page } from '../router.js'
import { INTERVAL_MS } from '../../../shared/charts/base.js'
import { securityChart, securitySourcesChart } from '../../../shared/charts/security.js'
import { chartExplore, exploreHref } from '../explore.js'
import { consumersTable, opts } from './shared.js'

export const keamanan: Page = {
  id: 'keamanan',
  title: 'ui.page.keamanan',
  nav: true,
  async render(ctx) {
    ctx.heading(tr('ui.page.keamanan'), tr('ui.keamanan.sub'))
    const params = ctx.params()
    const security = () => ctx.data('metrics/security', params)
    const head = summaryCard(ctx.main)
    const g = grid(ctx.main)
    const apiLink = (a: { id: string; name: string; instansi: string }) => link(a.name, ctx.href('api', { api: a.id, instansi: a.instansi }))
    const explore = chartExplore(ctx)
    await Promise.all([
      fill(head, security, (s, body) =>
        body.append(
          tiles([
            {
              id: 'auth-failures',
              label: tr('ui.chart.auth_failures'),
              value: num(s.totals.auth_failures),
              raw: s.totals.auth_failures,
              tone: s.totals.auth_failures ? 'warn' : 'ok',
            },
            { id: 'rate-limited', label: tr('ui.chart.rate_limited'), value: num(s.totals.rate_limited), raw: s.totals.rate_limited },
            { id: 'not-found', label: tr('ui.chart.not_found'), value: num(s.totals.not_found), raw: s.totals.not_found },
            {
              id: 'plain-http',
              label: tr('ui.tile.plain_http'),
              value: pct(s.totals.plain_http_share),
              raw: s.totals.plain_http_share ?? undefined,
              tone: s.totals.plain_http_share ? 'bad' : 'ok',
            },
            {
              id: 'old-tls',
              label: tr('ui.tile.old_tls'),
              value: pct(s.totals.tls_below_13_share),
              raw: s.totals.tls_below_13_share ?? undefined,
              tone: s.totals.tls_below_13_share ? 'warn' : 'ok',
            },
          ]),
        ),
      ),
      chartCard(g, { title: tr('ui.card.security_series'), id: 'security-series', wide: true }, security, (s) =>
        securityChart(s.series, { ...opts(), stepMs: INTERVAL_MS[s.interval], explore }),
      ),
      chartCard(g, { title: tr('ui.card.security_sources'), id: 'security-sources' }, security, (s) =>
        securitySourcesChart(s.by_source, { ...opts(), explore }),
      ),
      fill(
        card(g, { title: tr('ui.card.findings'), id: 'findings', note: tr('ui.card.findings_note'), csv: { path: 'metrics/security/findings', params } }),
        async () => (await ctx.data('metrics/security/findings', params)).findings,
        (rows, body) =>
          body.append(
            table(
              tr('ui.card.findings'),
              [
                { label: tr('ui.col.kind'), value: (r) => badge(tr(`ui.finding.${r.kind}`), 'bad') },
                { label: tr('ui.chart.source'), value: (r) => r.source },
                { label: tr('metric.apis'), value: (r) => r.apis.map((a, i) => [i ? ', ' : '', apiLink(a)]) },
                { label: tr('ui.col.window'), value: (r) => `${when(r.window_start)} – ${when(r.window_end)}` },
                { label: tr('ui.col.peak'), value: (r) => num(r.peak), num: true },
                {
                  label: tr('ui.col.explore'),
                  value: (r) =>
                    link(tr('ui.explore'), exploreHref(ctx, { client_address: r.source, start: r.window_start, end: r.window_end, status_class: '4xx' })),
                },
              ],
              rows,
            ),
          ),
        (rows) => rows.length === 0,
      ),
      fill(
        card(g, { title: tr('ui.card.by_consumer'), id: 'by-consumer', csv: { path: 'metrics/security', params, table: 'by_consumer' } }),
        async () => (await security()).by_consumer.filter((r) => r.auth_failures + r.rate_limited > 0),
        (rows, body) => body.append(consumersTable(ctx, tr('ui.card.by_consumer'), rows)),
        (rows) => rows.length === 0,
      ),
      fill(
        card(g, {
          title: tr('ui.card.new_sources'),
          id: 'new-sources',
          note: tr('ui.card.new_sources_note'),
          csv: { path: 'metrics/security/new-sources', params: { ...params, limit: 1000 } },
        }),
        async () =>
          (await ctx.data('metrics/security/new-sources', { ...params, limit: 1000 })).sources.sort((a, b) => b.first_seen.localeCompare(a.first_seen)),
        (rows, body) =>
          body.append(
            table(
              tr('ui.card.new_sources'),
              [
                {
                  label: tr('ui.chart.source'),
                  value: (r) => link(r.source, exploreHref(ctx, { client_address: r.source, instansi: r.instansi, api: r.id || undefined })),
                },
                { label: tr('metric.apis'), value: (r) => apiLink(r) },
                { label: tr('ui.col.first_seen'), value: (r) => when(r.first_seen) },
                { label: tr('metric.requests'), value: (r) => num(r.requests), num: true },
              ],
              rows,
              15,
            ),
          ),
        (rows) => rows.length === 0,
      ),
    ])
  },
}
