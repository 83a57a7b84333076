/** The signed-in frame: skip link, header with navigation and language switch, filter bar, <main>, status line. */
import { h } from '../dom.js'
import { getLang, tr, when } from '../i18n.js'
import type { Page } from '../router.js'
import { toHash, type Route } from '../state.js'
import { FilterBar } from './filters.js'

export interface ShellActions {
  switchLang(): void
  signOut(): void
  navigate(hash: string): void
}

export class Shell {
  readonly main: HTMLElement
  readonly filters: FilterBar
  private links = new Map<string, HTMLAnchorElement>()
  private status: HTMLElement

  constructor(root: HTMLElement, pages: Page[], actions: ShellActions) {
    this.main = h('main', { id: 'main', tabindex: -1 })
    this.filters = new FilterBar(actions.navigate)
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' })
    const nav = h(
      'nav',
      { class: 'nav', 'aria-label': tr('ui.nav.label') },
      h(
        'ul',
        {},
        pages.filter((p) => p.nav).map((p) => h('li', {}, this.link(p))),
      ),
    )
    const other = getLang() === 'id' ? 'en' : 'id'
    root.replaceChildren(
      h('a', { class: 'skip-link', href: '#main', onclick: (e: Event) => (e.preventDefault(), this.main.focus()) }, tr('ui.skip')),
      h(
        'header',
        { class: 'top' },
        h(
          'div',
          { class: 'brand' },
          h('span', { class: 'logo', 'aria-hidden': 'true' }, 'P'),
          h('span', {}, h('strong', {}, tr('app.name')), h('span', { class: 'tagline' }, tr('app.tagline'))),
        ),
        h(
          'div',
          { class: 'top-actions' },
          h(
            'button',
            { type: 'button', class: 'btn ghost', lang: other, 'data-action': 'lang', onclick: actions.switchLang },
            tr(`ui.lang.switch_to_${other}`),
          ),
          h('button', { type: 'button', class: 'btn ghost', 'data-action': 'signout', onclick: actions.signOut }, tr('ui.signout')),
        ),
        nav,
      ),
      h('div', { class: 'filter-wrap' }, this.filters.el),
      this.main,
      h('footer', { class: 'foot' }, this.status, h('p', {}, tr('ui.footer.wib'))),
    )
  }

  private link(p: Page): HTMLAnchorElement {
    const a = h('a', { href: `#/${p.id}`, 'data-page': p.id }, tr(p.title))
    this.links.set(p.id, a)
    return a
  }

  /** Before a page renders: mark the current page, keep the filters in the nav links, show the filters. */
  before(route: Route): void {
    const current = route.page === 'insiden' ? 'api' : route.page
    for (const [id, a] of this.links) {
      a.href = toHash(id, route.filters)
      if (id === current) a.setAttribute('aria-current', 'page')
      else a.removeAttribute('aria-current')
    }
    this.filters.update(route)
    this.status.textContent = tr('ui.state.loading')
  }

  after(): void {
    this.status.textContent = tr('ui.updated', { when: when(Date.now()) })
  }
}
