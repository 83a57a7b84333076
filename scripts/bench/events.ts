/**
 * The events explorer (Jelajah, issue 17) on the query benchmark's dataset,
 * through the HTTP API of the same process: the first page of filtered
 * 24-hour views (with the total), the next page, histograms over 30 days,
 * and a streaming export of 1,000,000 rows — its rows/s and how much the
 * process's RSS (the API and the embedded engine) grows while it runs.
 * Targets: ≤ 200 ms p95 per page, ≤ 300 ms p95 per 30-day histogram,
 * ≥ 100k rows/s and ≤ 200 MB RSS growth for the export.
 */
import type { BenchContext } from './report.js'
import { pct, timed } from './timing.js'

const DAY = 86400e3
const EXPORT_ROWS = 1_000_000

export async function benchEvents(ctx: BenchContext, base: string, token: string, toMs: number, events: number): Promise<void> {
  const headers = { authorization: `Bearer ${token}` }
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers })
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`)
    return res.json() as Promise<{ data: unknown[]; pagination?: { next_cursor?: string; total?: number; total_approximate?: boolean } }>
  }
  const day = `from=${new Date(toMs - DAY).toISOString()}&to=${new Date(toMs).toISOString()}`
  const month = `from=${new Date(toMs - 30 * DAY).toISOString()}&to=${new Date(toMs).toISOString()}`

  const views: Array<[string, string]> = [
    ['one instansi, 5xx', 'instansi=inst-3&status_class=5xx'],
    ['national, 5xx', 'status_class=5xx'],
    ['national, slow POSTs (raw filters)', 'method=POST&min_latency_ms=500'],
    ['national, everything', ''],
  ]
  for (const [name, filters] of views) {
    const first = await get(`/v1/events?${day}&limit=100&${filters}`)
    const times = await timed(() => get(`/v1/events?${day}&limit=100&${filters}`))
    const total = first.pagination?.total ?? 0
    const note = `total ${total.toLocaleString('en-US')}${first.pagination?.total_approximate ? ' (estimated)' : ''}`
    ctx.figure(`events.first page 24h (${name}) p95`, pct(times, 0.95), 'ms', `p50 ${pct(times, 0.5).toFixed(0)} ms, ${note}`)
    ctx.ratio(`events.first page 24h (${name}) p95 / target 200 ms`, pct(times, 0.95) / 200, 1, true)
    const cursor = first.pagination?.next_cursor
    if (!cursor) continue
    const next = await timed(() => get(`/v1/events?${day}&limit=100&${filters}&cursor=${cursor}`))
    ctx.figure(`events.next page 24h (${name}) p95`, pct(next, 0.95), 'ms', `p50 ${pct(next, 0.5).toFixed(0)} ms`)
    ctx.ratio(`events.next page 24h (${name}) p95 / target 200 ms`, pct(next, 0.95) / 200, 1, true)
  }

  const histograms: Array<[string, string, boolean]> = [
    ['national', '', true],
    ['one instansi, 5xx', 'instansi=inst-3&status_class=5xx', true],
    ['one API', 'api=api-7', true],
    ['national, POST (raw events)', 'method=POST', false],
  ]
  for (const [name, filters, target] of histograms) {
    const times = await timed(() => get(`/v1/events/histogram?${month}&${filters}`))
    ctx.figure(`events.histogram 30d (${name}) p95`, pct(times, 0.95), 'ms', `p50 ${pct(times, 0.5).toFixed(0)} ms`)
    if (target) ctx.ratio(`events.histogram 30d (${name}) p95 / target 300 ms`, pct(times, 0.95) / 300, 1, true)
  }

  // the most recent window holding a little over EXPORT_ROWS events (the export keeps the newest EXPORT_ROWS)
  const span = Math.min(30 * DAY, Math.ceil(((30 * DAY) / Math.max(1, events)) * EXPORT_ROWS * 1.15))
  const window = `from=${new Date(toMs - span).toISOString()}&to=${new Date(toMs).toISOString()}`
  for (const format of ['csv', 'ndjson'] as const) {
    const r = await exportRun(`${base}/v1/events?${window}&format=${format}`, headers)
    ctx.figure(
      `events.export ${format} ${r.rows.toLocaleString('en-US')} rows`,
      r.rowsPerSecond,
      'rows/s',
      `${(r.bytes / 1e6).toFixed(0)} MB in ${r.seconds.toFixed(1)} s`,
    )
    ctx.figure(`events.export ${format} RSS growth (API + engine, this process)`, r.rssGrowthMb, 'MB')
    if (r.rows < EXPORT_ROWS) ctx.log(`  (the dataset has fewer than ${EXPORT_ROWS} events in 30 days: exported ${r.rows})`)
    ctx.ratio(`events.export ${format} rows/s / target 100k`, r.rowsPerSecond / 100_000, 1)
    ctx.ratio(`events.export ${format} RSS growth / target 200 MB`, r.rssGrowthMb / 200, 1, true)
  }
}

/** Read a whole export as it streams, counting rows (lines) and sampling this process's RSS. */
async function exportRun(url: string, headers: Record<string, string>) {
  global.gc?.()
  const rss0 = process.memoryUsage().rss
  let peak = rss0
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const t0 = performance.now()
  let bytes = 0
  let lines = 0
  try {
    const res = await fetch(url, { headers })
    if (!res.ok || !res.body) throw new Error(`export: HTTP ${res.status} ${await res.text()}`)
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++
    }
  } finally {
    clearInterval(sampler)
  }
  const seconds = (performance.now() - t0) / 1000
  const rows = url.includes('format=csv') ? lines - 1 : lines
  return { rows, bytes, seconds, rowsPerSecond: rows / seconds, rssGrowthMb: (Math.max(peak, process.memoryUsage().rss) - rss0) / 1e6 }
}
