/**
 * Push generated batches to the collector's ingest endpoints the way a
 * gateway's log shipper would: a few requests in flight, each authenticated
 * by its gateway's ingest token, waiting out 503/429 (Retry-After) and
 * retrying connection errors. Counts what was accepted and rejected.
 */
import type { TrafficBatch } from './traffic.js'

export interface PushOptions {
  ingestUrl: string
  /** Ingest token by gateway id. */
  tokens: Record<string, string>
  /** Requests in flight (default 6). */
  concurrency?: number
  log?: (msg: string) => void
  /** How often to log progress, ms (default 5 s; 0 = never). */
  progressMs?: number
}

export interface PushStats {
  generated: number
  accepted: number
  rejected: number
  requests: number
  retries: number
  /** Time spent generating records (the rest is waiting on the collector). */
  generationMs: number
  elapsedMs: number
  byInstansi: Record<string, number>
  byFormat: Record<string, number>
  byGateway: Record<string, number>
  /** First rejection reasons, for diagnosis. */
  rejections: string[]
}

interface Outcome {
  accepted: number
  rejected: number
  reason?: string
}

const MAX_BUSY_RETRIES = 720
const MAX_NETWORK_RETRIES = 8
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export async function pushTraffic(batches: Iterable<TrafficBatch>, total: number, o: PushOptions): Promise<PushStats> {
  const log = o.log ?? (() => undefined)
  const stats: PushStats = {
    generated: 0,
    accepted: 0,
    rejected: 0,
    requests: 0,
    retries: 0,
    generationMs: 0,
    elapsedMs: 0,
    byInstansi: {},
    byFormat: {},
    byGateway: {},
    rejections: [],
  }
  const started = performance.now()
  let lastLog = started
  let day = 0
  const inFlight = new Set<Promise<void>>()
  const iterator = batches[Symbol.iterator]()

  const send = async (batch: TrafficBatch): Promise<void> => {
    const out = await sendBatch(o.ingestUrl, o.tokens[batch.gateway.id], batch, () => stats.retries++)
    stats.requests++
    stats.accepted += out.accepted
    stats.rejected += out.rejected
    if (out.reason && stats.rejections.length < 10) stats.rejections.push(`${batch.gateway.id}: ${out.reason}`)
    add(stats.byInstansi, batch.gateway.instansi, out.accepted)
    add(stats.byFormat, batch.format, out.accepted)
    add(stats.byGateway, batch.gateway.id, out.accepted)
  }

  for (;;) {
    const t0 = performance.now()
    const next = iterator.next()
    stats.generationMs += performance.now() - t0
    if (next.done) break
    const batch = next.value
    stats.generated += batch.records
    day = batch.day
    const p = send(batch).finally(() => inFlight.delete(p))
    inFlight.add(p)
    if (inFlight.size >= (o.concurrency ?? 6)) await Promise.race(inFlight)
    const now = performance.now()
    if (o.progressMs !== 0 && now - lastLog >= (o.progressMs ?? 5000)) {
      lastLog = now
      const rate = Math.round(stats.accepted / ((now - started) / 1000))
      log(
        `seed: ${stats.accepted.toLocaleString('en')} / ${total.toLocaleString('en')} events (${((100 * stats.accepted) / total).toFixed(1)}%), ${rate.toLocaleString('en')} ev/s, day ${day + 1}`,
      )
    }
  }
  await Promise.all(inFlight)
  stats.elapsedMs = performance.now() - started
  return stats
}

async function sendBatch(ingestUrl: string, token: string | undefined, batch: TrafficBatch, onRetry: () => void): Promise<Outcome> {
  if (!token) throw new Error(`no ingest token for gateway ${batch.gateway.id}`)
  const url = new URL(batch.path, ingestUrl)
  let busy = 0
  let network = 0
  for (;;) {
    let res: Response
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': batch.contentType },
        body: batch.body as unknown as BodyInit,
      })
    } catch (e) {
      if (++network > MAX_NETWORK_RETRIES) throw e
      onRetry()
      await sleep(100 * 2 ** network)
      continue
    }
    if (res.status === 503 || res.status === 429) {
      await res.arrayBuffer()
      if (++busy > MAX_BUSY_RETRIES) throw new Error(`collector still busy after ${MAX_BUSY_RETRIES} retries`)
      onRetry()
      await sleep(1000 * Math.max(0.2, Number(res.headers.get('retry-after') ?? 1) || 1))
      continue
    }
    const text = await res.text()
    const body = text ? JSON.parse(text) : {}
    if (res.status === 200 && batch.format === 'otlp') {
      const rejected = Number(body.partialSuccess?.rejectedLogRecords ?? 0)
      return { accepted: batch.records - rejected, rejected, reason: body.partialSuccess?.errorMessage || undefined }
    }
    if (res.status === 200) return { accepted: Number(body.accepted ?? batch.records), rejected: Number(body.rejected ?? 0) }
    if (res.status === 400 && typeof body.accepted === 'number') return { accepted: body.accepted, rejected: body.rejected, reason: body.detail }
    throw new Error(`POST ${batch.path} (${batch.gateway.id}) → ${res.status}: ${body.detail ?? text.slice(0, 300)}`)
  }
}

function add(map: Record<string, number>, key: string, n: number): void {
  map[key] = (map[key] ?? 0) + n
}
