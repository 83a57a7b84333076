/**
 * The Rekap SPBE page in Chromium: four instansi of different kinds and
 * regions whose policy registers put them at Indikator 7 levels 0, 1, 3 and
 * 4; the page shows each instansi's level (the recap API's, which the
 * integration tests hold equal to the PDF's), the distribution chart, the
 * criteria with their reasons, filters by kind and region, the drill-down to
 * Laporan, and the English switch. Screenshot in artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cardStates, launchChromium, pageReady, signIn, type Chromium, type Page } from '../../scripts/browser.js'
import { startTestStack, type TestStack } from '../support/stack.js'

const SHOTS = 'artifacts/screenshots'
const YEAR = new Date(Date.now() + 7 * 3600e3).getUTCFullYear()
const HASH = `#/rekap?indicator=i7&year=${YEAR}`
const LEVEL3 = ['kewajiban_integrasi', 'pengelolaan', 'tanggung_jawab', 'standar_interoperabilitas', 'keamanan']
/** code, name, kind, region, policy (status, scope) or none, the level that follows */
const INSTANSI = [
  ['kemen-a', 'Kementerian Alfa', 'kementerian', 'DKI Jakarta', ['enacted', [...LEVEL3, 'integrasi_splp']], 4],
  ['prov-b', 'Provinsi Beta', 'provinsi', 'Jawa Barat', ['enacted', LEVEL3], 3],
  ['kota-c', 'Kota Gama', 'kota', 'Jawa Barat', ['draft', []], 1],
  ['kota-d', 'Kota Delta', 'kota', 'Jawa Timur', null, 0],
] as const

let stack: TestStack
let chromium: Chromium
let page: Page

const open = async (hash: string) => {
  await page.evaluate((h) => {
    location.hash = h
  }, hash)
  await page.waitForFunction((h) => location.hash === h && document.body.dataset.pageState === 'ready', hash, { timeout: 60_000, polling: 50 })
}
/** The table's rows: instansi link text and the level it shows. */
const rows = () =>
  page.$$eval('[data-card=rekap-table] tbody tr', (trs) =>
    trs.map((tr) => ({ name: tr.querySelector('td a')?.textContent ?? '', level: Number(tr.querySelector('[data-level]')?.getAttribute('data-level')) })),
  )

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  stack = await startTestStack({ PANTAU_SPOOL_FSYNC: 'false', PANTAU_REPORT_SCHEDULE: 'off' })
  for (const [code, name, kind, region, policy] of INSTANSI) {
    expect((await stack.call('POST', '/v1/registry/instansi', { code, name, kind, region })).status).toBe(201)
    if (!policy) continue
    const [status, scope] = policy
    const made = await stack.call('POST', '/v1/policies', {
      instansi: code,
      number: status === 'draft' ? '' : `Peraturan ${name} Nomor 1 Tahun ${YEAR}`,
      title: 'Penggunaan Sistem Penghubung Layanan',
      status,
      date: `${YEAR}-01-15`,
      scope,
    })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    const doc = await fetch(`${stack.api}/v1/policies/${made.body.data.id}/document`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF-1.4\n% kebijakan\n'),
    })
    expect(doc.status, await doc.text()).toBe(200)
  }
  chromium = await launchChromium()
  page = await chromium.newPage({ width: 1366, height: 900 })
}, 120_000)

afterAll(async () => {
  await chromium?.close()
  await stack?.stop()
})

describe('Rekap SPBE page', () => {
  it('shows every instansi at the level the recap API gives, with the distribution and the criteria', async () => {
    await signIn(page, stack.api, stack.adminToken, HASH)
    expect(await page.textContent('main h1')).toBe('Rekap SPBE')
    const api = (await stack.call('GET', `/v1/assessment/recap?indicator=i7&period=${YEAR}`)).body.data
    const byName = new Map(api.rows.map((r: { name: string; level: number }) => [r.name, r.level]))
    const shown = await rows()
    expect(shown).toHaveLength(INSTANSI.length)
    for (const r of shown) expect(r.level, r.name).toBe(byName.get(r.name))
    expect(Object.fromEntries(shown.map((r) => [r.name, r.level]))).toEqual(Object.fromEntries(INSTANSI.map((i) => [i[1], i[5]])))
    const states = await cardStates(page)
    const chart = states.find((s) => s.card === 'rekap-levels')!
    expect(chart.state).toBe('ready')
    expect(chart.marks).toBeGreaterThan(0)
    expect(await page.textContent('[data-tile=instansi] .value')).toBe('4')
    // a level-4 instansi: its level-5 criteria are unmet, with the reason
    await page.click('[data-card=rekap-table] tbody tr:first-child details summary')
    const reviu = await page.textContent('[data-card=rekap-table] tbody tr:first-child li[data-criterion="i7.5.reviu"]')
    expect(reviu).toContain('Belum tercatat reviu')
    expect(await page.getAttribute('[data-card=rekap-table] tbody tr:first-child li[data-criterion="i7.2.ditetapkan"]', 'data-met')).toBe('true')
    await page.screenshot({ path: `${SHOTS}/45-rekap-spbe.png`, fullPage: true })
    expect(chromium.errors).toEqual([])
  })

  it('filters by kind and by region', async () => {
    await page.selectOption('#rekap-kind', 'kota')
    await page.waitForFunction(() => location.hash.includes('kind=kota') && document.body.dataset.pageState === 'ready', undefined, { timeout: 60_000 })
    expect((await rows()).map((r) => r.name).sort()).toEqual(['Kota Delta', 'Kota Gama'])
    await open(`${HASH}&region=Jawa+Barat`)
    expect((await rows()).map((r) => r.name).sort()).toEqual(['Kota Gama', 'Provinsi Beta'])
  })

  it('drills down to the instansi’s evidence on Laporan', async () => {
    await open(HASH)
    await page.click('[data-card=rekap-table] tbody tr:first-child .rekap-evidence a')
    await pageReady(page)
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/laporan\?.*instansi=kemen-a/)
  })

  it('switches to English and back', async () => {
    await open(HASH)
    await page.click('[data-action=lang]')
    await pageReady(page)
    expect(await page.textContent('main h1')).toBe('SPBE recap')
    expect(await page.textContent('[data-card=rekap-levels] h2')).toBe('Distribution by level')
    await page.click('[data-action=lang]')
    await pageReady(page)
    expect(await page.textContent('main h1')).toBe('Rekap SPBE')
  })
})
