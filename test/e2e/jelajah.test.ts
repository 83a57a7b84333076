/**
 * From an alert to the requests behind it, in Chromium: planted 5xx traffic
 * makes an error-rate rule fire, the webhook receiver gets the alert, and its
 * generatorURL — opened in the browser under PANTAU_PUBLIC_URL — shows
 * Jelajah with exactly the planted failing requests (the count and the rows),
 * each with its detail and the record as the gateway sent it, redacted.
 * Dragging across the histogram narrows the time range; paging reaches every
 * one of 2,500 planted requests exactly once; the alert's second link opens
 * the silence form prefilled with its labels and creates the silence; the
 * other pages link their buckets, incidents and consumers into Jelajah.
 * Screenshots go to artifacts/screenshots/ (README's tour shows them).
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../scripts/process.js'
import { launchChromium, pageReady, signIn, type Chromium, type Page } from '../../scripts/browser.js'
import { type HttpSink, instansiWithApi, plant, type PlantedEvent, startHttpSink, waitFor } from '../support/alerting.js'
import { startTestStack, type TestStack } from '../support/stack.js'

const SHOTS = 'artifacts/screenshots'
const I = 'kota-jelajah'
const FAILING = 37
const LARGE = 2500

let stack: TestStack
let sink: HttpSink
let chromium: Chromium
let page: Page
let apiId: string
let bigApiId: string
let alert: { generatorURL: string; labels: Record<string, string>; fingerprint: string }
const start = Date.now()

/** Rows of the Jelajah table: their event ids, in order. */
const rowIds = () => page.$$eval('[data-card=events] tbody tr[data-event-id]', (trs) => trs.map((tr) => tr.getAttribute('data-event-id')!))

async function open(hash: string): Promise<void> {
  await page.goto(`${stack.api}/${hash}`)
  await pageReady(page)
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  const port = await freePort()
  stack = await startTestStack({
    PANTAU_API_PORT: String(port),
    PANTAU_PUBLIC_URL: `http://127.0.0.1:${port}`,
    PANTAU_ALERT_ENABLED: 'false',
    PANTAU_ALERT_GROUP_WAIT_S: '0',
    PANTAU_SPOOL_FSYNC: 'false',
  })
  sink = await startHttpSink()
  ;({ apiId } = await instansiWithApi(stack, I, '/layanan/v1'))
  const big = await stack.call('POST', '/v1/registry/apis', { instansi: I, name: 'Layanan Besar', base_path: '/besar/v1' })
  bigApiId = big.body.data.id
  await stack.collector!.registry.refresh()
  const token = await stack.gateway(I, { kind: 'kota' })
  const now = Date.now()
  // the failing requests, healthy ones beside them (the same API and window), and 4xx that are not the cause
  const failing: PlantedEvent[] = Array.from({ length: FAILING }, (_, i) => ({
    ts: now - 1000 - i * 4000,
    status: i % 3 ? 503 : 500,
    endpoint: `/layanan/v1/gagal/${i}`,
  }))
  const healthy: PlantedEvent[] = Array.from({ length: 60 }, (_, i) => ({ ts: now - 500 - i * 3000, status: i % 10 ? 200 : 404 }))
  await plant(stack, token, '/layanan/v1', [...failing, ...healthy])
  // the larger set: 2,500 healthy requests of another API over the last two hours
  await plant(
    stack,
    token,
    '/besar/v1',
    Array.from({ length: LARGE }, (_, i) => ({ ts: now - 2000 - i * 2800, status: 200, endpoint: `/besar/v1/data/${i}?token=rahasia-${i}` })),
  )
  const rule = await stack.call('POST', '/v1/alerts/rules', {
    instansi: I,
    name: 'Galat 5xx',
    kind: 'error_rate',
    api_id: apiId,
    threshold: 0.1,
    window_min: 5,
  })
  expect(rule.status).toBe(201)
  const receiver = await stack.call('POST', '/v1/alerts/receivers', { instansi: I, name: 'Webhook SRE', kind: 'webhook', url: sink.url })
  expect(receiver.status).toBe(201)
  chromium = await launchChromium()
  page = await chromium.newPage({ width: 1366, height: 900 })
}, 180_000)

afterAll(async () => {
  await chromium?.close()
  await sink?.close()
  await stack?.stop()
})

describe('an alert lands on its cause', () => {
  it('the rule fires for the planted 5xx and the webhook receives it with a generatorURL into Jelajah', async () => {
    const evaluated = await stack.call('POST', '/v1/alerts/evaluate')
    expect(evaluated.body.data.firing).toBe(1)
    const delivered = await waitFor(() => sink.delivered()[0])
    alert = delivered.body.alerts[0]
    expect(alert.labels).toMatchObject({ alertname: 'ApiErrorRateHigh', instansi: I, api_id: apiId })
    const url = new URL(alert.generatorURL)
    expect(url.origin).toBe(stack.api)
    expect(url.hash.startsWith('#/jelajah?')).toBe(true)
    const q = new URLSearchParams(url.hash.slice('#/jelajah?'.length))
    expect(Object.fromEntries(q)).toMatchObject({ instansi: I, api: apiId, status_class: '5xx' })
    expect(Date.parse(q.get('start')!)).toBeLessThan(start - 4000 * FAILING)
  })

  it('its generatorURL opened in Chromium shows exactly the planted failing requests', async () => {
    const hash = alert.generatorURL.slice(alert.generatorURL.indexOf('#'))
    await signIn(page, stack.api, stack.adminToken, hash)
    await page.waitForFunction(() => location.hash.startsWith('#/jelajah'))
    await pageReady(page)
    expect(await page.textContent('h1')).toBe('Jelajah')
    expect(await page.getAttribute('nav.nav a[data-page=jelajah]', 'aria-current')).toBe('page')
    expect(Number(await page.getAttribute('.events-total', 'data-total'))).toBe(FAILING)
    const ids = await rowIds()
    expect(ids).toHaveLength(FAILING)
    expect(await page.getAttribute('[data-card=events]', 'data-complete')).toBe('true')
    // the same rows the API lists for the alert's scope, and those are the planted ones
    const q = new URL(alert.generatorURL).hash.split('?')[1]!
    const listed = await stack.call('GET', `/v1/events?${q.replace('start=', 'from=')}&limit=1000`)
    expect(ids).toEqual(listed.body.data.map((r: any) => r.event_id))
    expect(listed.body.data.map((r: any) => r.path).sort()).toEqual(Array.from({ length: FAILING }, (_, i) => `/layanan/v1/gagal/${i}`).sort())
    const statuses = await page.$$eval('[data-card=events] tbody tr td:nth-child(6)', (tds) => tds.map((td) => Number(td.textContent)))
    expect(statuses.every((s) => s === 500 || s === 503)).toBe(true)
    // the histogram above counts the same requests, all 5xx
    expect(await page.getAttribute('[data-card=histogram]', 'data-state')).toBe('ready')
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: `${SHOTS}/15-jelajah.png`, fullPage: true })
  })

  it('a row opens every field and the record as the gateway sent it', async () => {
    const first = (await rowIds())[0]!
    await page.click(`[data-card=events] tr[data-event-id="${first}"] td:nth-child(5)`)
    await page.waitForSelector('[data-card=event-detail][data-state=ready]')
    expect(await page.getAttribute(`tr[data-event-id="${first}"]`, 'aria-selected')).toBe('true')
    expect(await page.textContent('[data-card=event-detail] [data-field=event_id] dd')).toBe(first)
    for (const f of [
      'ts',
      'instansi',
      'gateway_id',
      'api_id',
      'method',
      'path',
      'status',
      'latency_ms',
      'user_hash',
      'request_id',
      'source_format',
      'ingested_at',
    ])
      expect(await page.$(`[data-card=event-detail] [data-field=${f}]`), f).not.toBeNull()
    const raw = JSON.parse((await page.textContent('[data-card=event-detail] pre[data-raw=kept]'))!)
    expect(raw.endpoint).toMatch(/^\/layanan\/v1\/gagal\/\d+$/)
    expect(raw.statusCode).toBeGreaterThanOrEqual(500)
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: `${SHOTS}/16-jelajah-detail.png`, fullPage: true })
  })

  it('dragging across the histogram narrows the time range', async () => {
    const box = (await page.$('[data-card=histogram] .chart-box svg'))!
    await box.scrollIntoViewIfNeeded()
    const r = (await box.boundingBox())!
    const before = await rowIds()
    const y = r.y + r.height * 0.45
    await page.mouse.move(r.x + r.width * 0.35, y)
    await page.mouse.down()
    await page.mouse.move(r.x + r.width * 0.95, y, { steps: 12 })
    await page.mouse.up()
    await page.waitForFunction(() => location.hash.includes('end='))
    await pageReady(page)
    const q = new URLSearchParams(new URL(page.url()).hash.split('?')[1])
    const [from, to] = [Date.parse(q.get('start')!), Date.parse(q.get('end')!)]
    expect(to).toBeGreaterThan(from)
    expect(q.get('status_class')).toBe('5xx')
    const after = await rowIds()
    expect(after.length).toBeGreaterThan(0)
    expect(after.length).toBeLessThanOrEqual(before.length)
    expect(after.every((id) => before.includes(id))).toBe(true)
    expect(Number(await page.getAttribute('.events-total', 'data-total'))).toBe(after.length)
    expect(await page.$('.range-note')).not.toBeNull()
  })

  it('the second link opens the silence form prefilled with the labels and creates the silence', async () => {
    const listed = await stack.call('GET', `/v1/alerts?fingerprint=${alert.fingerprint}`)
    const link = listed.body.data[0].links.silence as string
    expect(sink.delivered()[0]!.body.alerts[0].fingerprint).toBe(alert.fingerprint)
    await open(link)
    const names = await page.$$eval('[data-card=silence-form] input[type=checkbox]', (els) =>
      els.map((e) => `${e.getAttribute('data-name')}=${e.getAttribute('data-value')}`),
    )
    expect(names.sort()).toEqual(
      Object.entries(alert.labels)
        .map(([k, v]) => `${k}=${v}`)
        .sort(),
    )
    await page.fill('#sf-comment', 'Perbaikan basis data')
    await page.screenshot({ path: `${SHOTS}/17-sla-silence.png`, fullPage: true })
    await page.click('[data-action=create-silence]')
    await page.waitForFunction(() => location.hash.includes('silenced='))
    await pageReady(page)
    const silences = (await stack.call('GET', `/v1/silences?instansi=${I}`)).body.data
    expect(silences).toHaveLength(1)
    expect(silences[0]).toMatchObject({ instansi: I, comment: 'Perbaikan basis data' })
    expect(Object.fromEntries(silences[0].matchers.map((m: any) => [m.name, m.value]))).toEqual(alert.labels)
    // the alert, now silenced, still links to its requests
    expect(await page.getAttribute('[data-card=alerts] tbody tr a[href^="#/jelajah"]', 'href')).toBe(listed.body.data[0].links.explore)
  })
})

describe('paging and links', () => {
  it(`paging reaches every one of ${LARGE.toLocaleString('en-US')} requests exactly once`, async () => {
    await open(`#/jelajah?period=24h&instansi=${I}&api=${encodeURIComponent(bigApiId)}`)
    expect(Number(await page.getAttribute('.events-total', 'data-total'))).toBe(LARGE)
    while (!(await page.$('[data-card=events][data-complete=true]'))) {
      const n = (await rowIds()).length
      await page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-action=more]:not([disabled])')?.click())
      await page.waitForFunction(
        (count) =>
          document.querySelectorAll('[data-card=events] tbody tr').length > count || !!document.querySelector('[data-card=events][data-complete=true]'),
        n,
      )
    }
    const ids = await rowIds()
    expect(ids).toHaveLength(LARGE)
    expect(new Set(ids).size).toBe(LARGE)
    expect(await page.textContent('[data-card=events] .table-more')).toBe('Semua permintaan sudah ditampilkan.')
  })

  it("other pages' chart buckets and bars lead to their requests in Jelajah", async () => {
    const api = `#/api?period=24h&instansi=${I}&api=${encodeURIComponent(apiId)}`
    const total = () => page.getAttribute('.events-total', 'data-total').then(Number)
    const query = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1])
    // the last bucket of the traffic chart (the planted minutes) opens its requests
    await open(api)
    await page.locator('[data-card=traffic] svg g.mark-rect.role-mark path').last().click()
    await page.waitForFunction(() => location.hash.startsWith('#/jelajah'))
    await pageReady(page)
    let q = query()
    expect(q.get('api')).toBe(apiId)
    expect(Date.parse(q.get('end')!) - Date.parse(q.get('start')!)).toBe(15 * 60e3)
    const inBucket = await stack.call('GET', `/v1/events?api=${apiId}&from=${q.get('start')}&to=${q.get('end')}&limit=1`)
    expect(await total()).toBe(inBucket.body.pagination.total)
    expect(await total()).toBeGreaterThan(0)
    // a bar of the status codes chart: the requests with its code
    await open(api)
    await page.locator('[data-card=status-codes] svg g.mark-rect.role-mark path[aria-label*="503"]').click()
    await page.waitForFunction(() => location.hash.startsWith('#/jelajah'))
    await pageReady(page)
    expect(query().get('status')).toBe('503')
    expect(await total()).toBe(FAILING - Math.ceil(FAILING / 3))
    // a source of the security page: its 4xx answers
    await open(`#/keamanan?period=24h&instansi=${I}`)
    await page.locator('[data-card=security-sources] svg g.mark-rect.role-mark path[aria-label*="404"]').click()
    await page.waitForFunction(() => location.hash.startsWith('#/jelajah'))
    await pageReady(page)
    q = query()
    expect(Object.fromEntries(q)).toMatchObject({ client_address: '10.1.2.3', status_class: '4xx', instansi: I })
    expect(await total()).toBe(6)
  })

  it('logged no console errors', () => {
    expect(chromium.errors).toEqual([])
  })
})
