/**
 * The writer: a Kafka consumer group that moves the versioned topics into
 * ClickHouse, effectively once.
 *
 * Each fetched batch of a partition is one insert whose deduplication token
 * is derived from topic/partition/offset range. Before inserting, the range
 * is committed as an intent (offset unchanged, metadata `pending:first-last`);
 * after the insert the next offset is committed. A writer that dies in
 * between restarts from the intent and re-inserts exactly that range with
 * the same token, which ClickHouse drops. Poison messages (not rows of their
 * stream's schema) go to the DLQ topic with the reason; rows ClickHouse itself
 * refuses are bisected out and set aside to `dead_letters` (sinks/poison.ts);
 * the partition keeps moving either way.
 */
import { type Counter, metrics } from '@opentelemetry/api'
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs'
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
import { validateMessage } from './validate.js'

interface Pending {
  first: bigint
  last: bigint
}

interface Replay extends Pending {
  messages: KafkaMessage[]
}

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
  private consumer: Consumer
  private admin: Admin
  private producer: Producer
  /** Intents read from the group's committed metadata, per `topic:partition`; reset on every rebalance. */
  private intents = new Map<string, Pending | null>()
  private replays = new Map<string, Replay>()
  /** Consumer lag per `topic:partition`, from each batch's high watermark. */
  readonly lag = new Map<string, number>()
  private readonly log: Logger
  private readonly window: TimeWindow
  private readonly crashAfterInserts: number
  private inserts = 0
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
    this.crashAfterInserts = opts.crashAfterInserts ?? 0
    this.consumer = kafka.consumer({
      groupId: cfg.groupId,
      maxBytesPerPartition: 32 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      minBytes: 256 * 1024,
      maxWaitTimeInMs: 250,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
    })
    this.admin = kafka.admin()
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
    const meter = metrics.getMeter('pantau.writer')
    this.rowsCounter = meter.createCounter('pantau.writer.rows', { description: 'Rows inserted into ClickHouse' })
    this.poisonCounter = meter.createCounter('pantau.writer.poison', { description: 'Messages sent to the DLQ topic' })
    this.insertErrors = meter.createCounter('pantau.writer.insert_errors', { description: 'Failed ClickHouse inserts' })
    meter.createObservableGauge('pantau.writer.lag', { description: 'Messages behind the high watermark' }).addCallback((obs) => {
      for (const [tp, lag] of this.lag) {
        const [topic, partition] = tp.split(':')
        obs.observe(lag, { topic, partition })
      }
    })
  }

  async start(): Promise<void> {
    await Promise.all([this.consumer.connect(), this.admin.connect(), this.producer.connect()])
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.intents.clear()
      this.replays.clear()
    })
    await this.consumer.subscribe({ topics: STREAMS.map((s) => topicOf(this.cfg, s)), fromBeginning: true })
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 2,
      eachBatch: (payload) => this.eachBatch(payload),
    })
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect()
    await Promise.all([this.admin.disconnect(), this.producer.disconnect()])
  }

  /** Total lag over all partitions (for readiness and tests). */
  totalLag(): number {
    let n = 0
    for (const v of this.lag.values()) n += v
    return n
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch
    const tp = `${topic}:${partition}`
    this.lag.set(tp, Number(batch.offsetLag()))
    if (batch.messages.length === 0 || !isRunning() || isStale()) return
    let messages = batch.messages

    const intent = await this.intentOf(topic, partition)
    if (intent) {
      // Finish the batch that was in flight when a writer died: exactly its range, same token.
      let replay = this.replays.get(tp)
      if (!replay) {
        replay = { ...intent, messages: [] }
        this.log.warn({ partition: tp, offsets: `${intent.first}-${intent.last}` }, 'writer: resuming the range in flight when a writer stopped')
      }
      this.replays.set(tp, replay)
      for (const m of messages) {
        const o = BigInt(m.offset)
        if (o >= replay.first && o <= replay.last && !replay.messages.some((x) => x.offset === m.offset)) replay.messages.push(m)
      }
      messages = messages.filter((m) => BigInt(m.offset) > replay.last)
      if (replay.messages.length < Number(replay.last - replay.first + 1n)) {
        // Not all of it fetched yet: advance the fetch position (not the commit) and wait for more.
        resolveOffset(batch.lastOffset())
        return
      }
      await this.process(topic, partition, replay.messages, replay.first, replay.last, true)
      this.replays.delete(tp)
      this.intents.set(tp, null)
      resolveOffset(String(replay.last))
      await heartbeat()
    }
    if (messages.length === 0) return
    const first = BigInt(messages[0].offset)
    const last = BigInt(messages[messages.length - 1].offset)
    await this.process(topic, partition, messages, first, last, false)
    resolveOffset(String(last))
    await heartbeat()
  }

  private async intentOf(topic: string, partition: number): Promise<Pending | null> {
    const tp = `${topic}:${partition}`
    if (!this.intents.has(tp)) {
      const offsets = await this.admin.fetchOffsets({ groupId: this.cfg.groupId, topics: [topic] })
      for (const p of offsets[0]?.partitions ?? []) {
        const m = /^pending:(\d+)-(\d+)$/.exec(p.metadata ?? '')
        this.intents.set(`${topic}:${p.partition}`, m ? { first: BigInt(m[1]), last: BigInt(m[2]) } : null)
      }
      if (!this.intents.has(tp)) this.intents.set(tp, null)
    }
    return this.intents.get(tp) ?? null
  }

  private async process(topic: string, partition: number, messages: KafkaMessage[], first: bigint, last: bigint, replay: boolean): Promise<void> {
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
    if (!replay) {
      await this.commit(topic, partition, first, `pending:${first}-${last}`)
      // A retry of this batch (insert failed or timed out) must resend exactly this range.
      this.intents.set(`${topic}:${partition}`, { first, last })
    }
    const { table, columns } = STREAM_SPECS[stream]
    const token = `kafka:${topic}:${partition}:${first}-${last}`
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
      if (this.crashAfterInserts && ++this.inserts >= this.crashAfterInserts) process.kill(process.pid, 'SIGKILL')
    }
    await setAside(this.storage, refusedRows, { columns, stream, source: `kafka:${topic}:${partition}`, fallbackGateway: '', token })
    if (frames.length)
      await this.storage.insertRows(
        'kafka_frames',
        frames.map((frame_id) => ({ frame_id, topic })),
        `${token}:frames`,
      )
    if (poison.length) await this.deadLetter(stream, poison, token)
    await this.commit(topic, partition, last + 1n, '')
    this.intents.set(`${topic}:${partition}`, null)
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

  private commit(topic: string, partition: number, offset: bigint, metadata: string): Promise<void> {
    return this.consumer.commitOffsets([{ topic, partition, offset: String(offset), metadata }])
  }
}
