/**
 * Headless Debian chromium through playwright-core (never a downloaded
 * browser): a fresh profile per launch, console errors and page errors
 * collected, and helpers to sign in and wait for a dashboards page.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM = process.env.PANTAU_CHROMIUM ?? '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface Chromium {
  browser: BrowserContext
  /** Console errors and uncaught page errors seen so far, across every page. */
  errors: string[]
  newPage(viewport?: { width: number; height: number }): Promise<Page>
  close(): Promise<void>
}

export async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'pantau-chromium-'))
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1366, height: 768 },
    locale: 'id-ID',
    timezoneId: 'UTC',
  })
  const errors: string[] = []
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`)
    })
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
  }
  browser.pages().forEach(watch)
  browser.on('page', watch)
  return {
    browser,
    errors,
    async newPage(viewport) {
      const page = browser.pages().find((p) => p.url() === 'about:blank') ?? (await browser.newPage())
      if (viewport) await page.setViewportSize(viewport)
      return page
    },
    async close() {
      await browser.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Wait until the page's cards have all settled (body[data-page-state=ready]). */
export async function pageReady(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.pageState === 'ready', undefined, { timeout, polling: 50 })
}

/**
 * Sign in through the form (the token is exchanged for an HttpOnly session
 * cookie, shared by every page of the browser; any earlier session is
 * dropped first) and wait for the first page.
 */
export async function signIn(page: Page, base: string, token: string, hash = ''): Promise<void> {
  await page.context().clearCookies()
  await page.goto('about:blank') // a fresh load, not a same-document hash change on a page still signed in
  await page.goto(`${base}/${hash}`)
  await page.fill('#token', token)
  await page.click('form button[type=submit]')
  await pageReady(page)
}

export interface CardState {
  card: string | null
  state: string | null
  rows: number | null
  marks: number
}

/** Every card of the current page: its state, chart data rows and drawn marks. */
export async function cardStates(page: Page): Promise<CardState[]> {
  return page.$$eval('main section.card', (els) =>
    els.map((el) => {
      const box = el.querySelector<HTMLElement>('.chart-box')
      return {
        card: el.getAttribute('data-card'),
        state: el.getAttribute('data-state'),
        rows: box?.dataset.rows ? Number(box.dataset.rows) : null,
        marks: box
          ? box.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line, svg g.role-mark > rect, svg g.role-mark > text, svg g.role-mark > g').length
          : 0,
      }
    }),
  )
}

export type { Browser, Page }
