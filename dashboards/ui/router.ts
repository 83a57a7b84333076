/**
 * Hash routing: `#/page?filters` → one page module rendering into <main>.
 * A navigation aborts the previous render; `body[data-page-state]` is
 * "loading" until every card of the page settled, then "ready". Auto refresh
 * re-renders the current route in place.
 */
import { get, type Params } from './api-client.js'
import { disposeCharts } from './components/chart.js'
import { clear, h } from './dom.js'
import { tr } from './i18n.js'
import { parseHash, scopeParams, toHash, type Filters, type Route } from './state.js'
import type { Endpoint, Endpoints } from './types.js'

export interface PageCtx {
  route: Route
  f: Filters
  main: HTMLElement
  signal: AbortSignal
  /** GET a `/v1/…` endpoint's `data` (typed by its path), shared by the cards of one render. */
  data<P extends Endpoint>(path: P, params?: Params): Promise<Endpoints[P]>
  /** Range plus the instansi/API filters that are set. */
  params(scope?: { instansi?: boolean; api?: boolean }): Record<string, string>
  href(page: string, patch?: Partial<Filters>, extra?: Record<string, string | undefined>): string
  heading(title: string, sub?: string): void
}

export interface Page {
  id: string
  /** Dictionary key of the page name. */
  title: string
  /** Listed in the main navigation. */
  nav: boolean
  render(ctx: PageCtx): Promise<void>
}

export interface RouterHooks {
  /** Called before a page renders (the shell updates navigation and filters). */
  before(route: Route, page: Page): void
  /** Called when a page has rendered. */
  after(route: Route, page: Page): void
}

export class Router {
  private controller?: AbortController
  private timer?: ReturnType<typeof setTimeout>
  /** Set by the filter bar so focus stays on the control that changed. */
  keepFocus = false
  /** The first render leaves focus alone: the skip link stays the first stop. */
  private first = true

  constructor(
    private pages: Page[],
    private main: HTMLElement,
    private hooks: RouterHooks,
  ) {}

  start(): void {
    window.addEventListener('hashchange', this.onHash)
    void this.render(false)
  }

  stop(): void {
    window.removeEventListener('hashchange', this.onHash)
    clearTimeout(this.timer)
    this.controller?.abort()
    disposeCharts()
  }

  private onHash = () => void this.render(false)

  /** Re-render the current route (auto refresh, language switch). */
  refresh(): Promise<void> {
    return this.render(true)
  }

  private async render(soft: boolean): Promise<void> {
    clearTimeout(this.timer)
    this.controller?.abort()
    const controller = new AbortController()
    this.controller = controller
    const route = parseHash(location.hash)
    const page = this.pages.find((p) => p.id === route.page) ?? this.pages[0]
    const scrollY = window.scrollY
    document.body.dataset.pageState = 'loading'
    this.hooks.before(route, page)
    disposeCharts()
    if (soft) this.main.style.minHeight = `${this.main.offsetHeight}px`
    clear(this.main)
    const memo = new Map<string, Promise<unknown>>()
    const ctx: PageCtx = {
      route,
      f: route.filters,
      main: this.main,
      signal: controller.signal,
      data: <P extends Endpoint>(path: P, params: Params = {}) => {
        const key = `${path}?${JSON.stringify(params)}`
        if (!memo.has(key)) {
          const p = get<Endpoints[P]>(path, params, controller.signal).then((r) => r.data)
          memo.set(key, p)
          p.catch(() => memo.delete(key)) // a retry asks again
        }
        return memo.get(key) as Promise<Endpoints[P]>
      },
      params: (scope) => scopeParams(route.filters, scope),
      href: (id, patch = {}, extra = {}) => toHash(id, { ...route.filters, ...patch }, extra),
      heading: (title, sub) => {
        document.title = `${title} · ${tr('app.name')}`
        this.main.prepend(h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: -1 }, title), sub ? h('p', { class: 'page-sub' }, sub) : null))
      },
    }
    try {
      await page.render(ctx)
    } catch (e) {
      if (controller.signal.aborted) return
      this.main.append(h('div', { class: 'state error', role: 'alert' }, tr('ui.state.error'), ' ', (e as Error).message))
    }
    if (controller.signal.aborted) return
    this.main.style.minHeight = ''
    if (soft) window.scrollTo(0, scrollY)
    else if (!this.keepFocus && !this.first) document.getElementById('page-title')?.focus({ preventScroll: true })
    this.keepFocus = false
    this.first = false
    document.body.dataset.pageState = 'ready'
    performance.mark('pantau:ready', { detail: route.page })
    this.hooks.after(route, page)
    if (route.filters.refresh > 0) this.timer = setTimeout(() => void this.render(true), route.filters.refresh * 1000)
  }
}
