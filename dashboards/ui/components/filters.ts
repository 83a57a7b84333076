/**
 * The filter bar: period (presets or a custom WIB date range), instansi, API
 * and auto refresh. Every change rewrites the URL hash; choosing an instansi
 * on Nasional drills into the Instansi page, choosing an API into the API page.
 */
import { registry, type ApiRow } from '../api-client.js'
import { h } from '../dom.js'
import { tr } from '../i18n.js'
import { PERIOD_LABELS, PERIODS, REFRESH, toHash, type Filters, type Period, type Route } from '../state.js'

/** The API answers ranges of up to 400 days. */
const MAX_DAYS = 400
const REFRESH_LABELS: Record<number, string> = { 0: 'ui.refresh.off', 30: 'ui.refresh.30s', 60: 'ui.refresh.1m', 300: 'ui.refresh.5m' }

function field(id: string, labelText: string, control: HTMLElement, cls = ''): HTMLElement {
  control.id = id
  return h('div', { class: `field ${cls}` }, h('label', { for: id }, labelText), control)
}

const option = (value: string, text: string) => h('option', { value }, text)

/** Where a filter change leads: drill down from Nasional/Instansi, back up when the scope is cleared. */
function targetPage(page: string, next: Filters, prev: Filters): string {
  if (next.api && next.api !== prev.api && (page === 'nasional' || page === 'instansi' || page === 'insiden')) return 'api'
  if (next.instansi && next.instansi !== prev.instansi && page === 'nasional') return 'instansi'
  if (page === 'api' && !next.api && prev.api) return next.instansi ? 'instansi' : 'nasional'
  if (page === 'insiden' && (next.api !== prev.api || next.instansi !== prev.instansi)) return next.api ? 'api' : 'instansi'
  return page
}

export class FilterBar {
  readonly el: HTMLFormElement
  private period = h('select', {})
  private from = h('input', { type: 'date' })
  private to = h('input', { type: 'date' })
  private custom: HTMLElement
  private instansi = h('select', {})
  private api = h('select', {})
  private refresh = h('select', {})
  private route?: Route
  private apis: ApiRow[] = []

  constructor(private navigate: (hash: string) => void) {
    for (const p of PERIODS) this.period.append(option(p, tr(PERIOD_LABELS[p])))
    for (const r of REFRESH) this.refresh.append(option(String(r), tr(REFRESH_LABELS[r])))
    this.instansi.append(option('', tr('ui.filter.all_instansi')))
    this.api.append(option('', tr('ui.filter.all_apis')))
    const apply = h('button', { type: 'submit', class: 'btn small' }, tr('ui.filter.apply'))
    this.custom = h(
      'div',
      { class: 'custom-range', hidden: true },
      field('f-from', tr('ui.filter.from'), this.from),
      field('f-to', tr('ui.filter.to'), this.to),
      apply,
    )
    this.el = h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': tr('ui.filter.label') },
      field('f-period', tr('ui.filter.period'), this.period),
      this.custom,
      field('f-instansi', tr('metric.instansi'), this.instansi, 'grow'),
      field('f-api', tr('metric.apis'), this.api, 'grow'),
      field('f-refresh', tr('ui.filter.refresh'), this.refresh),
    )
    this.period.addEventListener('change', () => {
      if (this.period.value === 'custom') {
        this.custom.hidden = false
        this.from.focus()
      } else this.change({ period: this.period.value as Period, from: undefined, to: undefined })
    })
    this.el.addEventListener('submit', (e) => {
      e.preventDefault()
      if (this.period.value !== 'custom') return
      const days = (Date.parse(this.to.value) - Date.parse(this.from.value)) / 86400e3 + 1
      const problem = !(days >= 1) ? 'ui.filter.bad_range' : days > MAX_DAYS ? 'ui.filter.too_long' : undefined
      if (problem) {
        this.to.setCustomValidity(tr(problem, { days: MAX_DAYS }))
        this.to.reportValidity()
        return
      }
      this.to.setCustomValidity('')
      this.change({ period: 'custom', from: this.from.value, to: this.to.value })
    })
    this.instansi.addEventListener('change', () => this.change({ instansi: this.instansi.value || undefined, api: undefined }))
    this.api.addEventListener('change', () => {
      const api = this.apis.find((a) => a.id === this.api.value)
      this.change({ api: api?.id, instansi: api?.instansi ?? this.route?.filters.instansi })
    })
    this.refresh.addEventListener('change', () => this.change({ refresh: Number(this.refresh.value) }))
    void this.loadOptions()
  }

  private change(patch: Partial<Filters>): void {
    if (!this.route) return
    const prev = this.route.filters
    const next = { ...prev, ...patch }
    const page = targetPage(this.route.page, next, prev)
    const extra = page === this.route.page ? { ...this.route.extra } : {}
    // a new period replaces a time range chosen on the page (Jelajah's start/end)
    if (patch.period !== undefined) {
      delete extra.start
      delete extra.end
    }
    this.navigate(toHash(page, next, extra))
  }

  private async loadOptions(): Promise<void> {
    try {
      const [inst, apis] = await Promise.all([registry.instansi(), registry.apis()])
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'id')
      this.instansi.querySelectorAll('option.unlisted').forEach((o) => {
        o.remove()
      })
      for (const i of [...inst].sort(byName)) this.instansi.append(option(i.code, i.name))
      this.apis = [...apis].sort(byName)
      if (this.route) this.update(this.route)
    } catch {
      /* the selects keep "all"; the page shows the API error */
    }
  }

  /** Show a route's filters (without rebuilding the controls, so focus stays). */
  update(route: Route): void {
    this.route = route
    const f = route.filters
    this.period.value = f.period
    this.custom.hidden = f.period !== 'custom'
    this.from.value = f.from ?? ''
    this.to.value = f.to ?? ''
    // A link may name only the API: show its instansi. A code the registry did not list still shows.
    const code = f.instansi ?? this.apis.find((a) => a.id === f.api)?.instansi ?? ''
    if (code && !Array.from(this.instansi.options).some((o) => o.value === code))
      this.instansi.append(Object.assign(option(code, code), { className: 'unlisted' }))
    this.instansi.value = code
    this.refresh.value = String(f.refresh)
    const apis = this.instansi.value ? this.apis.filter((a) => a.instansi === this.instansi.value) : this.apis
    this.api.replaceChildren(option('', tr('ui.filter.all_apis')), ...apis.map((a) => option(a.id, `${a.name} (v${a.version.split('.')[0]})`)))
    this.api.value = f.api ?? ''
  }
}
