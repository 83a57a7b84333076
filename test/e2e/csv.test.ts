/**
 * "Unduh CSV" in Debian's chromium: a table card's button downloads its
 * endpoint as CSV with the session of the signed-in person (no token in the
 * page), named after the page, the card and the date; in Indonesian with `;`
 * and decimal commas, in English with `,`; an operator's file holds only
 * their instansi's rows.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, pageReady, signIn, type Chromium, type Page } from '../../scripts/browser.js'
import { startTestStack, type TestStack } from '../support/stack.js'

let stack: TestStack
let chromium: Chromium
let page: Page
let operator: string

const TRICKY = 'Layanan; "Data" =Kependudukan'

async function ingest(token: string, instansiPath: string, n: number) {
  const now = Date.now()
  const body = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      timestamp: new Date(now - i * 30_000).toISOString(),
      level: 'INFO',
      service: 's',
      requestId: `${instansiPath}-${i}`,
      method: 'GET',
      endpoint: `${instansiPath}/x`,
      statusCode: i % 9 === 0 ? 503 : 200,
      duration: 12.5 + i,
      message: 'ok',
    }),
  ).join('\n')
  const res = await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body })
  expect(res.status).toBe(200)
}

/** Click the card's "Unduh CSV" and read the file the browser saved. */
async function download(card: string): Promise<{ name: string; bytes: Buffer; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-card=${card}] button.csv-download`)])
  const bytes = readFileSync((await file.path())!)
  return { name: file.suggestedFilename(), bytes, text: bytes.subarray(3).toString('utf8') }
}

beforeAll(async () => {
  stack = await startTestStack({ PANTAU_SPOOL_FSYNC: 'false' })
  const a = await stack.gateway('kota-a', { kind: 'kota' })
  const b = await stack.gateway('kota-b', { kind: 'kota' })
  expect((await stack.call('POST', '/v1/registry/apis', { instansi: 'kota-a', name: TRICKY, base_path: '/penduduk/v1' })).status).toBe(201)
  expect((await stack.call('POST', '/v1/registry/apis', { instansi: 'kota-b', name: 'Layanan Kota B', base_path: '/b/v1' })).status).toBe(201)
  await ingest(a, '/penduduk/v1', 40)
  await ingest(b, '/b/v1', 20)
  await stack.flushed()
  operator = (await stack.call('POST', '/v1/admin/tokens', { name: 'Operator Kota A', role: 'operator', instansi: 'kota-a' })).body.data.token
  chromium = await launchChromium()
  page = await chromium.newPage({ width: 1366, height: 900 })
}, 180_000)

afterAll(async () => {
  await chromium?.close()
  await stack?.stop()
})

describe('Unduh CSV', () => {
  it('downloads the table card as CSV with the session, `;` and decimal commas in Indonesian', async () => {
    await signIn(page, stack.api, stack.adminToken, '#/api?period=24h')
    const button = page.locator('[data-card=api-table] button.csv-download')
    expect(await button.textContent()).toBe('Unduh CSV')
    const file = await download('api-table')
    expect(file.name).toMatch(/^pantau-api-api-table-\d{4}-\d{2}-\d{2}\.csv$/)
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...rows] = file.text.trimEnd().split('\n')
    // the columns of the route's zod schema, in its order
    expect(header).toBe('active_minutes;down_minutes;uptime_pct;requests;errors_5xx;success_pct;api;api_name;instansi;gateways')
    expect(rows).toHaveLength(2)
    // the name holds `;` and quotes: quoted, quotes doubled; `=` not at the start needs no guard
    expect(file.text).toContain('"Layanan; ""Data"" =Kependudukan"')
    const json = (await stack.call('GET', '/v1/metrics/availability?from=now-24h')).body.data.apis
    const uptime = header!.split(';').indexOf('uptime_pct')
    const cells = rows.map((r) => r.match(/("([^"]|"")*"|[^;]*)(;|$)/g)!.map((c) => c.replace(/;$/, '')))
    expect(cells.map((c) => Number(c[uptime]!.replace(',', '.'))).sort()).toEqual(json.map((a: { uptime_pct: number }) => a.uptime_pct).sort())
    expect(chromium.errors).toEqual([])
  })

  it('in English: "Download CSV" with `,`', async () => {
    await page.click('[data-action=lang]')
    await pageReady(page)
    try {
      const button = page.locator('[data-card=api-table] button.csv-download')
      expect(await button.textContent()).toBe('Download CSV')
      const file = await download('api-table')
      expect(file.text.split('\n')[0]).toMatch(/^active_minutes,down_minutes,uptime_pct,/)
      expect(file.text).toContain(',"Layanan; ""Data"" =Kependudukan",')
    } finally {
      await page.click('[data-action=lang]')
      await pageReady(page)
    }
  })

  it('every table card of a page has the button', async () => {
    await page.goto(`${stack.api}/#/instansi?instansi=kota-a&period=24h`)
    await pageReady(page)
    const cards = await page.$$eval('main section.card', (els) =>
      els.filter((el) => el.querySelector('table')).map((el) => [el.getAttribute('data-card'), !!el.querySelector('button.csv-download')]),
    )
    expect(cards.length).toBeGreaterThan(0)
    for (const [card, has] of cards) expect(has, String(card)).toBe(true)
  })

  it("an operator's download holds only their instansi", async () => {
    await signIn(page, stack.api, operator, '#/api?period=24h')
    const file = await download('api-table')
    const rows = file.text.trimEnd().split('\n').slice(1)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toContain(';kota-a;')
    expect(chromium.errors).toEqual([])
  })
})
