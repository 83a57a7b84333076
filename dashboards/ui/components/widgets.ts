/** Small building blocks: headline tiles, accessible tables, links, breadcrumbs, badges. */
import { h, type Child } from '../dom.js'
import { num, tr } from '../i18n.js'

export interface Tile {
  label: string
  value: string
  /** The number behind the value (tests compare it). */
  raw?: number
  sub?: string
  tone?: 'ok' | 'warn' | 'bad'
  id?: string
}

export function tiles(items: Tile[]): HTMLElement {
  return h(
    'dl',
    { class: 'tiles' },
    items.map((t) =>
      h(
        'div',
        { class: `tile${t.tone ? ` tone-${t.tone}` : ''}${t.raw === undefined ? ' text' : ''}`, 'data-tile': t.id ?? null, 'data-value': t.raw ?? null },
        h('dt', {}, t.label),
        h('dd', {}, h('span', { class: 'value' }, t.value), t.sub ? h('span', { class: 'sub' }, t.sub) : null),
      ),
    ),
  )
}

export interface Column<R> {
  label: string
  value: (row: R) => Child
  num?: boolean
}

/** A table with a caption (visually hidden) in a keyboard-scrollable region; shows at most `limit` rows. */
export function table<R>(caption: string, columns: Column<R>[], rows: R[], limit = 25): HTMLElement {
  const shown = rows.slice(0, limit)
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h(
      'table',
      {},
      h('caption', { class: 'sr-only' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)),
        ),
      ),
      h(
        'tbody',
        {},
        shown.map((r) =>
          h(
            'tr',
            {},
            columns.map((c) => h('td', { class: c.num ? 'num' : null }, c.value(r))),
          ),
        ),
      ),
    ),
    rows.length > limit ? h('p', { class: 'table-more' }, tr('ui.table.more', { shown: num(shown.length), total: num(rows.length) })) : null,
  )
}

export const link = (text: string, href: string) => h('a', { href }, text)

export function crumbs(items: Array<{ label: string; href?: string }>): HTMLElement {
  return h(
    'nav',
    { class: 'crumbs', 'aria-label': tr('ui.crumbs') },
    h(
      'ol',
      {},
      items.map((c, i) => h('li', {}, c.href && i < items.length - 1 ? link(c.label, c.href) : h('span', { 'aria-current': 'page' }, c.label))),
    ),
  )
}

export function badge(text: string, tone: 'ok' | 'warn' | 'bad' | 'muted' | 'bronze' | 'silver' | 'gold' | 'none' = 'muted'): HTMLElement {
  return h('span', { class: `badge ${tone}` }, text)
}

/** A tone for a percentage against a target. */
export function toneOf(value: number | null | undefined, good: number, warn: number): Tile['tone'] {
  if (value === null || value === undefined) return undefined
  return value >= good ? 'ok' : value >= warn ? 'warn' : 'bad'
}

export function grid(parent: HTMLElement, cls = 'grid'): HTMLElement {
  return parent.appendChild(h('div', { class: cls }))
}
