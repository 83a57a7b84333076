/**
 * SLA & Peringatan: SLO error budgets, live alerts (each with links to the
 * requests behind it and to a prefilled silence), silences and the silence
 * form, and monthly SLA compliance.
 */
import { names, optional } from '../api-client.js'
import { h } from '../dom.js'
import { card, chartCard, fill } from '../components/card.js'
import { badge, grid, link, table } from '../components/widgets.js'
import { num, pct, pct100, tr, when } from '../i18n.js'
import type { Page, PageCtx } from '../router.js'
import { slaChart, type SlaCell } from '../../../shared/charts/sla.js'
import { sloBudgetChart } from '../../../shared/charts/slo.js'
import { exploreHref } from '../explore.js'
import { maintenanceCard } from './maintenance-card.js'
import { opts } from './shared.js'
import { silencedNotice, silenceForm } from './silence-form.js'
import type { SlaCompliance } from '../types.js'

const STATE_TONE = { firing: 'bad', pending: 'warn', resolved: 'ok' } as const

export const sla: Page = {
  id: 'sla',
  title: 'ui.page.sla',
  nav: true,
  async render(ctx) {
    ctx.heading(tr('ui.page.sla'), tr('ui.sla.sub'))
    const scope = ctx.f.instansi ? { instansi: ctx.f.instansi } : {}
    const slos = async () =>
      (await optional('slos/status', () => ctx.data('slos/status', { ...scope, api_id: ctx.f.api }), [])).filter(
        (s) => !ctx.f.api || s.slo.api_id === ctx.f.api,
      )
    const n = await names()
    const apiLink = (id: string, instansi: string) => (id ? link(n.api(id), ctx.href('api', { api: id, instansi })) : '–')
    const notice = silencedNotice(ctx)
    if (notice) ctx.main.querySelector('.page-head')?.append(notice)
    const g = grid(ctx.main)
    if (ctx.route.extra.silence === '1') {
      const form = card(g, { title: tr('ui.card.silence_form'), id: 'silence-form', wide: true })
      form.el.dataset.state = 'ready'
      form.body.append(silenceForm(ctx))
    }
    await Promise.all([
      chartCard(g, { title: tr('ui.card.slo_budget'), id: 'slo-budget' }, slos, (rows) =>
        sloBudgetChart(
          rows.map((s) => ({ name: s.slo.name || s.slo.id, error_budget_remaining: s.error_budget_remaining, sli_pct: s.sli_pct, objective: s.slo.objective })),
          opts(),
        ),
      ),
      fill(
        card(g, { title: tr('ui.card.slos'), id: 'slos', csv: { path: 'slos/status', params: scope } }),
        slos,
        (rows, body) =>
          body.append(
            table(
              tr('ui.card.slos'),
              [
                { label: 'SLO', value: (r) => r.slo.name || r.slo.id },
                { label: tr('metric.apis'), value: (r) => apiLink(r.slo.api_id, r.slo.instansi) },
                { label: tr('ui.col.objective'), value: (r) => `${tr(`alerts.sli.${r.slo.sli}`)} ${pct100(r.slo.objective, 2)}` },
                { label: 'SLI', value: (r) => pct100(r.sli_pct, 3), num: true },
                {
                  label: tr('ui.chart.error_budget'),
                  value: (r) =>
                    badge(
                      pct(r.error_budget_remaining, 1),
                      (r.error_budget_remaining ?? 1) < 0 ? 'bad' : (r.error_budget_remaining ?? 1) < 0.25 ? 'warn' : 'ok',
                    ),
                },
                {
                  label: tr('ui.col.explore'),
                  // the SLO's bad events: 5xx for availability, slower than its threshold for latency
                  value: (r) =>
                    link(
                      tr('ui.explore'),
                      exploreHref(ctx, {
                        instansi: r.slo.instansi,
                        api: r.slo.api_id,
                        ...(r.slo.sli === 'latency' ? { min_latency_ms: r.slo.latency_ms } : { status_class: '5xx' }),
                      }),
                    ),
                },
              ],
              rows,
            ),
          ),
        (rows) => rows.length === 0,
      ),
      fill(
        card(g, { title: tr('ui.card.alerts'), id: 'alerts', wide: true, csv: { path: 'alerts', params: scope } }),
        () => optional('alerts', () => ctx.data('alerts', scope), []),
        (rows, body) =>
          body.append(
            table(
              tr('ui.card.alerts'),
              [
                { label: tr('ui.col.state'), value: (r) => badge(tr(`ui.alert.${r.state}`), STATE_TONE[r.state]) },
                { label: tr('ui.col.severity'), value: (r) => tr(`alerts.severity.${r.labels.severity ?? 'info'}`) },
                { label: tr('ui.col.summary'), value: (r) => r.annotations.summary ?? r.labels.alertname ?? r.fingerprint },
                {
                  label: tr('ui.col.target'),
                  value: (r) =>
                    r.labels.api_id
                      ? apiLink(r.labels.api_id, r.labels.instansi ?? '')
                      : r.labels.gateway_id || r.labels.probe_id || r.labels.client_address || '–',
                },
                { label: tr('ui.col.since'), value: (r) => when(r.active_at) },
                { label: tr('ui.col.silenced'), value: (r) => (r.silenced_by.length ? badge(tr('yes'), 'muted') : tr('no')) },
                {
                  label: tr('ui.col.explore'),
                  value: (r) =>
                    h(
                      'span',
                      { class: 'row-links' },
                      link(tr('ui.alert.explore'), r.links.explore),
                      r.state === 'resolved' ? null : link(tr('ui.alert.silence'), r.links.silence),
                    ),
                },
              ],
              rows,
              20,
            ),
          ),
        (rows) => rows.length === 0,
      ),
      fill(
        card(g, { title: tr('ui.card.silences'), id: 'silences', csv: { path: 'silences', params: scope } }),
        async () => (await optional('silences', () => ctx.data('silences', scope), [])).filter((s) => s.status !== 'expired'),
        (rows, body) =>
          body.append(
            table(
              tr('ui.card.silences'),
              [
                { label: tr('ui.col.status'), value: (r) => badge(tr(`ui.silence.${r.status}`), r.status === 'active' ? 'ok' : 'muted') },
                {
                  label: tr('ui.col.matchers'),
                  value: (r) =>
                    h('code', {}, r.matchers.map((m) => `${m.name}${m.isEqual === false ? '!' : ''}${m.isRegex ? '=~' : '='}"${m.value}"`).join(', ')),
                },
                { label: tr('ui.col.until'), value: (r) => when(r.ends_at) },
                { label: tr('ui.col.comment'), value: (r) => `${r.comment} (${r.created_by})` },
              ],
              rows,
            ),
          ),
        (rows) => rows.length === 0,
      ),
      monthly(ctx, g),
      maintenanceCard(ctx, g, scope),
      chartCard(
        g,
        { title: tr('ui.card.sla_apis'), id: 'sla-apis', wide: true, note: tr('ui.card.sla_apis_note'), zoom: 1.6 },
        () => ctx.data('metrics/sla', ctx.params()),
        (d) => slaChart(worstApis(d.apis), { ...opts(), width: 480 }),
      ),
    ])
  },
}

/** SLA compliance per calendar month (WIB): APIs with traffic that met their SLA. */
function monthly(ctx: PageCtx, parent: HTMLElement): Promise<void> {
  return fill(
    card(parent, {
      title: tr('ui.card.sla_months'),
      id: 'sla-months',
      note: tr('ui.card.sla_months_note'),
      csv: { path: 'metrics/sla', params: ctx.params(), table: 'instansi' },
    }),
    async () => {
      const d = await ctx.data('metrics/sla', ctx.params())
      const months = new Map<string, { traffic: number; meeting: number }>()
      for (const r of d.instansi) {
        const m = months.get(r.month) ?? { traffic: 0, meeting: 0 }
        m.traffic += r.apis_with_traffic
        m.meeting += r.apis_meeting
        months.set(r.month, m)
      }
      return [...months]
        .filter(([, m]) => m.traffic > 0)
        .map(([month, m]) => ({ month, ...m }))
        .reverse()
    },
    (rows, body) =>
      body.append(
        table(
          tr('ui.card.sla_months'),
          [
            { label: tr('ui.chart.month'), value: (r) => r.month },
            { label: tr('ui.col.apis_with_traffic'), value: (r) => num(r.traffic), num: true },
            { label: tr('ui.col.apis_meeting'), value: (r) => num(r.meeting), num: true },
            { label: tr('ui.col.share'), value: (r) => pct(r.meeting / r.traffic, 1), num: true },
          ],
          rows,
        ),
      ),
    (rows) => rows.length === 0,
  )
}

/** The month × API cells of the APIs that missed their SLA most often (at most 25 APIs with traffic). */
function worstApis(cells: SlaCompliance['apis']): SlaCell[] {
  const missed = new Map<string, number>()
  for (const c of cells) if (c.requests > 0) missed.set(c.api, (missed.get(c.api) ?? 0) + (c.meets_sla === false ? 1 : 0))
  const keep = new Set(
    [...missed]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 25)
      .map(([api]) => api),
  )
  // Names repeat across instansi (every province has a "Satu Data"): label with the instansi.
  return cells.filter((c) => keep.has(c.api)).map((c) => ({ ...c, api_name: `${c.api_name} (${c.instansi})` }))
}
