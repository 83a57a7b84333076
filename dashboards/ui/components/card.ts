/**
 * A card: a titled section of a page that loads its own data and shows
 * loading, empty, error (with retry) or content. `data-state` carries the
 * state for tests and the bench.
 */
import type { TopLevelSpec } from 'vega-lite'
import { type Params, request } from '../api-client.js'
import { h, clear, type Child } from '../dom.js'
import { getLang, tr } from '../i18n.js'
import { drawChart, specRows } from './chart.js'

export interface CardOptions {
  title: string
  /** Span the whole row. */
  wide?: boolean
  note?: string
  /** Controls shown in the card header (e.g. a series switch). */
  tools?: Child
  id?: string
  /** Enlarge the chart (for specs sized for print). */
  zoom?: number
  /** The endpoint behind the card's table: an "Unduh CSV" button downloads it as CSV. */
  csv?: CsvSource
}

/** A table endpoint (`/v1/{path}`), its query, and which of its answer's tables (`?table=`). */
export interface CsvSource {
  path: string
  params?: Params
  table?: string
}

export interface Card {
  el: HTMLElement
  body: HTMLElement
}

let seq = 0

export function card(parent: HTMLElement, o: CardOptions): Card {
  const headingId = `card-h-${++seq}`
  const body = h('div', { class: 'card-body' })
  const el = h(
    'section',
    { class: `card${o.wide ? ' wide' : ''}`, 'aria-labelledby': headingId, 'data-card': o.id ?? null },
    h('header', { class: 'card-head' }, h('h2', { id: headingId }, o.title), o.tools ?? null, o.csv ? csvButton(o.title, o.id ?? 'tabel', o.csv) : null),
    o.note ? h('p', { class: 'card-note' }, o.note) : null,
    body,
  )
  parent.appendChild(el)
  return { el, body }
}

/** The headline tiles card at the top of a page. */
export function summaryCard(parent: HTMLElement, title = tr('ui.card.summary'), id = 'summary'): Card {
  const c = card(parent, { title, id, wide: true })
  c.el.classList.add('summary')
  return c
}

function setState(c: Card, state: 'loading' | 'ready' | 'empty' | 'error'): void {
  c.el.dataset.state = state
  c.el.setAttribute('aria-busy', String(state === 'loading'))
}

/**
 * Load data into a card; `empty(data)` decides the empty state (true, or the
 * message to show). Never rejects: errors are shown in the card.
 */
export async function fill<T>(
  c: Card,
  load: () => Promise<T>,
  render: (data: T, body: HTMLElement) => void | Promise<void>,
  empty: (data: T) => boolean | string = () => false,
): Promise<void> {
  setState(c, 'loading')
  clear(c.body, h('p', { class: 'state loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), tr('ui.state.loading')))
  try {
    const data = await load()
    if (!c.el.isConnected) return
    const isEmpty = empty(data)
    if (isEmpty) {
      clear(c.body, h('p', { class: 'state empty' }, isEmpty === true ? tr('ui.state.empty') : isEmpty))
      setState(c, 'empty')
      return
    }
    clear(c.body)
    await render(data, c.body)
    setState(c, 'ready')
  } catch (e) {
    if ((e as Error).name === 'AbortError' || !c.el.isConnected) return
    const retry = h('button', { type: 'button', class: 'btn small', onclick: () => void fill(c, load, render, empty) }, tr('ui.state.retry'))
    clear(c.body, h('div', { class: 'state error', role: 'alert' }, h('p', {}, tr('ui.state.error')), h('p', { class: 'detail' }, (e as Error).message), retry))
    setState(c, 'error')
  }
}

/** Draw a chart into a card; empty when the spec has no data rows. Call again to redraw. */
export function fillChart<T>(c: Card, load: () => Promise<T>, spec: (data: T) => TopLevelSpec, zoom?: number): Promise<void> {
  c.el.classList.add('chart-card')
  return fill(
    c,
    async () => spec(await load()),
    async (s, body) => {
      await drawChart(body.appendChild(h('div', { class: 'chart-box' })), s, zoom)
    },
    (s) => specRows(s).length === 0,
  )
}

/** A card holding one chart. */
export function chartCard<T>(parent: HTMLElement, o: CardOptions, load: () => Promise<T>, spec: (data: T) => TopLevelSpec): Promise<void> {
  return fillChart(card(parent, o), load, spec, o.zoom)
}

/**
 * "Unduh CSV": the card's endpoint again as CSV (the session's cookie, as
 * every call), saved as `pantau-<page>-<card>-<date>.csv`. Indonesian
 * spreadsheets get `;` and decimal commas, English ones `,`.
 */
function csvButton(title: string, id: string, src: CsvSource): HTMLElement {
  const status = h('span', { class: 'csv-status', role: 'status', 'aria-live': 'polite' })
  const button = h(
    'button',
    { type: 'button', class: 'btn small csv-download', 'data-csv': src.path, 'aria-label': tr('ui.csv.download_label', { title }) },
    tr('ui.csv.download'),
  ) as HTMLButtonElement
  button.addEventListener('click', async () => {
    button.disabled = true
    status.textContent = tr('ui.csv.downloading')
    try {
      const params: Params = { ...src.params, format: 'csv', table: src.table, sep: getLang() === 'id' ? 'semicolon' : undefined }
      const blob = await (await request('GET', src.path, { params })).blob()
      const page = location.hash.replace(/^#\/?/, '').split(/[?/]/)[0] || 'beranda'
      const day = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10)
      const href = URL.createObjectURL(blob)
      const a = Object.assign(document.createElement('a'), { href, download: `pantau-${page}-${id}-${day}.csv` })
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(href), 10_000)
      status.textContent = ''
    } catch (e) {
      status.textContent = tr('ui.csv.failed', { detail: (e as Error).message })
    } finally {
      button.disabled = false
    }
  })
  return h('span', { class: 'csv-tools' }, button, status)
}
