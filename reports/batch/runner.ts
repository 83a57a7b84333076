/**
 * Batch generation of evidence reports: one request, every instansi's PDF,
 * generated in the background with bounded concurrency (default one report
 * at a time, `PANTAU_REPORT_BATCH_CONCURRENCY`) and a pause between reports
 * (`PANTAU_REPORT_BATCH_PAUSE_MS`) so the API and the dashboards stay
 * responsive: a report's PDF rendering is synchronous work on the event loop.
 * Batches run one after another. Each finished instansi is stored at once
 * (store.ts), so a restart loses nothing: `start()` takes up the batches a
 * stopped process left running (marked `interrupted`, `resumed` counted) with
 * the instansi still missing.
 */
import { randomBytes } from 'node:crypto'
import type { BatchItem, BatchRequest } from '../../shared/reports/assessment.js'
import type { BatchPort, BatchStatus } from '../../shared/reports/contract.js'
import { badRequest, ProblemError } from '../../shared/http/problem.js'
import type { Logger } from '../../shared/log/logger.js'
import { generateReport, type ReportServices } from '../generate.js'
import { parsePeriod, wibParts } from '../period.js'
import { BatchStore, type BatchRow } from './store.js'
import { manifestEntries, type Manifest, type PackEntry, zipStream } from './zip.js'

export interface BatchOptions {
  concurrency: number
  pauseMs: number
  log?: Logger
}

export function batchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): BatchOptions {
  const concurrency = Number(env.PANTAU_REPORT_BATCH_CONCURRENCY ?? 1)
  const pauseMs = Number(env.PANTAU_REPORT_BATCH_PAUSE_MS ?? 100)
  return {
    concurrency: Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 8 ? concurrency : 1,
    pauseMs: Number.isFinite(pauseMs) && pauseMs >= 0 ? pauseMs : 100,
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

function newId(now: number): string {
  const { year, month, day } = wibParts(now)
  return `BATCH-${year}${String(month + 1).padStart(2, '0')}${String(day).padStart(2, '0')}-${randomBytes(5).toString('hex')}`
}

export class BatchRunner implements BatchPort {
  readonly store: BatchStore
  private readonly queue: string[] = []
  private loop?: Promise<void>
  private stopping = false

  constructor(
    private readonly svc: ReportServices,
    private readonly opts: BatchOptions = batchOptionsFromEnv(),
  ) {
    this.store = new BatchStore(svc.storage)
  }

  /** Queue a batch; `instansi` undefined: every registered instansi. Unknown codes are a 400 naming `body.instansi`. */
  async create(request: BatchRequest, by: string, baseUrl: string): Promise<BatchStatus> {
    if (!parsePeriod(request.period)) throw badRequest('body.period', `not a valid period: '${request.period}'`)
    const registered = (await this.svc.registers.registry.instansi.list({}, { limit: 4_000_000_000 })).map((i) => i.code)
    const known = new Set(registered)
    const instansi = request.instansi ? [...new Set(request.instansi)] : registered
    const unknown = instansi.filter((c) => !known.has(c))
    if (unknown.length) throw badRequest('body.instansi', `unknown instansi: ${unknown.slice(0, 10).join(', ')}`)
    if (instansi.length === 0) throw badRequest('body.instansi', 'no instansi registered')
    const id = newId(Date.now())
    await this.store.put({
      id,
      indicator: request.indicator,
      period: request.period,
      instansi,
      requested_by: by,
      base_url: baseUrl.replace(/\/+$/, ''),
      state: 'queued',
      resumed: 0,
    })
    this.enqueue(id)
    return (await this.status(id))!
  }

  async status(id: string): Promise<BatchStatus | undefined> {
    const row = await this.store.get(id)
    if (!row) return undefined
    const items = await this.store.items(id)
    const failed = items.filter((i) => i.state === 'failed')
    return {
      id: row.id,
      indicator: row.indicator,
      period: row.period,
      state: row.state,
      total: row.instansi.length,
      done: items.length - failed.length,
      failed: failed.length,
      failures: failed.map((f) => ({ instansi: f.instansi, reason: f.error ?? '' })),
      requested_by: row.requested_by,
      created_at: row.created_at,
      updated_at: row.updated_at,
      resumed: row.resumed,
      items,
      instansi: row.instansi,
    }
  }

  /** Take up the batches a stopped process left queued, running or interrupted. */
  async start(): Promise<void> {
    this.stopping = false
    for (const b of await this.store.inState(['queued', 'running', 'interrupted'])) {
      await this.store.put({ ...b, state: 'queued', resumed: b.state === 'queued' ? b.resumed : b.resumed + 1 })
      this.opts.log?.info(`report batch ${b.id} taken up again after a restart`)
      this.enqueue(b.id)
    }
  }

  /** Finish the reports being generated, start no other; the batch left is marked interrupted. */
  async stop(): Promise<void> {
    this.stopping = true
    await this.loop
  }

  /** Idle: no batch queued or running in this process. */
  get idle(): boolean {
    return this.loop === undefined
  }

  private enqueue(id: string): void {
    if (!this.queue.includes(id)) this.queue.push(id)
    if (this.loop || this.stopping) return
    this.loop = (async () => {
      while (!this.stopping && this.queue.length) await this.run(this.queue.shift()!)
    })()
      .catch((err) => this.opts.log?.error(`report batches: ${(err as Error).message}`))
      .finally(() => {
        this.loop = undefined
        if (this.queue.length && !this.stopping) this.enqueue(this.queue[0])
      })
  }

  private async run(id: string): Promise<void> {
    const batch = await this.store.get(id)
    if (!batch || batch.state === 'done') return
    const finished = new Set((await this.store.items(id)).map((i) => i.instansi))
    const left = batch.instansi.filter((c) => !finished.has(c))
    await this.store.put({ ...batch, state: 'running' })
    let next = 0
    const worker = async () => {
      while (!this.stopping && next < left.length) {
        await this.one(batch, left[next++])
        // let API requests in between two reports (rendering holds the event loop)
        await sleep(this.opts.pauseMs)
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, left.length) }, worker))
    const now = (await this.store.get(id))!
    await this.store.put({ ...now, state: this.stopping && next < left.length ? 'interrupted' : 'done' })
  }

  private async one(batch: BatchRow, instansi: string): Promise<void> {
    let item: BatchItem
    try {
      const r = await generateReport(this.svc, {
        request: { instansi, indicator: batch.indicator, period: batch.period },
        by: batch.requested_by,
        trigger: 'manual',
        baseUrl: batch.base_url,
      })
      item = { instansi, state: 'done', report_id: r.id, sha256: r.sha256, level: r.level, error: null }
    } catch (err) {
      // a problem (unknown instansi, bad period) says why; anything else is logged, not shown
      const reason = err instanceof ProblemError ? err.message : 'internal error'
      if (!(err instanceof ProblemError)) this.opts.log?.error(`report batch ${batch.id}, ${instansi}: ${(err as Error).stack ?? err}`)
      item = { instansi, state: 'failed', report_id: null, sha256: null, level: null, error: reason }
    }
    await this.store.finish(batch.id, item)
  }

  /** The ZIP evidence pack of a batch: its PDFs and the manifest. */
  zip(status: BatchStatus): ReadableStream<Uint8Array> {
    const { store } = this.svc
    const done = status.items.filter((i) => i.state === 'done' && i.report_id)
    const file = (i: BatchItem) => `pdf/${i.instansi}-${i.report_id}.pdf`
    const manifest: Manifest = {
      batch: status.id,
      indicator: status.indicator,
      period: status.period,
      generated_at: status.updated_at,
      reports: [],
      failed: status.failures,
    }
    async function* entries(): AsyncGenerator<PackEntry> {
      for (const i of done) {
        const report = await store.get(i.report_id!)
        const bytes = report && (await store.pdf(report))
        if (!report || !bytes) {
          manifest.failed.push({ instansi: i.instansi, reason: `the PDF of report '${i.report_id}' is missing` })
          continue
        }
        manifest.reports.push({ instansi: i.instansi, report_id: report.id, sha256: report.sha256, level: report.level, size: bytes.length, file: file(i) })
        yield { name: file(i), bytes }
      }
      yield* manifestEntries(manifest)
    }
    return zipStream(entries(), Date.parse(status.updated_at))
  }
}
