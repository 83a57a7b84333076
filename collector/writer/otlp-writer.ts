/**
 * The OpenTelemetry Collector's kafka exporter as an input: edge collectors
 * at each instansi write OTLP logs, traces or metrics to Kafka, and this
 * consumer group (PANTAU_OTLP_KAFKA_TOPICS, its own group) stores them, so a
 * large estate scales ingest with the standard agent and no Pantau process
 * at the edge.
 *
 * Each record is attributed to a gateway (otlp-attribution.ts), decoded with
 * the OTLP/HTTP source's decoders (otlp-record.ts) and put through the same
 * transforms as any ingest (bounds, redaction, enrichment from the registry,
 * pseudonymization with the collectors' key; each event's redacted record to
 * raw_records when the collectors keep them). A fetched batch is one offset
 * range under the writer's intent protocol (range-consumer.ts): its rows,
 * metric points and dead letters are inserted with tokens derived from the
 * range, so a writer killed mid-range replays it without storing anything
 * twice. Records that cannot be attributed or decoded, and log records or
 * spans the transforms refuse, go to `dead_letters` with the reason
 * (attributed to the gateway when known); rows ClickHouse refuses are set
 * aside (sinks/poison.ts). The partition keeps moving either way.
 */
import { type Counter, metrics } from '@opentelemetry/api'
import type { Kafka, KafkaMessage } from 'kafkajs'
import type { Logger } from '../../shared/log/logger.js'
import { StorageRegistrySource } from '../../shared/registry/cache.js'
import type { Storage } from '../../storage/client.js'
import type { TimeWindow } from '../bounds.js'
import { type DeadLetter, MAX_RAW_RECORD_CHARS, type OtelMetricRow, type RawRecordRow, type RequestEvent } from '../event.js'
import type { OtlpKafkaConfig, OtlpSignal } from '../kafka/config.js'
import { insertIsolating, type RefusedRow, setAside } from '../sinks/poison.js'
import { logsToCandidates } from '../sources/otlp/logs.js'
import { metricsToRows } from '../sources/otlp/metrics.js'
import type { ExportLogsRequest, ExportMetricsRequest, ExportTraceRequest } from '../sources/otlp/schema.js'
import { tracesToCandidates } from '../sources/otlp/traces.js'
import { compactRows, STREAM_SPECS } from '../streams.js'
import { nameUuid, transform } from '../transforms/index.js'
import type { Pseudonymizer } from '../transforms/redact.js'
import { type GatewayContext, consumedPayloadText, type Rejection } from '../transforms/types.js'
import { BatchAttributor, WriterRegistry } from './otlp-attribution.js'
import { decodeRecord, recordPayload, signalOf } from './otlp-record.js'
import { type RangeBatch, RangeConsumer } from './range-consumer.js'

export interface OtlpWriterOptions {
  log: Logger
  pseudonymizer: Pseudonymizer
  /** Accepted record times (bounds.ts): the collectors' window. */
  window: TimeWindow
  /** Largest record value, like the largest OTLP/HTTP body (PANTAU_MAX_BODY_BYTES). */
  maxRecordBytes: number
  /** Keep each event's redacted record beside it (raw_records), as the collectors do (PANTAU_RAW_RECORD_DAYS > 0). */
  rawRecords: boolean
  /** Fault injection for tests (PANTAU_WRITER_CRASH_AFTER_INSERTS). */
  crashAfterInserts?: number
}

/**
 * The id of the event from item `index` (its position in the OTLP request) of
 * the record at `offset` of a partition: name-based, so transforming the record
 * again (a retried range) gives the same ids.
 */
export const recordEventId = (topic: string, partition: number, offset: string, index: number): string =>
  nameUuid(`kafka:${topic}:${partition}@${offset}#${index}`)

/** What one range turned into. */
interface RangeRows {
  events: RequestEvent[]
  raw: RawRecordRow[]
  points: OtelMetricRow[]
  letters: DeadLetter[]
}

export class OtlpKafkaWriter {
  private readonly ranges: RangeConsumer
  readonly registry: WriterRegistry
  private readonly topicSignals: Map<string, OtlpSignal | undefined>
  private readonly accepted: Counter
  private readonly rejected: Counter
  private readonly insertErrors: Counter

  constructor(
    kafka: Kafka,
    private readonly cfg: OtlpKafkaConfig,
    private readonly storage: Storage,
    private readonly opts: OtlpWriterOptions,
  ) {
    this.registry = new WriterRegistry(new StorageRegistrySource(storage))
    this.topicSignals = new Map(cfg.topics.map((t) => [t.name, t.signal]))
    this.ranges = new RangeConsumer(kafka, {
      groupId: cfg.groupId,
      topics: cfg.topics.map((t) => t.name),
      log: opts.log,
      handler: (batch) => this.process(batch),
      crashAfterInserts: opts.crashAfterInserts,
    })
    // the collector's counters: records stored or refused, whichever way they came in
    const collectorMeter = metrics.getMeter('pantau.collector')
    this.accepted = collectorMeter.createCounter('pantau.ingest.accepted', { description: 'Records accepted into the spool' })
    this.rejected = collectorMeter.createCounter('pantau.ingest.rejected', { description: 'Records rejected to dead letters' })
    this.insertErrors = metrics.getMeter('pantau.writer').createCounter('pantau.writer.insert_errors', { description: 'Failed ClickHouse inserts' })
  }

  async start(): Promise<void> {
    await this.registry.cache.start(this.opts.log.child({ component: 'registry' }))
    for (const [topic, id] of Object.entries(this.cfg.gateways))
      if (this.registry.cache.loaded && !(await this.registry.gateway(id).catch(() => ({ id }))))
        this.opts.log.warn({ topic, gateway: id }, `otlp writer: topic '${topic}' is mapped to gateway '${id}', which is not registered (yet)`)
    await this.ranges.start()
  }

  async stop(): Promise<void> {
    await this.ranges.stop()
    this.registry.cache.stop()
  }

  totalLag(): number {
    return this.ranges.totalLag()
  }

  private async process({ topic, partition, messages, token }: RangeBatch): Promise<boolean> {
    // without the registry no record can be attributed: retry the range (transient), refuse nothing
    if (!this.registry.cache.loaded) await this.registry.cache.refresh()
    const attributor = new BatchAttributor(this.registry, this.cfg)
    const out: RangeRows = { events: [], raw: [], points: [], letters: [] }
    for (const m of messages) await this.record(topic, partition, m, attributor, out)

    const inserted = out.events.length > 0 || out.points.length > 0
    try {
      await this.insert('events', out.events, token)
      await this.insert('metrics', out.points, `${token}:metrics`)
      await this.insert('raw', out.raw, `${token}:raw`)
    } catch (e) {
      this.insertErrors.add(1, { topic })
      // transient: kafkajs retries the range; the intent stays, so the retry uses the same tokens, and
      // re-transforms to the same event ids (recordEventId): raw rows stored now match events stored before
      throw e
    }
    if (out.letters.length) {
      await this.storage.insertRows('dead_letters', out.letters, `${token}:rejected`)
      for (const l of out.letters) this.rejected.add(1, { signal: 'otlp_kafka', instansi: l.instansi })
    }
    return inserted
  }

  /** Rows of one stream, rows ClickHouse refuses set aside attributed (poison.ts). */
  private async insert(stream: 'events' | 'metrics' | 'raw', rows: readonly (RequestEvent | OtelMetricRow | RawRecordRow)[], token: string): Promise<void> {
    if (rows.length === 0) return
    const { table, columns } = STREAM_SPECS[stream]
    const refused: RefusedRow[] = await insertIsolating((body, t) => this.storage.insertCompact(table, columns, body, t), compactRows(columns, rows), token)
    await setAside(this.storage, refused, { columns, stream, source: token, fallbackGateway: '', token })
    if (stream === 'raw') return
    const stored = new Map<string, number>()
    for (const r of rows) stored.set(r.instansi, (stored.get(r.instansi) ?? 0) + 1)
    for (const [instansi, n] of stored) this.accepted.add(n, { signal: `otlp_kafka_${stream}`, instansi })
  }

  private async record(topic: string, partition: number, m: KafkaMessage, attributor: BatchAttributor, out: RangeRows): Promise<void> {
    const source = `kafka:${topic}:${partition}@${m.offset}`
    const refuse = (gw: GatewayContext | undefined, gatewayId: string, field: string, reason: string, payload = recordPayload(m.value)) => {
      out.letters.push({ ts: Date.now(), instansi: gw?.instansi ?? '', gateway_id: gw?.gatewayId ?? gatewayId, source, reason, field, payload })
      this.opts.log.debug({ source, field, reason }, 'otlp writer: record refused')
    }
    const who = await attributor.of(topic, m.headers)
    if (!who.ok) return refuse(undefined, who.gatewayId, who.field, who.reason)
    const gw = who.gateway
    const signal = signalOf(m.headers, this.topicSignals.get(topic))
    if (typeof signal !== 'string') return refuse(gw, '', signal.field, signal.reason)
    const decoded = decodeRecord(signal, m.value, Number(m.timestamp), this.opts.maxRecordBytes)
    if (!decoded.ok) return refuse(gw, '', decoded.field, decoded.reason)
    const { request, trusted } = decoded.decoded

    let rejections: Rejection[]
    if (signal === 'metrics') {
      const rows = metricsToRows(gw, request as ExportMetricsRequest, trusted, this.opts.window)
      out.points.push(...rows.rows)
      rejections = rows.rejections
    } else {
      const decodedRecords =
        signal === 'logs' ? logsToCandidates(request as ExportLogsRequest, trusted) : tracesToCandidates(request as ExportTraceRequest, trusted)
      const {
        events,
        origins,
        rejections: refused,
      } = transform(
        {
          registry: this.registry.cache,
          pseudonymizer: this.opts.pseudonymizer,
          timeWindow: this.opts.window,
          // a retried range transforms its records again: the same ids, so raw_records still match the events stored the first time
          eventId: (index) => recordEventId(topic, partition, m.offset, index),
        },
        gw,
        decodedRecords.candidates,
      )
      out.events.push(...events)
      if (this.opts.rawRecords)
        for (const [i, e] of events.entries()) {
          const record = consumedPayloadText(origins[i], MAX_RAW_RECORD_CHARS)
          out.raw.push({ ts: e.ts, event_id: e.event_id, instansi: e.instansi, gateway_id: e.gateway_id, source_format: e.source_format, record })
        }
      rejections = [...decodedRecords.rejections, ...refused].sort((a, b) => a.index - b.index)
    }
    for (const r of rejections) refuse(gw, '', r.field, r.reason, r.payload)
  }
}
