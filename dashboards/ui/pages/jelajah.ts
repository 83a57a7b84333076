/**
 * Jelajah: the requests behind any number. Every filter is in the URL hash
 * (explore.ts), so a view can be shared and alerts link straight to it. A
 * histogram by status class — drag across it to narrow the time range, or
 * choose a bar — then the matching requests, newest first, with their total;
 * the next page loads on demand (the button, or scrolling to it). Choosing a
 * request shows every normalized field and the record as the gateway sent
 * it (redacted) while it is kept. CSV and NDJSON downloads stream the same
 * rows from the API.
 */
import { download, get, names, registry } from '../api-client.js'
import { card, fill } from '../components/card.js'
import { drawChart } from '../components/chart.js'
import { clear, h } from '../dom.js'
import { EXPLORE_KEYS } from '../explore.js'
import { getLang, num, tr } from '../i18n.js'
import type { Page, PageCtx } from '../router.js'
import { rangeOf } from '../state.js'
import type { EventDetail, EventRow, EventsPagination, HistogramPoint } from '../types.js'
import { BRUSH, eventsHistogramChart } from '../../../shared/charts/events.js'
import { detailView, eventHeaders, eventRow, filterForm, rangeNote } from './jelajah-parts.js'

/** Rows per page. */
const PAGE = 100
const WIB_MS = 7 * 3600e3
const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }

/** `now`, `now-24h` → an ISO instant, so every call of one view asks about the same window. */
function pin(v: string, now: number): string {
  const m = /^now(?:-(\d+)([smhdw]))?$/.exec(v)
  return m ? new Date(m[1] ? now - Number(m[1]) * UNITS[m[2]!]! : now).toISOString() : v
}

/** The `/v1/events` parameters of the route: its window (start/end, else the period) and every filter. */
function apiParams(ctx: PageCtx, now = Date.now()): Record<string, string> {
  const x = ctx.route.extra
  const period = rangeOf(ctx.f, now)
  const p: Record<string, string> = { from: pin(x.start ?? period.from, now), to: pin(x.end ?? (x.start ? 'now' : period.to), now) }
  if (ctx.f.instansi) p.instansi = ctx.f.instansi
  if (ctx.f.api) p.api = ctx.f.api
  for (const k of EXPLORE_KEYS) if (k !== 'start' && k !== 'end' && x[k]) p[k] = x[k]!
  return p
}

export const jelajah: Page = {
  id: 'jelajah',
  title: 'ui.page.jelajah',
  nav: true,
  async render(ctx) {
    ctx.heading(tr('ui.page.jelajah'), tr('ui.jelajah.sub'))
    const note = rangeNote(ctx)
    if (note) ctx.main.querySelector('.page-head')?.append(note)
    const params = apiParams(ctx)
    const gateways = await registry.gateways().catch(() => [])
    card(ctx.main, { title: tr('ui.card.explore_filters'), id: 'explore-filters', wide: true }).body.append(filterForm(ctx, gateways))
    const detail = card(ctx.main, { title: tr('ui.card.event_detail'), id: 'event-detail', wide: true })
    await Promise.all([histogram(ctx, params), events(ctx, params, detail)])
    // the detail card stays out of the way until a request is chosen
    detail.el.hidden = !detail.el.dataset.state
    ctx.main.append(detail.el)
  },
}

/** Requests over time by status class; a drag narrows the window, a bar opens its own. */
function histogram(ctx: PageCtx, params: Record<string, string>): Promise<void> {
  const c = card(ctx.main, { title: tr('ui.card.histogram'), id: 'histogram', wide: true, note: tr('ui.card.histogram_note') })
  c.el.classList.add('chart-card')
  const narrow = (startMs: number, endMs: number) => {
    location.hash = ctx.href('jelajah', {}, { ...ctx.route.extra, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() })
  }
  return fill(
    c,
    () => get<HistogramPoint[]>('events/histogram', params, ctx.signal),
    async (res, body) => {
      const step = Number(res.meta?.interval_ms ?? 60e3)
      const box = body.appendChild(h('div', { class: 'chart-box' }))
      const { view } = await drawChart(box, eventsHistogramChart(res.data, { lang: getLang(), stepMs: step, brush: true }))
      let down: { x: number; y: number } | undefined
      let dragged = false
      box.addEventListener('pointerdown', (e) => {
        down = { x: e.clientX, y: e.clientY }
      })
      window.addEventListener(
        'pointerup',
        (e) => {
          if (!down) return
          dragged = Math.abs(e.clientX - down.x) > 4
          down = undefined
          if (!dragged) return
          // after vega has handled the same pointerup
          setTimeout(() => {
            const sel = view.signal(BRUSH) as Record<string, unknown[]> | undefined
            const x = sel ? Object.values(sel)[0] : undefined
            if (x?.length !== 2) return
            const [a, b] = x.map((v) => Number(v) - WIB_MS).sort((p, q) => p - q)
            if (b! - a! >= 1000) narrow(a!, b!)
          }, 0)
        },
        { signal: ctx.signal },
      )
      view.addEventListener('click', (_e, item) => {
        const d = (item as { datum?: { start?: string; end?: string } } | null | undefined)?.datum
        if (!dragged && d?.start && d.end) narrow(Date.parse(d.start), Date.parse(d.end))
      })
    },
    (res) => res.data.length === 0,
  )
}

/** The matching requests: total, downloads, the table with paging on demand, and the detail of one. */
function events(ctx: PageCtx, params: Record<string, string>, detail: ReturnType<typeof card>): Promise<void> {
  const c = card(ctx.main, { title: tr('ui.card.events'), id: 'events', wide: true })
  return fill(
    c,
    async () => Promise.all([get<EventRow[]>('events', { ...params, limit: PAGE }, ctx.signal), names()]),
    ([first, n], body) => {
      const pagination = (first.pagination ?? {}) as EventsPagination
      const total = pagination.total ?? first.data.length
      let cursor = pagination.next_cursor
      let shown = 0
      let loading = false
      const tbody = h('tbody', {})
      const status = h('p', { class: 'table-more', role: 'status', 'aria-live': 'polite' })
      const more = h('button', { type: 'button', class: 'btn', 'data-action': 'more' }, tr('ui.jelajah.more'))
      const open = (r: EventRow, row: HTMLElement) => void showDetail(ctx, detail, r, row, tbody)
      const add = (rows: EventRow[]) => {
        tbody.append(...rows.map((r) => eventRow(r, n.instansi, open)))
        shown += rows.length
        c.el.dataset.rows = String(shown)
        status.textContent = cursor ? tr('ui.jelajah.shown', { shown: num(shown), total: num(total) }) : tr('ui.jelajah.all_shown')
        more.hidden = !cursor
        if (!cursor) c.el.dataset.complete = 'true'
      }
      const loadMore = async () => {
        if (loading || !cursor) return
        loading = true
        more.disabled = true
        c.el.dataset.loading = 'true'
        try {
          const page = await get<EventRow[]>('events', { ...params, limit: PAGE, cursor }, ctx.signal)
          cursor = (page.pagination as EventsPagination | undefined)?.next_cursor
          add(page.data)
        } catch (e) {
          if ((e as Error).name !== 'AbortError') status.textContent = `${tr('ui.state.error')} ${(e as Error).message}`
        } finally {
          loading = false
          more.disabled = false
          delete c.el.dataset.loading
        }
      }
      more.addEventListener('click', () => void loadMore())
      const seen = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) void loadMore()
      })
      seen.observe(more)
      ctx.signal.addEventListener('abort', () => seen.disconnect())
      const totalText = pagination.total_approximate ? tr('ui.jelajah.total_approx', { n: num(total) }) : tr('ui.jelajah.total', { n: num(total) })
      const query = new URLSearchParams(params).toString()
      const dl = (label: string, extra: string, ext: string, action: string) =>
        h(
          'button',
          { type: 'button', class: 'btn small', 'data-action': action, onclick: () => void download(`events?${query}&${extra}`, `pantau-jelajah.${ext}`) },
          label,
        )
      body.append(
        h(
          'div',
          { class: 'events-head' },
          h('p', { class: 'events-total', 'data-total': String(total), 'data-approximate': String(!!pagination.total_approximate) }, totalText),
          h(
            'div',
            { class: 'segmented' },
            dl(tr('ui.jelajah.download_csv'), 'format=csv', 'csv', 'csv'),
            dl(tr('ui.jelajah.download_csv_id'), 'format=csv&sep=semicolon', 'csv', 'csv-id'),
            dl(tr('ui.jelajah.download_ndjson'), 'format=ndjson', 'ndjson', 'ndjson'),
          ),
        ),
        h(
          'div',
          { class: 'table-wrap', role: 'region', 'aria-label': tr('ui.card.events'), tabindex: 0 },
          h('table', { class: 'events' }, h('caption', { class: 'sr-only' }, tr('ui.card.events')), eventHeaders(), tbody),
        ),
        h('div', { class: 'events-foot' }, status, more),
      )
      add(first.data)
    },
    ([first]) => first.data.length === 0,
  )
}

/** Fill the detail card with one request and bring it into view. */
async function showDetail(ctx: PageCtx, detail: ReturnType<typeof card>, r: EventRow, row: HTMLElement, tbody: HTMLElement): Promise<void> {
  tbody.querySelectorAll('tr[aria-selected]').forEach((other) => {
    other.removeAttribute('aria-selected')
  })
  row.setAttribute('aria-selected', 'true')
  detail.el.hidden = false
  detail.el.dataset.eventId = r.event_id
  const close = h('button', { type: 'button', class: 'btn small', 'data-action': 'close' }, tr('ui.jelajah.close'))
  close.addEventListener('click', () => {
    detail.el.hidden = true
    row.removeAttribute('aria-selected')
    row.querySelector('button')?.focus()
  })
  const head = detail.el.querySelector('.card-head')
  head?.querySelector('[data-action=close]')?.remove()
  head?.append(close)
  await fill(
    detail,
    async () => (await get<EventDetail>(`events/${encodeURIComponent(r.event_id)}`, { ts: r.ts, instansi: r.instansi }, ctx.signal)).data,
    (e, body) => {
      clear(body, detailView(e))
    },
  )
  detail.el.scrollIntoView({ block: 'nearest' })
  detail.el.querySelector<HTMLElement>('h2')?.setAttribute('tabindex', '-1')
  detail.el.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true })
}
