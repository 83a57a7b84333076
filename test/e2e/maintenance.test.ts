/**
 * Maintenance windows in Debian's chromium (issue 13, point 3): the API
 * page's uptime chart shades the window over the planted outage (and its
 * uptime stays 100 %), and the SLA & Peringatan page lists the window with
 * its status, scope and reason, in Bahasa Indonesia; an admin schedules a
 * window through the card's form (times read as WIB) and deletes it again.
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
    // the list itself: the form's labels ("Selesai (WIB)") must not satisfy these
    const text = (await card.locator('table').textContent()) ?? ''
    expect(text).toContain(REASON)
    expect(text).toContain('Selesai')
    expect(text).toContain(`API ${apiId}`)
    expect(text).toContain('WIB')
  })
  it('an admin schedules a window with the form and deletes it', async () => {
    const reason = 'Migrasi basis data perizinan'
    // tomorrow 10:00–12:00 WIB, as the datetime-local inputs take it
    const day = new Date(Date.now() + 7 * HOUR + 24 * HOUR).toISOString().slice(0, 10)
    await page.goto(`${stack.api}/#/sla`)
    await pageReady(page)
    const card = page.locator('[data-card=maintenance]')
    await card.locator('#mf-instansi option[value="kota-p"]').waitFor({ state: 'attached', timeout: 30_000 })
    await card.locator('#mf-instansi').selectOption('kota-p')
    await card.locator(`#mf-api option[value="${apiId}"]`).waitFor({ state: 'attached' })
    await card.locator('#mf-api').selectOption(apiId)
    await card.locator('#mf-starts').fill(`${day}T10:00`)
    await card.locator('#mf-ends').fill(`${day}T12:00`)
    await card.locator('#mf-reason').fill(reason)
    await card.locator('[data-action=create-maintenance]').click()
    const row = page.locator('[data-card=maintenance][data-state=ready] tbody tr', { hasText: reason })
    await row.waitFor({ timeout: 30_000 })
    expect(await row.textContent()).toContain('Terjadwal')
    expect(await card.locator('#mf-error').textContent()).toBe('')
    const listed = (await stack.call('GET', '/v1/maintenance?instansi=kota-p')).body.data as Array<Record<string, string>>
    const created = listed.find((w) => w.reason === reason)
    expect(created).toMatchObject({ instansi: 'kota-p', api_id: apiId, gateway_id: '', status: 'scheduled' })
    expect(Date.parse(created?.starts_at ?? '')).toBe(Date.parse(`${day}T03:00:00Z`))
    expect(Date.parse(created?.ends_at ?? '')).toBe(Date.parse(`${day}T05:00:00Z`))

    page.once('dialog', (d) => void d.accept())
    await row.locator('[data-action=delete-maintenance]').click()
    await page.locator('[data-card=maintenance] tbody tr', { hasText: reason }).waitFor({ state: 'detached', timeout: 30_000 })
    const after = (await stack.call('GET', '/v1/maintenance?instansi=kota-p')).body.data as Array<Record<string, string>>
    expect(after.map((w) => w.reason)).toEqual([REASON])
  })
})
