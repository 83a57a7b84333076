/**
 * Rekap SPBE: the national recap of Indikator 7/18 levels for a year
 * (GET /v1/assessment/recap — the same evaluation as each instansi's PDF):
 * the distribution by level, filters by kind of instansi, region and level,
 * a table with each instansi's level, change and criteria (met or not, with
 * the reason), drill-down to its evidence (the instansi page, its reports on
 * Laporan, the latest PDF), and an evidence pack (report batch → ZIP) of the
 * instansi shown. Page filters live in the hash (`#/rekap?indicator=i7&year=2025&kind=kota`).
 */
import { ApiError, download, get, post } from '../api-client.js'
import { card, chartCard, fill, summaryCard } from '../components/card.js'
import { badge, grid, link, table, tiles } from '../components/widgets.js'
import { h } from '../dom.js'
import { num, tr } from '../i18n.js'
import type { Page, PageCtx } from '../router.js'
import type { Batch, Recap, RecapRow } from '../types.js'
import { INSTANSI_KINDS, RECAP_LEVELS, recapLevelsChart } from '../../../shared/charts/assessment.js'
import { opts } from './shared.js'

interface View {
  indicator: 'i7' | 'i18'
  year: string
  kind?: string
  region?: string
  level?: string
}

const wibYear = () => String(new Date(Date.now() + 7 * 3600e3).getUTCFullYear())

function viewOf(ctx: PageCtx): View {
  const x = ctx.route.extra
  return {
    indicator: x.indicator === 'i7' ? 'i7' : 'i18',
    year: /^\d{4}$/.test(x.year ?? '') ? x.year : wibYear(),
    kind: (INSTANSI_KINDS as readonly string[]).includes(x.kind ?? '') ? x.kind : undefined,
    region: x.region || undefined,
    level: /^[0-5]$/.test(x.level ?? '') ? x.level : undefined,
  }
}

const tone = (level: number) => (level >= 4 ? 'ok' : level >= 2 ? 'muted' : level === 1 ? 'warn' : 'bad')
const levelText = (level: number) => `${level} · ${tr(`reports.level.${level}`)}`

function select(id: string, label: string, value: string | undefined, options: Array<[string, string]>, onChange: (v: string) => void): HTMLElement {
  const el = h(
    'select',
    { id },
    options.map(([v, text]) => h('option', { value: v, selected: v === (value ?? '') }, text)),
  )
  el.addEventListener('change', () => onChange(el.value))
  return h('div', { class: 'field' }, h('label', { for: id }, label), el)
}

function criteriaCell(r: RecapRow, texts: Map<string, string>): HTMLElement {
  const met = r.criteria.filter((c) => c.met).length
  return h(
    'details',
    { class: 'rekap-criteria' },
    h('summary', {}, tr('ui.rekap.criteria_met', { met: num(met), total: num(r.criteria.length) })),
    h(
      'ul',
      {},
      r.criteria.map((c) =>
        h(
          'li',
          { 'data-criterion': c.id, 'data-met': String(c.met) },
          badge(c.met ? tr('ui.rekap.met') : tr('ui.rekap.unmet'), c.met ? 'ok' : 'bad'),
          ` L${c.level} ${texts.get(c.id) ?? c.id} — `,
          h('em', {}, c.data),
          '. ',
          c.reason,
        ),
      ),
    ),
  )
}

function changeCell(r: RecapRow, previous: string): HTMLElement {
  const d = r.level_change
  const text = d === 0 ? tr('ui.rekap.change.none') : `${d > 0 ? '▲ +' : '▼ '}${num(d)}`
  return h('span', { class: d > 0 ? 'up' : d < 0 ? 'down' : null, title: tr('ui.rekap.change.from', { level: r.previous_level, period: previous }) }, text)
}

function evidenceCell(ctx: PageCtx, r: RecapRow, v: View): HTMLElement {
  return h(
    'span',
    { class: 'rekap-evidence' },
    link(tr('ui.rekap.open_laporan'), ctx.href('laporan', { instansi: r.instansi, api: undefined })),
    ' ',
    r.report_id
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn small',
            title: `${tr('ui.rekap.report', { id: r.report_id })} · SHA-256 ${r.report_sha256}`,
            onclick: () => void download(`reports/${encodeURIComponent(r.report_id!)}.pdf`, `pantau-${v.indicator}-${r.instansi}-${v.year}.pdf`),
          },
          tr('ui.rekap.download'),
          h('span', { class: 'sr-only' }, ` ${r.name}`),
        )
      : h('span', { class: 'muted' }, tr('ui.rekap.no_report')),
  )
}

/** Start a batch of the instansi shown, follow its progress, offer its ZIP. */
function batchForm(ctx: PageCtx, v: View, codes: () => string[]): HTMLElement {
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' })
  const zip = h('p', {})
  const start = h('button', { type: 'button', class: 'btn primary', id: 'rekap-batch' }, tr('ui.rekap.batch.start', { n: num(codes().length) }))
  start.addEventListener('click', async () => {
    start.disabled = true
    zip.replaceChildren()
    try {
      let b = (await post<Batch>('reports/batch', { indicator: v.indicator, period: v.year, instansi: codes() })).data
      while (b.state !== 'done' && !ctx.signal.aborted) {
        status.textContent = tr('ui.rekap.batch.progress', { done: num(b.done), total: num(b.total), failed: num(b.failed) })
        await new Promise((r) => setTimeout(r, 1000))
        b = (await get<Batch>(`reports/batch/${encodeURIComponent(b.id)}`, {}, ctx.signal)).data
      }
      status.textContent = tr('ui.rekap.batch.progress', { done: num(b.done), total: num(b.total), failed: num(b.failed) })
      const name = `pantau-${b.indicator}-${b.period}-${b.id}.zip`
      zip.append(
        h(
          'button',
          { type: 'button', class: 'btn', id: 'rekap-zip', onclick: () => void download(`reports/batch/${b.id}/zip`, name) },
          tr('ui.rekap.batch.download'),
        ),
      )
    } catch (err) {
      status.textContent = tr('ui.rekap.batch.failed', { reason: err instanceof ApiError ? err.message : String(err) })
    } finally {
      start.disabled = false
    }
  })
  return h('div', { class: 'stack-form' }, h('p', { class: 'hint' }, tr('ui.rekap.batch.help')), start, status, zip)
}

export const rekap: Page = {
  id: 'rekap',
  title: 'ui.page.rekap',
  nav: true,
  async render(ctx) {
    const v = viewOf(ctx)
    ctx.heading(tr('ui.page.rekap'), tr('ui.rekap.sub'))
    const go = (patch: Partial<View>) => {
      location.hash = ctx.href('rekap', {}, { ...v, ...patch } as Record<string, string | undefined>)
    }
    const params = { indicator: v.indicator, period: v.year, ...(ctx.f.instansi ? { instansi: ctx.f.instansi } : {}) }
    const load = () => ctx.data('assessment/recap', params)
    const recap = await load().catch(() => undefined)
    const regions = [...new Set((recap?.rows ?? []).map((r) => r.region).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'id'))
    const controls = h(
      'div',
      { class: 'filters rekap-filters', role: 'group', 'aria-label': tr('ui.page.rekap') },
      select(
        'rekap-indicator',
        tr('ui.rekap.indicator'),
        v.indicator,
        [
          ['i18', tr('ui.indicator.i18')],
          ['i7', tr('ui.indicator.i7')],
        ],
        (x) => go({ indicator: x as View['indicator'] }),
      ),
      select(
        'rekap-year',
        tr('ui.rekap.period'),
        v.year,
        [...Array(5)].map((_, i) => String(Number(wibYear()) - i)).map((y) => [y, y]),
        (x) => go({ year: x }),
      ),
      select(
        'rekap-kind',
        tr('ui.rekap.kind'),
        v.kind,
        [['', tr('ui.rekap.kind.all')], ...INSTANSI_KINDS.map((k): [string, string] => [k, tr(`ui.rekap.kind.${k}`)])],
        (x) => go({ kind: x || undefined }),
      ),
      select('rekap-region', tr('ui.rekap.region'), v.region, [['', tr('ui.rekap.region.all')], ...regions.map((r): [string, string] => [r, r])], (x) =>
        go({ region: x || undefined }),
      ),
      select(
        'rekap-level',
        tr('ui.rekap.level'),
        v.level,
        [['', tr('ui.rekap.level.all')], ...RECAP_LEVELS.map((l): [string, string] => [String(l), levelText(l)])],
        (x) => go({ level: x || undefined }),
      ),
    )
    ctx.main.append(controls)
    // kind and region filter everything; the level filters the table (the chart shows every level)
    const inScope = async () => (await load()).rows.filter((r) => (!v.kind || r.kind === v.kind) && (!v.region || r.region === v.region))
    const shown = async () => (await inScope()).filter((r) => v.level === undefined || String(r.level) === v.level)
    const head = summaryCard(ctx.main, tr('ui.card.rekap_summary'), 'rekap-summary')
    const g = grid(ctx.main)
    let codes: string[] = []
    await Promise.all([
      fill(head, inScope, (rows, body) => {
        const avg = rows.length ? rows.reduce((s, r) => s + r.level, 0) / rows.length : null
        body.append(
          tiles([
            { id: 'instansi', label: tr('ui.rekap.tile.instansi'), value: num(rows.length), raw: rows.length },
            { id: 'average', label: tr('ui.rekap.tile.average'), value: num(avg, 2), raw: avg ?? undefined },
            ...[3, 4, 5].map((l) => ({
              id: `level-${l}`,
              label: levelText(l),
              value: num(rows.filter((r) => r.level === l).length),
              raw: rows.filter((r) => r.level === l).length,
            })),
            { id: 'up', label: tr('ui.rekap.tile.up'), value: num(rows.filter((r) => r.level_change > 0).length), tone: 'ok' as const },
            { id: 'down', label: tr('ui.rekap.tile.down'), value: num(rows.filter((r) => r.level_change < 0).length), tone: 'bad' as const },
          ]),
        )
      }),
      chartCard(g, { title: tr('ui.card.rekap_levels'), id: 'rekap-levels', wide: true }, inScope, (rows) =>
        recapLevelsChart(
          RECAP_LEVELS.flatMap((level) =>
            INSTANSI_KINDS.map((kind) => ({
              level,
              kind,
              instansi: rows.filter((r) => r.level === level && r.kind === kind).length,
              href: ctx.href('rekap', {}, { ...v, level: String(level) } as Record<string, string | undefined>),
            })),
          ),
          opts(),
        ),
      ),
      fill(
        card(g, { title: tr('ui.card.rekap_table'), id: 'rekap-table', wide: true, csv: { path: 'assessment/recap', params } }),
        async () => ({ rows: await shown(), all: await load() }),
        ({ rows, all }: { rows: RecapRow[]; all: Recap }, body) => {
          codes = rows.map((r) => r.instansi)
          const texts = new Map(all.criteria.map((c) => [c.id, c.text]))
          body.append(
            h('p', { class: 'card-note' }, tr('ui.rekap.computed', { ms: num(all.computed_ms), period: all.period, previous: all.previous_period })),
            table(
              tr('ui.card.rekap_table'),
              [
                { label: tr('ui.rekap.col.instansi'), value: (r) => link(r.name, ctx.href('instansi', { instansi: r.instansi, api: undefined })) },
                { label: tr('ui.rekap.col.kind'), value: (r) => tr(`ui.rekap.kind.${r.kind}`) },
                { label: tr('ui.rekap.col.region'), value: (r) => r.region || '–' },
                { label: tr('ui.rekap.col.level'), value: (r) => h('span', { 'data-level': r.level }, badge(levelText(r.level), tone(r.level))) },
                { label: tr('ui.rekap.col.change'), value: (r) => changeCell(r, all.previous_period) },
                { label: tr('ui.rekap.col.criteria'), value: (r) => criteriaCell(r, texts) },
                { label: tr('ui.rekap.col.evidence'), value: (r) => evidenceCell(ctx, r, v) },
              ],
              rows,
              1000,
            ),
          )
        },
        ({ rows }) => (rows.length === 0 ? tr('ui.rekap.empty') : false),
      ),
    ])
    card(g, { title: tr('ui.card.rekap_batch'), id: 'rekap-batch-card', wide: true }).body.append(batchForm(ctx, v, () => codes))
  },
}
