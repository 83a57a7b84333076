/**
 * The collector's core: decoded candidates from any source go through the
 * transforms, and the resulting rows — events, metric points and dead
 * letters, and (PANTAU_RAW_RECORD_DAYS > 0) each event's record as the
 * gateway sent it, redacted — are appended to the durable spool in one
 * write. The caller acknowledges its client only when this resolves.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import { type Counter, metrics, SpanStatusCode, trace } from '@opentelemetry/api'
import { DEFAULT_TIME_WINDOW, type TimeWindow } from './bounds.js'
import { type DeadLetter, MAX_RAW_RECORD_CHARS, type OtelMetricRow, type RawRecordRow, type RequestEvent } from './event.js'
import type { Spool } from './sinks/spool.js'
import type { Frame } from './sinks/spool-format.js'
import { compactChunks, RowChunks, STREAM_SPECS } from './streams.js'
import { transform, type TransformDeps } from './transforms/index.js'
import { type Candidate, type GatewayContext, consumedPayloadText, type Rejection } from './transforms/types.js'

/**
 * Rows per spool frame stay under this, far below the frame limit of the
 * spool format. A request's rows are built as text a frame at a time and
 * turned into bytes when the frame is full, so the text of at most one frame
 * per stream is alive at once: a request at the body limit peaked at 273 MB
 * of V8 heap with 16 MiB frames, 200 MB with 1 MiB (issue 14). The drain joins
 * a batch's frames of one stream into one insert whatever their size.
 */
const FRAME_PAYLOAD_BYTES = 1024 * 1024

/** Decoded records of one request, a slice of them: candidates and the rejections the source made. */
export interface CandidateSlice {
  candidates: Candidate[]
  rejections: Rejection[]
}

export interface IngestResult {
  accepted: number
  rejections: Rejection[]
}

// A proxy: spans go to whichever tracer provider is installed when they start.
const tracer = trace.getTracer('pantau.collector')

export class Ingestor {
  /** Created with the ingestor (not at import), so they bind to the meter provider the process installed by then. */
  private readonly acceptedCounter: Counter
  private readonly rejectedCounter: Counter

  constructor(private readonly deps: TransformDeps & { spool: Spool; rawRecords?: boolean }) {
    const meter = metrics.getMeter('pantau.collector')
    this.acceptedCounter = meter.createCounter('pantau.ingest.accepted', { description: 'Records accepted into the spool' })
    this.rejectedCounter = meter.createCounter('pantau.ingest.rejected', { description: 'Records rejected to dead letters' })
  }

  /** Accepted record times (bounds.ts), for sources that shape their own rows (OTLP metrics). */
  get timeWindow(): TimeWindow {
    return this.deps.timeWindow ?? DEFAULT_TIME_WINDOW
  }

  /**
   * Request candidates (plus rejections the source already made) → spool, a
   * slice at a time (index order): each slice is transformed and its rows
   * written out as text before the next is decoded,
   * so a large request never holds all its records as objects at once (issue 14),
   * and other requests are served between its slices.
   * One spool append at the end: the request is acknowledged whole or not at all.
   */
  requestSlices(ctx: GatewayContext, signal: string, slices: Iterable<CandidateSlice>): Promise<IngestResult> {
    return traced(signal, ctx, async () => {
      const events = new RowChunks(STREAM_SPECS.events.columns, FRAME_PAYLOAD_BYTES)
      const raw = this.deps.rawRecords ? new RowChunks(STREAM_SPECS.raw.columns, FRAME_PAYLOAD_BYTES) : undefined
      const all: Rejection[] = []
      // one ingestion time for the whole request, whatever its number of slices
      const ingestedAt = (this.deps.now ?? Date.now)()
      const deps = { ...this.deps, now: () => ingestedAt }
      for (const slice of slices) {
        const t = transform(deps, ctx, slice.candidates)
        events.add(t.events)
        raw?.add(rawRecords(t.events, t.origins))
        if (slice.rejections.length) all.push(...[...slice.rejections, ...t.rejections].sort((a, b) => a.index - b.index))
        else for (const r of t.rejections) all.push(r)
        // let other requests (other gateways) and the drain run between slices: a request at
        // the body limit held the event loop for ~1.5 s in one piece
        await nextTurn()
      }
      await this.spoolChunks(ctx, signal, 'events', events, all, raw)
      return { accepted: events.rows, rejections: all }
    })
  }

  /** OTLP metric rows (already shaped by the source) → spool. */
  metricRows(ctx: GatewayContext, rows: OtelMetricRow[], rejections: Rejection[]): Promise<IngestResult> {
    return traced('otlp_metrics', ctx, async () => {
      const chunks = new RowChunks(STREAM_SPECS.metrics.columns, FRAME_PAYLOAD_BYTES)
      chunks.add(rows)
      await this.spoolChunks(ctx, 'otlp_metrics', 'metrics', chunks, rejections)
      return { accepted: rows.length, rejections }
    })
  }

  private async spoolChunks(
    ctx: GatewayContext,
    signal: string,
    stream: 'events' | 'metrics',
    rows: RowChunks,
    rejections: readonly Rejection[],
    raw?: RowChunks,
  ): Promise<void> {
    const frames: Frame[] = []
    if (rows.rows > 0) for (const payload of rows.finish()) frames.push({ stream, key: ctx.gatewayId, payload })
    if (raw && raw.rows > 0) for (const payload of raw.finish()) frames.push({ stream: 'raw', key: ctx.gatewayId, payload })
    if (rejections.length > 0) {
      const now = Date.now()
      const letters: DeadLetter[] = rejections.map((r) => ({
        ts: now,
        instansi: ctx.instansi,
        gateway_id: ctx.gatewayId,
        source: r.source,
        reason: r.reason,
        field: r.field,
        payload: r.payload,
      }))
      for (const payload of compactChunks(STREAM_SPECS.dlq.columns, letters, FRAME_PAYLOAD_BYTES)) frames.push({ stream: 'dlq', key: ctx.gatewayId, payload })
    }
    if (frames.length === 0) return
    await this.deps.spool.append(frames)
    const attrs = { signal, instansi: ctx.instansi }
    if (rows.rows) this.acceptedCounter.add(rows.rows, attrs)
    if (rejections.length) this.rejectedCounter.add(rejections.length, attrs)
  }
}

/**
 * Candidates already decoded in full (OTLP) cut into slices of `size`, each
 * with the source's rejections that fall before the next slice, so the
 * transform's events and raw records of a large request are held a slice at a time.
 */
export function* sliceCandidates(candidates: readonly Candidate[], rejections: readonly Rejection[], size = 1000): Generator<CandidateSlice> {
  let r = 0
  for (let i = 0; i < candidates.length; i += size) {
    const slice = candidates.slice(i, i + size)
    const next = candidates[i + size]?.index ?? Infinity
    const start = r
    while (r < rejections.length && rejections[r]!.index < next) r++
    yield { candidates: slice, rejections: rejections.slice(start, r) }
  }
  if (r < rejections.length) yield { candidates: [], rejections: rejections.slice(r) }
}

/** Each event's original record, redacted as dead letters are (the same rules, in the record itself: the transform is done with it), under its event id. */
function rawRecords(events: readonly RequestEvent[], origins: readonly unknown[]): RawRecordRow[] {
  return events.map((e, i) => ({
    ts: e.ts,
    event_id: e.event_id,
    instansi: e.instansi,
    gateway_id: e.gateway_id,
    source_format: e.source_format,
    record: consumedPayloadText(origins[i], MAX_RAW_RECORD_CHARS),
  }))
}

/** One ingest request as a span of Pantau's own traces (exported when PANTAU_OTEL_ENABLED). */
function traced(signal: string, ctx: GatewayContext, work: () => Promise<IngestResult>): Promise<IngestResult> {
  return tracer.startActiveSpan(
    'pantau.ingest',
    { attributes: { 'pantau.signal': signal, 'pantau.instansi': ctx.instansi, 'pantau.gateway': ctx.gatewayId } },
    async (span) => {
      try {
        const result = await work()
        span.setAttributes({ 'pantau.accepted': result.accepted, 'pantau.rejected': result.rejections.length })
        return result
      } catch (e) {
        span.recordException(e as Error)
        span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message })
        throw e
      } finally {
        span.end()
      }
    },
  )
}
