/**
 * Dashboards benchmark (issue: dashboards). Time to a fully rendered Nasional
 * page — every card loaded and every chart drawn — in headless Debian
 * chromium against a Pantau process on localhost holding the demo dataset:
 *  - cold: a fresh process (UI bundle not built yet, engine caches empty)
 *    and a fresh browser profile (nothing cached);
 *  - warm: reloads of the same page, and in-app navigation to it.
 * The demo is seeded with PANTAU_BENCH_DASHBOARD_EVENTS (default 300k × scale)
 * events, or PANTAU_BENCH_DEMO_DIR names an already seeded `npm run demo` data
 * directory (not in use by another process).
 */
import { launchChromium, type Page } from '../browser.js'
import { seedDemo } from '../demo/seed.js'
import { startPantau, type PantauProcess } from '../process.js'
import type { BenchContext } from './report.js'

const ADMIN = 'bench-admin-token-dashboards-0123456789'
const WARM_RUNS = 7
const NASIONAL = '#/nasional?period=30d'

interface Running {
  proc: PantauProcess
  api: string
  ingest: string
}

async function start(dataDir: string): Promise<Running> {
  return startPantau({ PANTAU_DATA_DIR: dataDir, PANTAU_ADMIN_TOKEN: ADMIN, PANTAU_SPOOL_FSYNC: 'false' }, { timeoutMs: 120_000 })
}

/** The page's own "fully rendered" time of Nasional: the `pantau:ready` mark (ms since the document's navigation started). */
async function readyAt(page: Page): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName('pantau:ready').some((m) => (m as PerformanceMark).detail === 'nasional'), undefined, {
    timeout: 120_000,
    polling: 20,
  })
  const { cards, failed, at } = await page.evaluate(() => ({
    cards: document.querySelectorAll('main section.card').length,
    failed: Array.from(document.querySelectorAll('main section.card[data-state=error]')).map(
      (c) => `${c.getAttribute('data-card')}: ${c.querySelector('.detail')?.textContent}`,
    ),
    at: performance
      .getEntriesByName('pantau:ready')
      .filter((m) => (m as PerformanceMark).detail === 'nasional')
      .at(-1)!.startTime,
  }))
  if (failed.length > 0 || cards < 5) throw new Error(`Nasional rendered ${cards} cards, failed: ${failed.join('; ')}`)
  return at
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export async function benchDashboards(ctx: BenchContext): Promise<void> {
  const reuse = process.env.PANTAU_BENCH_DEMO_DIR
  const dataDir = reuse ?? ctx.tempDir('dashboards')
  let events = 0
  if (!reuse) {
    events = Number(process.env.PANTAU_BENCH_DASHBOARD_EVENTS ?? ctx.scale(300_000))
    const seeding = await start(dataDir)
    const t0 = performance.now()
    const summary = await seedDemo({ apiUrl: seeding.api, ingestUrl: seeding.ingest, adminToken: ADMIN, events, log: () => undefined })
    while ((await (await fetch(`${seeding.ingest}/healthz`)).json()).spool_bytes > 0) await new Promise((r) => setTimeout(r, 50))
    ctx.log(
      `dashboards: demo seeded with ${summary.events.accepted.toLocaleString('en-US')} events over 30 days in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    )
    await seeding.proc.stop()
  }
  const setting = reuse ? `demo data dir ${reuse}` : `demo, ${events.toLocaleString('en-US')} events`

  // Cold: a new process on the seeded data, a new browser profile.
  const run = await start(dataDir)
  const chromium = await launchChromium()
  try {
    const page = await chromium.newPage({ width: 1366, height: 768 })
    // The process runs with PANTAU_ADMIN_TOKEN=ADMIN, a reused demo directory too: exchanged for the browser's session cookie.
    const signedIn = await chromium.browser.request.post(`${run.api}/auth/token-session`, { data: { token: ADMIN } })
    if (!(await signedIn.json()).ok) throw new Error('dashboards bench: the admin token did not sign in')
    const url = `${run.api}/${NASIONAL}`
    const t0 = performance.now()
    await page.goto(url)
    const cold = await readyAt(page)
    ctx.figure(
      'dashboards.nasional cold (new process, empty browser cache)',
      cold,
      'ms',
      `${setting}; wall ${Math.round(performance.now() - t0)} ms incl. navigation`,
    )

    const warm: number[] = []
    for (let i = 0; i < WARM_RUNS; i++) {
      await page.reload()
      warm.push(await readyAt(page))
    }
    ctx.figure(
      'dashboards.nasional warm reload, median',
      median(warm),
      'ms',
      `${WARM_RUNS} reloads, min ${Math.round(Math.min(...warm))} max ${Math.round(Math.max(...warm))}`,
    )

    // In-app navigation: from another page to Nasional (bundle and registry already loaded).
    const nav: number[] = []
    for (let i = 0; i < WARM_RUNS; i++) {
      await page.evaluate(() => (location.hash = '#/laporan'))
      await page.waitForFunction(() => location.hash.startsWith('#/laporan') && document.body.dataset.pageState === 'ready')
      const start = await page.evaluate((h) => {
        performance.clearMarks('pantau:ready')
        const t = performance.now()
        location.hash = h
        return t
      }, NASIONAL)
      nav.push((await readyAt(page)) - start)
    }
    ctx.figure('dashboards.nasional in-app navigation, median', median(nav), 'ms', `${WARM_RUNS} navigations from Laporan`)
    if (chromium.errors.length) ctx.log(`dashboards: console errors: ${chromium.errors.join(' | ')}`)
  } finally {
    await chromium.close()
    await run.proc.stop()
  }
}
