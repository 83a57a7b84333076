/**
 * The writer: a Kafka consumer group that moves the versioned topics into
 * ClickHouse, effectively once.
 *
 * Each fetched batch of a partition is one offset range, inserted with a
 * deduplication token derived from it under the intent protocol of
 * range-consumer.ts (a writer that dies mid-range replays exactly that range
 * with the same tokens). Poison messages (not rows of their stream's schema)
 * go to the DLQ topic with the reason; rows ClickHouse itself refuses are
 * bisected out and set aside to `dead_letters` (sinks/poison.ts); the
 * partition keeps moving either way.
 */
import { type Counter, metrics } from '@opentelemetry/api'
import type { Kafka, KafkaMessage, Producer } from 'kafkajs'
import { componentLogger, type Logger } from '../../shared/log/logger.js'
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { DEFAULT_TIME_WINDOW, type TimeWindow } from '../bounds.js'
import type { DeadLetter } from '../event.js'
import { HEADER_FRAME, HEADER_REASON, HEADER_SCHEMA, SCHEMA_VERSION } from '../kafka/client.js'
import { type KafkaConfig, streamOfTopic, topicOf } from '../kafka/config.js'
import { STREAMS } from '../sinks/spool-format.js'
import { insertIsolating, type RefusedRow, setAside } from '../sinks/poison.js'
import { compactRows, STREAM_SPECS } from '../streams.js'
import { type RangeBatch, RangeConsumer } from './range-consumer.js'
import { validateMessage } from './validate.js'

export interface KafkaWriterOptions {
  /** Default: the `writer` component of the root logger. */
  log?: Logger
  /** Accepted row times (bounds.ts): the same window the collectors apply. */
  window?: TimeWindow
  /**
   * Fault injection for tests (PANTAU_WRITER_CRASH_AFTER_INSERTS, server/config.ts):
   * SIGKILL this process right after the Nth insert, before its offsets are committed.
   */
  crashAfterInserts?: number
}

const FrameIdRow = z.object({ frame_id: z.string() })

export class KafkaWriter {
  private readonly ranges: RangeConsumer
  private producer: Producer
  private readonly log: Logger
  private readonly window: TimeWindow
  /** Created with the writer, so they bind to the meter provider the process installed by then. */
  private readonly rowsCounter: Counter
  private readonly poisonCounter: Counter
  private readonly insertErrors: Counter

  constructor(
    kafka: Kafka,
    private readonly cfg: KafkaConfig,
    private readonly storage: Storage,
    opts: KafkaWriterOptions = {},
  ) {
    this.log = opts.log ?? componentLogger('writer')
    this.window = opts.window ?? DEFAULT_TIME_WINDOW
    this.ranges = new RangeConsumer(kafka, {
      groupId: cfg.groupId,
      topics: STREAMS.map((s) => topicOf(cfg, s)),
      log: this.log,
      handler: (batch) => this.process(batch),
      crashAfterInserts: opts.crashAfterInserts,
    })
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
    const meter = metrics.getMeter('pantau.writer')
    this.rowsCounter = meter.createCounter('pantau.writer.rows', { description: 'Rows inserted into ClickHouse' })
    this.poisonCounter = meter.createCounter('pantau.writer.poison', { description: 'Messages sent to the DLQ topic' })
    this.insertErrors = meter.createCounter('pantau.writer.insert_errors', { description: 'Failed ClickHouse inserts' })
  }

  /** Consumer lag per `topic:partition`. */
  get lag(): ReadonlyMap<string, number> {
    return this.ranges.lag
  }

  async start(): Promise<void> {
    await this.producer.connect()
    await this.ranges.start()
  }

  async stop(): Promise<void> {
    await this.ranges.stop()
    await this.producer.disconnect()
  }

  /** Total lag over all partitions (for readiness and tests). */
  totalLag(): number {
    return this.ranges.totalLag()
  }

  private async process({ topic, partition, messages, token }: RangeBatch): Promise<boolean> {
    const stream = streamOfTopic(this.cfg, topic)
    if (!stream) throw new Error(`not a Pantau topic: ${topic}`)
    const good: Buffer[] = []
    const poison: DeadLetter[] = []
    const frames: string[] = []
    /** Rows refused on their own, by the row check here or by ClickHouse: set aside, attributed. */
    const refusedRows: RefusedRow[] = []
    let rows = 0
    const seen = await this.framesSeen(messages)
    for (const m of messages) {
      const id = m.headers?.[HEADER_FRAME]?.toString()
      if (id !== undefined) {
        if (seen.has(id)) continue // a resent frame: its rows are stored already
        seen.add(id)
        frames.push(id)
      }
      const v = validateMessage(stream, m.value, m.headers, this.window)
      if (v.ok) {
        if (v.good.length) good.push(v.good)
        rows += v.rows - v.refused.length
        for (const r of v.refused) refusedRows.push({ row: r.row, field: r.field, reason: `${r.reason} (kafka:${topic}:${partition}@${m.offset})` })
      } else {
        poison.push({
          ts: Date.now(),
          instansi: '',
          gateway_id: m.key?.toString() ?? '',
          source: `kafka:${topic}:${partition}@${m.offset}`,
          reason: v.reason,
          field: v.field,
          payload: (m.value ?? Buffer.alloc(0)).toString('utf8', 0, Math.min(m.value?.length ?? 0, 64 * 1024)),
        })
      }
    }
    const { table, columns } = STREAM_SPECS[stream]
    if (good.length) {
      try {
        // rows ClickHouse refuses for their data are bisected out and set aside (poison.ts)
        const refused = await insertIsolating((body, t) => this.storage.insertCompact(table, columns, body, t), Buffer.concat(good), token)
        refusedRows.push(...refused)
        this.rowsCounter.add(rows - refused.length, { topic })
      } catch (e) {
        this.insertErrors.add(1, { topic })
        throw e // transient: kafkajs retries the batch; the intent stays, so the retry uses the same tokens
      }
    }
    await setAside(this.storage, refusedRows, { columns, stream, source: `kafka:${topic}:${partition}`, fallbackGateway: '', token })
    if (frames.length)
      await this.storage.insertRows(
        'kafka_frames',
        frames.map((frame_id) => ({ frame_id, topic })),
        `${token}:frames`,
      )
    if (poison.length) await this.deadLetter(stream, poison, token)
    return good.length > 0
  }

  /** Frame ids of these messages that an earlier batch already stored. */
  private async framesSeen(messages: KafkaMessage[]): Promise<Set<string>> {
    const ids = messages.map((m) => m.headers?.[HEADER_FRAME]?.toString()).filter((x): x is string => x !== undefined)
    if (ids.length === 0) return new Set()
    const rows = await this.storage.rows(FrameIdRow, 'SELECT frame_id FROM kafka_frames WHERE frame_id IN {ids:Array(String)}', { ids })
    return new Set(rows.map((r) => r.frame_id))
  }

  /** Poison goes to the DLQ topic; poison on the DLQ topic itself goes straight to the table. */
  private async deadLetter(stream: string, letters: DeadLetter[], token: string): Promise<void> {
    this.poisonCounter.add(letters.length, { stream })
    for (const l of letters) this.log.warn({ stream, field: l.field, reason: l.reason }, `writer: poison message ${l.source}`)
    const payload = compactRows(STREAM_SPECS.dlq.columns, letters)
    if (stream === 'dlq') {
      await this.storage.insertCompact(STREAM_SPECS.dlq.table, STREAM_SPECS.dlq.columns, payload, `${token}:poison`)
      return
    }
    await this.producer.send({
      topic: topicOf(this.cfg, 'dlq'),
      acks: -1,
      messages: [{ key: letters[0].gateway_id, value: payload, headers: { [HEADER_SCHEMA]: SCHEMA_VERSION, [HEADER_REASON]: letters[0].reason } }],
    })
  }
}
