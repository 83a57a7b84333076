/**
 * Laporan: SPBE evidence reports (Indikator 7 and 18) — generate one for an
 * instansi and a period, list those generated (and who generated each: the
 * signed-in person's name, the token's, or the nightly schedule), download the PDF. Works
 * against POST/GET /v1/reports and GET /v1/reports/{id}.pdf; shows an empty
 * state when this server has no report service.
 */
import { ApiError, download, get, optional, post, registry } from '../api-client.js'
import { card, fill } from '../components/card.js'
import { grid, table } from '../components/widgets.js'
import { h } from '../dom.js'
import { day, num, tr, when } from '../i18n.js'
import type { Page, PageCtx } from '../router.js'

interface Report {
  id: string
  instansi: string
  indicator: string
  period: string
  generated_at: string
  generated_by?: string
  level?: number
  pages?: number
  size?: number
}

const INDICATORS = ['i18', 'i7'] as const

/** The report period for the current filter: the calendar year, or the custom days. */
function periodOf(ctx: PageCtx): string {
  const f = ctx.f
  if (f.period === 'custom' && f.from && f.to) return `${f.from}..${f.to}`
  const year = new Date(Date.now() + 7 * 3600e3).getUTCFullYear()
  return String(f.period === 'lastyear' ? year - 1 : year)
}

export const laporan: Page = {
  id: 'laporan',
  title: 'ui.page.laporan',
  nav: true,
  async render(ctx) {
    ctx.heading(tr('ui.page.laporan'), tr('ui.laporan.sub'))
    const g = grid(ctx.main)
    const list = card(g, {
      title: tr('ui.card.reports'),
      id: 'reports',
      wide: true,
      csv: { path: 'reports', params: ctx.f.instansi ? { instansi: ctx.f.instansi } : {} },
    })
    const reload = () =>
      fill(
        list,
        async () => {
          const rows = await optional(
            'reports',
            async () => (await get<Report[]>('reports', ctx.f.instansi ? { instansi: ctx.f.instansi } : {}, ctx.signal)).data,
            undefined,
          )
          return rows ? [...rows].sort((a, b) => b.generated_at.localeCompare(a.generated_at)) : undefined
        },
        (rows, body) =>
          body.append(
            table(
              tr('ui.card.reports'),
              [
                { label: tr('ui.col.generated'), value: (r) => when(r.generated_at) },
                { label: tr('ui.col.indicator'), value: (r) => tr(`ui.indicator.${r.indicator}`) },
                { label: tr('metric.instansi'), value: (r) => r.instansi },
                { label: tr('ui.col.period'), value: (r) => r.period },
                { label: tr('ui.col.level'), value: (r) => (r.level === undefined ? '–' : num(r.level)), num: true },
                {
                  label: tr('ui.col.generated_by'),
                  value: (r) => (r.generated_by === 'scheduler' ? tr('ui.laporan.by_scheduler') : r.generated_by || '–'),
                },
                {
                  label: tr('ui.col.download'),
                  value: (r) =>
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'btn small',
                        onclick: () => void download(`reports/${encodeURIComponent(r.id)}.pdf`, `pantau-${r.indicator}-${r.instansi}-${r.period}.pdf`),
                      },
                      tr('ui.laporan.download'),
                      h('span', { class: 'sr-only' }, ` ${tr(`ui.indicator.${r.indicator}`)} ${r.instansi} ${r.period}`),
                    ),
                },
              ],
              rows!,
              50,
            ),
          ),
        (rows) => (rows === undefined ? tr('ui.laporan.unavailable') : rows.length === 0),
      )
    const available = await optional('reports', async () => true, false)
    const form = await generateForm(ctx, available, () => void reload())
    card(g, { title: tr('ui.card.generate'), id: 'generate' }).body.append(form)
    g.append(list.el)
    await reload()
  },
}

async function generateForm(ctx: PageCtx, available: boolean, done: () => void): Promise<HTMLFormElement> {
  const inst = await registry.instansi().catch(() => [])
  const instansi = h(
    'select',
    { id: 'r-instansi', required: true },
    [...inst].sort((a, b) => a.name.localeCompare(b.name, 'id')).map((i) => h('option', { value: i.code }, i.name)),
  )
  if (ctx.f.instansi) instansi.value = ctx.f.instansi
  const indicator = h(
    'select',
    { id: 'r-indicator' },
    INDICATORS.map((i) => h('option', { value: i }, tr(`ui.indicator.${i}`))),
  )
  const period = h('input', {
    id: 'r-period',
    required: true,
    value: periodOf(ctx),
    pattern: '\\d{4}(-\\d{2})?|\\d{4}-\\d{2}-\\d{2}\\.\\.\\d{4}-\\d{2}-\\d{2}',
    'aria-describedby': 'r-period-help',
  })
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' }, available ? '' : tr('ui.laporan.unavailable'))
  const submit = h('button', { type: 'submit', class: 'btn primary', disabled: !available }, tr('ui.laporan.generate'))
  const form = h(
    'form',
    { class: 'stack-form' },
    h('label', { for: 'r-indicator' }, tr('ui.col.indicator')),
    indicator,
    h('label', { for: 'r-instansi' }, tr('metric.instansi')),
    instansi,
    h('label', { for: 'r-period' }, tr('ui.col.period')),
    period,
    h('p', { id: 'r-period-help', class: 'hint' }, tr('ui.laporan.period_help')),
    submit,
    status,
  )
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    if (!form.reportValidity()) return
    submit.disabled = true
    status.textContent = tr('ui.laporan.generating')
    try {
      const r = await post<Report>('reports', { instansi: instansi.value, indicator: indicator.value, period: period.value })
      status.textContent = tr('ui.laporan.generated', { when: day(r.data.generated_at ?? Date.now()) })
      done()
    } catch (err) {
      status.textContent =
        err instanceof ApiError && err.status === 404 ? tr('ui.laporan.unavailable') : tr('ui.laporan.failed', { reason: (err as Error).message })
    } finally {
      submit.disabled = false
    }
  })
  return form
}
