/**
 * The web UI end to end: a small deterministic demo (60k events over 30 days)
 * seeded into a test stack, Debian's chromium driving the pages headless.
 * Every page renders its charts with data, a filter change redraws them,
 * drill-down goes Nasional → Instansi → API → incident, the English switch
 * works, the page is keyboard accessible, and the console stays clean.
 * Screenshots go to artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo, type DemoSummary } from '../../scripts/demo/seed.js'
import { cardStates, launchChromium, pageReady, signIn, type Chromium, type Page } from '../../scripts/browser.js'
import { startTestStack, type TestStack } from '../support/stack.js'

const EVENTS = 60_000
const SEED = 'dashboards-e2e'
const SHOTS = 'artifacts/screenshots'
const LAPTOP = { width: 1366, height: 768 }
const TABLET = { width: 768, height: 1024 }

let stack: TestStack
let summary: DemoSummary
let chromium: Chromium
let page: Page

/** Open a route and wait until every card settled. */
async function open(hash: string): Promise<void> {
  await page.goto(`${stack.api}/${hash}`)
  await page.waitForFunction((h) => location.hash === h, hash)
  await pageReady(page)
}

async function shot(name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

const tile = (id: string) => page.getAttribute(`[data-tile=${id}]`, 'data-value').then(Number)
const digest = (card: string) => page.getAttribute(`[data-card=${card}] .chart-box`, 'data-digest')

/** Every chart card drew marks from data rows; no card failed; the named cards may be empty. */
async function expectCharts(where: string, mayBeEmpty: string[] = []): Promise<void> {
  const cards = await cardStates(page)
  expect(cards.length, where).toBeGreaterThan(0)
  for (const c of cards) {
    expect(c.state, `${where} ${c.card}`).not.toBe('error')
    if (mayBeEmpty.includes(c.card ?? '')) continue
    expect(c.state, `${where} ${c.card}`).toBe('ready')
    if (c.rows !== null) {
      expect(c.rows, `${where} ${c.card} rows`).toBeGreaterThan(0)
      expect(c.marks, `${where} ${c.card} marks`).toBeGreaterThan(0)
    }
  }
  expect(cards.filter((c) => c.rows !== null).length, `${where}: charts`).toBeGreaterThan(0)
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  stack = await startTestStack({ PANTAU_SPOOL_FSYNC: 'false' })
  summary = await seedDemo({
    apiUrl: stack.api,
    ingestUrl: stack.ingest,
    adminToken: stack.adminToken,
    events: EVENTS,
    // The same seed every run; the window ends now so the period presets cover it.
    endMs: Math.floor(Date.now() / 60_000) * 60_000,
    seed: SEED,
    log: () => undefined,
    refreshRegistry: () => stack.collector!.registry.refresh(),
  })
  await stack.flushed()
  // SLOs and a silence, so the SLA page has something of its own to show.
  const { outage } = summary.scenarios
  for (const sli of ['availability', 'latency'])
    expect((await stack.call('POST', '/v1/slos', { instansi: outage.instansi, api_id: outage.apiId, sli })).status).toBe(201)
  const ends_at = new Date(Date.now() + 86400e3).toISOString()
  expect((await stack.call('POST', '/v1/silences', { matchers: [{ name: 'alertname', value: 'GatewaySilent' }], ends_at, comment: 'e2e' })).status).toBe(201)
  chromium = await launchChromium()
  page = await chromium.newPage(LAPTOP)
}, 180_000)

afterAll(async () => {
  await chromium?.close()
  await stack?.stop()
})

describe('dashboards in chromium', () => {
  it('sign-in rejects an unknown token and accepts the admin token', async () => {
    await page.goto(`${stack.api}/#/nasional?period=30d`)
    await page.fill('#token', 'not-a-real-token-0000')
    await page.click('form button[type=submit]')
    await page.waitForFunction(() => document.getElementById('signin-error')?.textContent !== '')
    expect(await page.textContent('#signin-error')).toContain('Token tidak dikenal')
    expect(await page.getAttribute('#token', 'aria-invalid')).toBe('true')
    await shot('00-signin-error')
    await signIn(page, stack.api, stack.adminToken, '#/nasional?period=30d')
    // the browser holds an HttpOnly session cookie, never the token
    const [cookie] = await page.context().cookies(stack.api)
    expect(cookie).toMatchObject({ name: 'pantau_session', httpOnly: true, sameSite: 'Lax' })
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(stack.adminToken)
  })

  it('Nasional shows the SPLP-style tiles and its charts', async () => {
    await open('#/nasional?period=30d')
    await expectCharts('nasional')
    // now-30d starts a little after the seeded window (seeding took a while): nearly every event is in.
    const requests = await tile('requests')
    expect(requests).toBeLessThanOrEqual(summary.events.accepted)
    expect(requests).toBeGreaterThan(summary.events.accepted * 0.99)
    expect(await tile('instansi')).toBeGreaterThanOrEqual(30)
    expect(await tile('published')).toBeGreaterThan(100)
    expect(await page.textContent('[data-tile=requests] .value')).toBe(requests.toLocaleString('id-ID'))
    await shot('01-nasional')
  })

  it('every page renders its charts with data', async () => {
    const { outage } = summary.scenarios
    const pages: Array<[string, string, string[]]> = [
      ['02-instansi', `#/instansi?period=30d&instansi=${outage.instansi}`, []],
      ['03-api', `#/api?period=30d&instansi=${outage.instansi}&api=${outage.apiId}`, []],
      ['04-keamanan', '#/keamanan?period=30d', []],
      ['05-adopsi', '#/adopsi?period=30d', []],
      ['06-adopsi-instansi', `#/adopsi?period=30d&instansi=${outage.instansi}`, []],
      ['07-kepatuhan', '#/kepatuhan?period=30d', []],
      // Alerts depend on the evaluator's timing; the SLOs and the silence were created above.
      ['08-sla', '#/sla?period=30d', ['alerts']],
      ['09-laporan', '#/laporan?period=30d', ['reports', 'generate']],
    ]
    for (const [name, hash, mayBeEmpty] of pages) {
      await open(hash)
      if (name === '09-laporan') expect((await cardStates(page)).map((c) => c.card)).toEqual(['generate', 'reports'])
      else await expectCharts(name, mayBeEmpty)
      await shot(name)
    }
  })

  it('a period change redraws the charts with other data, and the URL keeps the filter', async () => {
    await open('#/nasional?period=30d')
    const before = { requests: await tile('requests'), traffic: await digest('traffic'), codes: await digest('status-codes') }
    await page.focus('#f-period')
    await page.selectOption('#f-period', '7d')
    await page.waitForFunction(() => !location.hash.includes('period=30d'))
    await pageReady(page)
    const after = { requests: await tile('requests'), traffic: await digest('traffic'), codes: await digest('status-codes') }
    expect(after.requests).toBeGreaterThan(0)
    expect(after.requests).toBeLessThan(before.requests)
    expect(after.traffic).not.toBe(before.traffic)
    expect(after.codes).not.toBe(before.codes)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-period')
    // The same URL in a new tab shows the same view.
    const url = page.url()
    await page.goto('about:blank')
    await page.goto(url)
    await pageReady(page)
    expect(await tile('requests')).toBe(after.requests)
    expect(await page.inputValue('#f-period')).toBe('7d')
  })

  it('takes a custom WIB date range, and an instansi chosen on Nasional opens its page', async () => {
    await open('#/nasional?period=30d')
    const wibDay = (ms: number) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10)
    const [from, to] = [wibDay(Date.now() - 10 * 86400e3), wibDay(Date.now() - 4 * 86400e3)]
    await page.selectOption('#f-period', 'custom')
    await page.fill('#f-from', from)
    await page.fill('#f-to', to)
    await page.click('.custom-range button[type=submit]')
    await page.waitForFunction((f) => location.hash.includes(`from=${f}`), from)
    await pageReady(page)
    expect(page.url()).toContain(`period=custom&from=${from}&to=${to}`)
    const week = await tile('requests')
    expect(week).toBeGreaterThan(0)
    await page.selectOption('#f-instansi', summary.scenarios.outage.instansi)
    await page.waitForFunction(() => location.hash.startsWith('#/instansi'))
    await pageReady(page)
    expect(page.url()).toContain(`instansi=${summary.scenarios.outage.instansi}`)
    expect(page.url()).toContain(`from=${from}`)
    expect(await tile('requests')).toBeLessThan(week)
    await expectCharts('instansi (custom range)')
  })

  it('shows empty states for a period without data and error states for a forbidden instansi', async () => {
    const { outage } = summary.scenarios
    const other = Object.keys(summary.byInstansi).find((code) => code !== outage.instansi)!
    const op = await stack.call('POST', '/v1/admin/tokens', { name: 'Operator e2e', role: 'operator', instansi: outage.instansi })
    expect(op.status).toBe(201)
    const tab = await chromium.newPage(LAPTOP)
    const seen = chromium.errors.length
    try {
      await signIn(tab, stack.api, op.body.data.token, `#/api?period=custom&from=2026-01-01&to=2026-01-31&api=${outage.apiId}`)
      const states = Object.fromEntries((await cardStates(tab)).map((c) => [c.card, c.state]))
      expect(states).toEqual({
        summary: 'ready',
        latency: 'empty',
        'status-codes': 'empty',
        uptime: 'empty',
        traffic: 'empty',
        incidents: 'empty',
        consumers: 'empty',
      })
      await tab.goto(`${stack.api}/#/instansi?period=30d&instansi=${other}`)
      await pageReady(tab)
      const failed = await cardStates(tab)
      expect(failed.every((c) => c.state === 'error')).toBe(true)
      expect(await tab.textContent('[data-card=traffic] [role=alert]')).toContain('may not read')
      expect(await tab.locator('[data-card=traffic] button', { hasText: 'Coba lagi' }).count()).toBe(1)
      await tab.screenshot({ path: `${SHOTS}/14-error-state.png`, fullPage: true })
    } finally {
      await tab.close()
      // the tab's sign-in replaced the browser's session: the admin signs in again
      await signIn(page, stack.api, stack.adminToken, '#/nasional?period=30d')
    }
    // The refused calls are the only console errors of that tab: expected here, not elsewhere.
    const added = chromium.errors.splice(seen)
    expect(added.length).toBeGreaterThan(0)
    expect(
      added.every((e) => e.includes('status of 403')),
      added.join('\n'),
    ).toBe(true)
  })

  it('drills down from Nasional to an instansi, one of its APIs and an incident', async () => {
    const { outage } = summary.scenarios
    await open('#/nasional?period=30d')
    const instansiName = (await stack.call('GET', `/v1/registry/instansi/${outage.instansi}`)).body.data.name as string
    await page.click(`[data-card=instansi-table] a:text-is("${instansiName}")`)
    await page.waitForFunction((code) => location.hash.startsWith('#/instansi') && location.hash.includes(`instansi=${code}`), outage.instansi)
    await pageReady(page)
    expect(await page.textContent('h1')).toBe(instansiName)
    await page.click(`[data-card=api-table] a[href*="api=${encodeURIComponent(outage.apiId)}"]`)
    await page.waitForFunction(() => location.hash.startsWith('#/api'))
    await pageReady(page)
    expect(page.url()).toContain(`api=${encodeURIComponent(outage.apiId)}`)
    await expectCharts('api (drill-down)')
    // The latency card switches between total, backend and gateway latency.
    const total = await digest('latency')
    await page.click('[data-card=latency] button[data-source=gateway_ms]')
    await page.waitForFunction((d) => {
      const box = document.querySelector<HTMLElement>('[data-card=latency][data-state=ready] .chart-box[data-rendered]')
      return box !== null && box.dataset.digest !== d
    }, total)
    expect(await page.getAttribute('[data-card=latency] button[data-source=gateway_ms]', 'aria-pressed')).toBe('true')
    await page.click('[data-card=incidents] tbody tr:first-child a')
    await page.waitForFunction(() => location.hash.startsWith('#/insiden'))
    await pageReady(page)
    const cards = await cardStates(page)
    expect(cards.find((c) => c.card === 'incident')?.state).toBe('ready')
    expect(cards.find((c) => c.card === 'events')?.state).toBe('ready')
    expect(Number(await page.getAttribute('[data-tile=errors]', 'data-value'))).toBeGreaterThan(0)
    await expectCharts('insiden')
    await shot('10-insiden')
    // The breadcrumb leads back up.
    expect(await page.$$eval('.crumbs a', (as) => as.length)).toBe(3)
  })

  it('switches to English and back', async () => {
    await open('#/nasional?period=30d')
    await page.click('[data-action=lang]')
    await pageReady(page)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    expect(await page.textContent('nav.nav a[data-page=nasional]')).toBe('National')
    expect(await page.textContent('[data-card=traffic] h2')).toBe('Request traffic')
    expect(await page.textContent('[data-tile=requests] .value')).toBe((await tile('requests')).toLocaleString('en-GB'))
    await expectCharts('nasional (en)')
    await shot('11-nasional-en')
    await page.click('[data-action=lang]')
    await pageReady(page)
    expect(await page.textContent('nav.nav a[data-page=nasional]')).toBe('Nasional')
  })

  it('is keyboard accessible: skip link first, labelled controls, charts with accessible names', async () => {
    await open('#/nasional?period=30d')
    await page.reload()
    await pageReady(page)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    const unlabelled = await page.$$eval('select, input', (els) =>
      els.filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label')).map((e) => e.id),
    )
    expect(unlabelled).toEqual([])
    const charts = await page.$$eval('.chart-box svg', (svgs) => svgs.map((s) => [s.getAttribute('role'), s.getAttribute('aria-label')]))
    expect(charts.length).toBeGreaterThan(0)
    for (const [role, name] of charts) {
      expect(role).toBe('img')
      expect(name?.length).toBeGreaterThan(10)
    }
    expect(await page.getAttribute('nav.nav a[data-page=nasional]', 'aria-current')).toBe('page')
  })

  it('fits a tablet (768×1024) without horizontal scrolling', async () => {
    await page.setViewportSize(TABLET)
    for (const [name, hash] of [
      ['12-tablet-nasional', '#/nasional?period=30d'],
      ['13-tablet-api', `#/api?period=30d&api=${summary.scenarios.outage.apiId}`],
    ]) {
      await open(hash)
      await expectCharts(name)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(TABLET.width)
      await shot(name)
    }
    await page.setViewportSize(LAPTOP)
  })

  it('logged no console errors on any page', () => {
    expect(chromium.errors).toEqual([])
  })
})
