/**
 * Maintenance windows in Debian's chromium (issue 13, point 3): the API
 * page's uptime chart shades the window over the planted outage (and its
 * uptime stays 100 %), and the SLA & Peringatan page lists the window with
 * its status, scope and reason, in Bahasa Indonesia.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, pageReady, signIn, type Chromium, type Page } from '../../scripts/browser.js'
import { instansiWithApi, plant, type PlantedEvent } from '../support/alerting.js'
import { startTestStack, type TestStack } from '../support/stack.js'

const MIN = 60e3
const HOUR = 3600e3
/** Three hours ending at the last whole minute, an outage 90..99 minutes in. */
const T0 = Math.floor(Date.now() / MIN) * MIN - 3 * HOUR
const at = (minute: number) => T0 + minute * MIN
const REASON = 'Pemutakhiran gateway nasional'

let stack: TestStack
let chromium: Chromium
let page: Page
let apiId: string

beforeAll(async () => {
  stack = await startTestStack({ PANTAU_SPOOL_FSYNC: 'false', PANTAU_ALERT_ENABLED: 'false', PANTAU_REPORT_SCHEDULE: 'off' })
  const created = await instansiWithApi(stack, 'kota-p', '/perizinan/v1')
  apiId = created.apiId
  const events: PlantedEvent[] = Array.from({ length: 180 }, (_, m) => ({ ts: at(m) + 5000, status: m >= 90 && m < 100 ? 503 : 200 }))
  await plant(stack, created.token, '/perizinan/v1', events)
  const body = { instansi: 'kota-p', api_id: apiId, starts_at: new Date(at(85)).toISOString(), ends_at: new Date(at(105)).toISOString(), reason: REASON }
  expect((await stack.call('POST', '/v1/maintenance', body)).status).toBe(201)
  chromium = await launchChromium()
  page = await chromium.newPage({ width: 1366, height: 900 })
}, 180_000)

afterAll(async () => {
  await chromium?.close()
  await stack?.stop()
})

describe('maintenance windows in the dashboards', () => {
  it('the uptime chart shades the window, and uptime stays 100 %', async () => {
    await signIn(page, stack.api, stack.adminToken, `#/api?api=${apiId}&instansi=kota-p&period=24h`)
    const band = page.locator('[data-card=uptime][data-state=ready] svg .mark-rect path[opacity="0.22"]')
    await band.first().waitFor({ timeout: 30_000 })
    expect(await band.count()).toBe(1)
    // the band's tooltip (its accessible label) names the window and why its minutes are not counted
    const label = (await band.getAttribute('aria-label')) ?? ''
    expect(label).toContain('Pemeliharaan terjadwal')
    expect(label).toContain(REASON)
    expect(label).toContain('WIB')
    const uptime = (await stack.call('GET', `/v1/metrics/availability?api=${apiId}&from=now-24h`)).body.data
    expect(uptime.totals).toMatchObject({ down_minutes: 0, uptime_pct: 100 })
    expect(uptime.maintenance).toHaveLength(1)
  })

  it('the SLA page lists the window with its status, scope and reason', async () => {
    await page.goto(`${stack.api}/#/sla`)
    await pageReady(page)
    const card = page.locator('[data-card=maintenance][data-state=ready]')
    await card.waitFor({ timeout: 30_000 })
    expect(await card.locator('h2').textContent()).toBe('Pemeliharaan terjadwal')
    const text = (await card.textContent()) ?? ''
    expect(text).toContain(REASON)
    expect(text).toContain('Selesai')
    expect(text).toContain(`API ${apiId}`)
    expect(text).toContain('WIB')
  })
})
