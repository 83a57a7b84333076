/**
 * The public status page in Chromium, as a citizen opens it: no sign-in, an
 * instansi that opted in shows its overall state, one row of 90 daily bars per
 * published API (a bad day red, days without traffic grey), its incidents and
 * announced maintenance, in Bahasa Indonesia and on a phone; an instansi that has not opted in is a
 * plain "not found". Screenshots go to artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, type Chromium, type Page } from '../../scripts/browser.js'
import { MaintenanceStore } from '../../shared/maintenance/store.js'
import { startTestStack, type TestStack } from '../support/stack.js'

const SHOTS = 'artifacts/screenshots'
const CODE = 'kota-status'
const MIN = 60e3
const DAY = 86400e3

let stack: TestStack
let chromium: Chromium
let page: Page

/** Pasal 13 records, one a minute for `count` minutes from `start`; `bad(m)` minutes answer 503. */
function minutes(base: string, start: number, count: number, bad: (m: number) => boolean = () => false) {
  return Array.from({ length: count }, (_, m) =>
    JSON.stringify({
      timestamp: new Date(start + m * MIN + 3000).toISOString(),
      level: 'INFO',
      service: 'svc',
      requestId: `r-${base}-${start}-${m}`,
      method: 'GET',
      endpoint: `${base}/data`,
      statusCode: bad(m) ? 503 : 200,
      duration: 25,
      message: 'ok',
    }),
  )
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  stack = await startTestStack({ PANTAU_SPOOL_FSYNC: 'false', PANTAU_UPTIME_REFRESH_MS: '0' })
  const token = await stack.gateway(CODE, { kind: 'kota' })
  await stack.gateway('kota-lain', { kind: 'kota' })
  for (const [name, base] of [
    ['Layanan Perizinan Berusaha', '/perizinan/v1'],
    ['Layanan Data Kependudukan', '/kependudukan/v1'],
    ['Layanan Informasi Publik', '/informasi/v1'],
  ]) {
    const r = await stack.call('POST', '/v1/registry/apis', { instansi: CODE, name, base_path: base })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  }
  const put = await stack.call('PUT', `/v1/registry/instansi/${CODE}`, { code: CODE, name: 'Pemerintah Kota Status', kind: 'kota', public_status: true })
  expect(put.status).toBe(200)
  await stack.collector!.registry.refresh()
  const now = Date.now()
  const today = Math.floor((now + 7 * 3600e3) / DAY) * DAY - 7 * 3600e3
  const lines: string[] = []
  // two hours at 09:00 WIB of each of the last 20 days; day 6 of perizinan half down, day 12 of kependudukan a short outage
  for (let d = 1; d <= 20; d++) {
    const start = today - d * DAY + 9 * 3600e3
    lines.push(...minutes('/perizinan/v1', start, 120, (m) => d === 6 && m < 60))
    lines.push(...minutes('/kependudukan/v1', start, 120, (m) => d === 12 && m >= 30 && m < 34))
  }
  // the last half hour: perizinan healthy, kependudukan failing right now
  lines.push(...minutes('/perizinan/v1', now - 30 * MIN, 30))
  lines.push(...minutes('/kependudukan/v1', now - 30 * MIN, 30, (m) => m >= 25))
  const res = await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: lines.join('\n') })
  expect(res.status, await res.text()).toBe(200)
  await stack.flushed()
  // announced work tomorrow night on perizinan
  await new MaintenanceStore(stack.storage!).create(
    { name: 'admin', role: 'admin' },
    {
      instansi: CODE,
      api_id: `${CODE}.layanan-perizinan-berusaha.v1`,
      gateway_id: '',
      starts_at: new Date(today + DAY + 22 * 3600e3).toISOString(),
      ends_at: new Date(today + DAY + 24 * 3600e3).toISOString(),
      reason: 'Pemutakhiran server basis data',
    },
  )
  chromium = await launchChromium()
  page = await chromium.newPage({ width: 1366, height: 900 })
}, 180_000)

afterAll(async () => {
  await chromium?.close()
  await stack?.stop()
})

const barColors = (api: string) => page.$$eval(`section.api[data-api="${api}"] .bars span`, (spans) => spans.map((s) => getComputedStyle(s).backgroundColor))

describe('public status page in chromium', () => {
  it('shows the state, 90 daily bars per published API and the incidents, without signing in', async () => {
    const res = await page.goto(`${stack.api}/status/${CODE}`)
    expect(res?.status()).toBe(200)
    expect(await page.title()).toBe('Status layanan API Pemerintah Kota Status')
    expect(await page.textContent('.banner')).toBe('Sebagian layanan mengalami gangguan')
    const states = await page.$$eval('section.api', (els) => els.map((e) => [e.querySelector('b')!.textContent!.trim(), e.getAttribute('data-state')]))
    expect(states).toEqual([
      ['Layanan Data Kependudukan v1.0.0', 'down'],
      ['Layanan Informasi Publik v1.0.0', 'no_data'],
      ['Layanan Perizinan Berusaha v1.0.0', 'operational'],
    ])
    const perizinan = await barColors(`${CODE}.layanan-perizinan-berusaha.v1`)
    expect(perizinan).toHaveLength(90)
    const grey = 'rgb(208, 208, 208)'
    const green = 'rgb(46, 157, 79)'
    const red = 'rgb(208, 52, 44)'
    // oldest first: 69 days without traffic, then 20 days (day 6 before today half down), then today
    expect(perizinan.slice(0, 69).every((c) => c === grey)).toBe(true)
    expect(perizinan[89 - 6]).toBe(red)
    expect(perizinan.filter((c) => c === green)).toHaveLength(20)
    const informasi = await barColors(`${CODE}.layanan-informasi-publik.v1`)
    expect(new Set(informasi)).toEqual(new Set([grey]))
    const incidents = await page.$$eval('ul.incidents li', (lis) => lis.map((li) => li.textContent ?? ''))
    expect(incidents[0]).toContain('Layanan Data Kependudukan')
    expect(incidents[0]).toContain('masih berlangsung')
    expect(incidents.some((t) => t.includes('Layanan Perizinan Berusaha') && t.includes('(60 menit)'))).toBe(true)
    expect(incidents.some((t) => t.includes('(4 menit)'))).toBe(true)
    const maintenance = await page.$$eval('ul.maintenance li', (lis) => lis.map((li) => [li.getAttribute('data-status'), li.textContent ?? '']))
    expect(maintenance).toHaveLength(1)
    expect(maintenance[0]![0]).toBe('scheduled')
    expect(maintenance[0]![1]).toMatch(/^Layanan Perizinan Berusaha: .* 22\.00 WIB – .* 00\.00 WIB · terjadwalPemutakhiran server basis data$/)
    // a day's bar names its date and uptime
    expect(await page.getAttribute(`section.api[data-api="${CODE}.layanan-perizinan-berusaha.v1"] .bars span:nth-child(${90 - 6})`, 'title')).toMatch(
      /50,00 %$/,
    )
    await page.screenshot({ path: `${SHOTS}/40-status-publik.png`, fullPage: true })
    expect(chromium.errors).toEqual([])
  })

  it('reads well on a phone and in English', async () => {
    const phone = await chromium.newPage({ width: 390, height: 844 })
    await phone.goto(`${stack.api}/status/${CODE}`)
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await phone.screenshot({ path: `${SHOTS}/41-status-publik-ponsel.png`, fullPage: true })
    await phone.goto(`${stack.api}/status/${CODE}?lang=en`)
    expect(await phone.textContent('.banner')).toBe('Some services are degraded')
    await phone.close()
  })

  it('an instansi that has not opted in is not found', async () => {
    const res = await page.goto(`${stack.api}/status/kota-lain`)
    expect(res?.status()).toBe(404)
    expect(await page.textContent('h1')).toBe('Halaman status tidak ditemukan')
    await page.screenshot({ path: `${SHOTS}/42-status-publik-tidak-ada.png` })
  })
})
