/**
 * Pieces of the Jelajah page: the filter form (its values are the hash
 * parameters of explore.ts; applying it navigates), one table row per
 * request, and the detail of one request — every normalized field, and the
 * record as the gateway sent it (redacted) while it is kept.
 */
import type { GatewayRow } from '../api-client.js'
import { h } from '../dom.js'
import { EXPLORE_KEYS } from '../explore.js'
import { ms, tr, when, whenMs } from '../i18n.js'
import type { PageCtx } from '../router.js'
import type { EventDetail, EventRow } from '../types.js'
import { badge } from '../components/widgets.js'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']
const FORMATS = ['kong', 'apisix', 'wso2', 'nginx', 'envoy', 'pasal13', 'otlp_logs', 'otlp_traces']
const STATUS = /^(?:[1-5]\d\d|[2-5]xx)$/i

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  control.id = id
  return h('div', { class: 'field' }, h('label', { for: id }, label), control)
}

function select(name: string, current: string | undefined, any: string, options: Array<[string, string]>): HTMLSelectElement {
  const el = h('select', { name }, h('option', { value: '' }, any), ...options.map(([v, text]) => h('option', { value: v }, text)))
  if (current && !options.some(([v]) => v === current)) el.append(h('option', { value: current }, current))
  el.value = current ?? ''
  return el
}

const input = (name: string, current: string | undefined, attrs: Record<string, string> = {}) => h('input', { name, value: current ?? '', ...attrs })

/** The filter form; applying it keeps the time range and replaces the other filters. */
export function filterForm(ctx: PageCtx, gateways: GatewayRow[]): HTMLFormElement {
  const x = ctx.route.extra
  const inScope = gateways.filter((g) => !ctx.f.instansi || g.instansi === ctx.f.instansi)
  const status = input('status', x.status_class ?? x.status, { inputmode: 'text', autocomplete: 'off', size: '6' })
  const form = h(
    'form',
    { class: 'filters explore-filters', 'aria-label': tr('ui.card.explore_filters') },
    field(
      'j-gateway',
      tr('ui.jelajah.gateway'),
      select(
        'gateway',
        x.gateway,
        tr('ui.jelajah.all_gateways'),
        inScope.map((g) => [g.id, g.name]),
      ),
    ),
    field(
      'j-method',
      tr('ui.jelajah.method'),
      select(
        'method',
        x.method,
        tr('ui.jelajah.any'),
        METHODS.map((m) => [m, m]),
      ),
    ),
    field('j-path', tr('ui.jelajah.path_prefix'), input('path_prefix', x.path_prefix, { placeholder: '/layanan/v1' })),
    field('j-status', tr('ui.jelajah.status'), status),
    field('j-consumer', tr('ui.jelajah.consumer'), input('consumer', x.consumer)),
    field('j-client', tr('ui.jelajah.client_address'), input('client_address', x.client_address)),
    field('j-latency', tr('ui.jelajah.min_latency'), input('min_latency_ms', x.min_latency_ms, { type: 'number', min: '0', step: 'any' })),
    field(
      'j-format',
      tr('ui.jelajah.source_format'),
      select(
        'source_format',
        x.source_format,
        tr('ui.jelajah.any'),
        FORMATS.map((f) => [f, f]),
      ),
    ),
    h('div', { class: 'field-actions' }, h('button', { type: 'submit', class: 'btn primary small', 'data-action': 'apply' }, tr('ui.jelajah.apply'))),
  )
  const go = (values: Record<string, string | undefined>) => {
    location.hash = ctx.href('jelajah', {}, { start: x.start, end: x.end, ...values })
  }
  const reset = h('button', { type: 'button', class: 'btn small', 'data-action': 'reset' }, tr('ui.jelajah.reset'))
  reset.addEventListener('click', () => go({}))
  form.querySelector('.field-actions')?.append(reset)
  status.addEventListener('input', () => status.setCustomValidity(''))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    const data = new FormData(form)
    const value = (k: string) => String(data.get(k) ?? '').trim() || undefined
    const s = value('status')
    if (s && !STATUS.test(s)) {
      status.setCustomValidity(tr('ui.jelajah.bad_status'))
      status.reportValidity()
      return
    }
    const values: Record<string, string | undefined> = {}
    for (const k of EXPLORE_KEYS) if (k !== 'start' && k !== 'end' && k !== 'status' && k !== 'status_class') values[k] = value(k)
    if (s) values[/x/i.test(s) ? 'status_class' : 'status'] = s.toLowerCase()
    go(values)
  })
  return form
}

const STATUS_TONE = (s: number) => (s >= 500 ? 'bad' : s >= 400 ? 'warn' : s >= 300 ? 'muted' : 'ok')

/** One request as a table row; choosing its time (or the row) opens its detail. */
export function eventRow(r: EventRow, instansiName: (code: string) => string, open: (r: EventRow, row: HTMLElement) => void): HTMLTableRowElement {
  const time = whenMs(r.ts)
  const opener = h('button', { type: 'button', class: 'linkish', 'aria-label': tr('ui.jelajah.open', { time }) }, time)
  const row = h(
    'tr',
    { 'data-event-id': r.event_id },
    h('td', { class: 'nowrap' }, opener),
    h('td', {}, instansiName(r.instansi)),
    h('td', {}, r.api_name || r.api_id || '–'),
    h('td', {}, r.method),
    h('td', { class: 'path' }, r.path),
    h('td', { class: 'num' }, badge(String(r.status), STATUS_TONE(r.status))),
    h('td', { class: 'num' }, `${ms(r.latency_ms)} / ${ms(r.backend_latency_ms)}`),
    h('td', {}, r.consumer_id || tr('ui.consumer.anonymous')),
    h('td', {}, r.client_address || '–'),
    h('td', {}, r.tls_version || '–'),
  )
  opener.addEventListener('click', () => open(r, row))
  row.addEventListener('click', (e) => {
    if (!(e.target as Element).closest('button, a')) open(r, row)
  })
  return row
}

/** The column headers of eventRow. */
export function eventHeaders(): HTMLElement {
  const cols: Array<[string, boolean]> = [
    [tr('ui.jelajah.col.time'), false],
    [tr('metric.instansi'), false],
    [tr('metric.apis'), false],
    [tr('ui.jelajah.col.method'), false],
    [tr('ui.jelajah.col.path'), false],
    [tr('ui.col.status'), true],
    [tr('ui.jelajah.col.latency'), true],
    [tr('ui.col.consumer'), false],
    [tr('ui.jelajah.col.client'), false],
    [tr('ui.jelajah.col.tls'), false],
  ]
  return h(
    'thead',
    {},
    h(
      'tr',
      {},
      cols.map(([label, numeric]) => h('th', { scope: 'col', class: numeric ? 'num' : null }, label)),
    ),
  )
}

const TIMES = new Set(['ts', 'ingested_at'])

/** Every field of one request, then its raw record (pretty-printed JSON when it parses). */
export function detailView(e: EventDetail): HTMLElement {
  const { raw_record, ...fields } = e
  const value = (k: string, v: unknown) => {
    if (v === null || v === '') return '–'
    if (TIMES.has(k)) return `${whenMs(String(v))} (${String(v)})`
    if (typeof v === 'number') return k.endsWith('_ms') ? ms(v) : String(v)
    return String(v)
  }
  let raw: HTMLElement = h('p', { class: 'hint', 'data-raw': 'gone' }, tr('ui.jelajah.raw_gone'))
  if (raw_record !== null) {
    let text = raw_record
    try {
      text = JSON.stringify(JSON.parse(raw_record), null, 2)
    } catch {
      /* a record that was not JSON (a log line) is shown as it came */
    }
    raw = h('pre', { class: 'raw-record', 'data-raw': 'kept', tabindex: 0 }, text)
  }
  return h(
    'div',
    { class: 'event-detail' },
    h('h3', {}, tr('ui.jelajah.fields')),
    h(
      'dl',
      { class: 'fields' },
      Object.entries(fields).map(([k, v]) => h('div', { 'data-field': k }, h('dt', {}, k), h('dd', {}, value(k, v)))),
    ),
    h('h3', {}, tr('ui.jelajah.raw')),
    raw,
  )
}

/** "Rentang waktu: …" above the page when the hash names a time range, with the way back to the period. */
export function rangeNote(ctx: PageCtx): HTMLElement | null {
  const { start, end } = ctx.route.extra
  if (!start) return null
  const text = end ? tr('ui.jelajah.range', { from: when(start), to: when(end) }) : tr('ui.jelajah.range_open', { from: when(start) })
  const back = h('a', { href: ctx.href('jelajah', {}, { ...ctx.route.extra, start: undefined, end: undefined }) }, tr('ui.jelajah.clear_range'))
  return h('p', { class: 'range-note', 'data-range': `${start}/${end ?? ''}` }, `${text} · `, back)
}
