/**
 * The writer's effectively-once protocol, shared by every consumer group
 * that moves Kafka records into ClickHouse (kafka-writer.ts for Pantau's own
 * topics, otlp-writer.ts for the OpenTelemetry Collector's).
 *
 * Each fetched batch of a partition is handled as one offset range whose
 * deduplication token is derived from topic/partition/range. Before the
 * handler inserts anything, the range is committed as an intent (offset
 * unchanged, metadata `pending:first-last`); after the handler the next
 * offset is committed. A writer that dies in between restarts from the
 * intent and hands exactly that range to the handler again, with the same
 * token, so every insert it repeats is dropped by ClickHouse. What the
 * handler does with the records (validate, decode, set aside) is its own.
 */
import { metrics } from '@opentelemetry/api'
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs'
import type { Logger } from '../../shared/log/logger.js'

/** One offset range of one partition, handed to the handler. */
export interface RangeBatch {
  topic: string
  partition: number
  messages: KafkaMessage[]
  first: bigint
  last: bigint
  /** The range in flight when a writer stopped, handed over again. */
  replay: boolean
  /** Idempotency token of the range: derive every insert's token from it. */
  token: string
}

/** Handle a range; resolves with whether anything was inserted. Throw to retry the same range (transient errors). */
export type RangeHandler = (batch: RangeBatch) => Promise<boolean>

export interface RangeConsumerOptions {
  groupId: string
  topics: string[]
  log: Logger
  handler: RangeHandler
  /**
   * Fault injection for tests (PANTAU_WRITER_CRASH_AFTER_INSERTS, server/config.ts):
   * SIGKILL this process right after the Nth range that inserted, before its offsets are committed.
   */
  crashAfterInserts?: number
}

interface Pending {
  first: bigint
  last: bigint
}

interface Replay extends Pending {
  messages: KafkaMessage[]
}

/**
 * Wait before starting a consumer that kafkajs gave up on, and between
 * attempts while the broker is still away.
 */
export const RESTART_AFTER_MS = 2_000

/** The token of a range: the same range always gets the same token. */
export const rangeToken = (topic: string, partition: number, first: bigint, last: bigint): string => `kafka:${topic}:${partition}:${first}-${last}`

export class RangeConsumer {
  private readonly consumer: Consumer
  private readonly admin: Admin
  /** Intents read from the group's committed metadata, per `topic:partition`; reset on every rebalance. */
  private readonly intents = new Map<string, Pending | null>()
  private readonly replays = new Map<string, Replay>()
  /** Consumer lag per `topic:partition`, from each batch's high watermark. */
  readonly lag = new Map<string, number>()
  private inserts = 0
  private stopping = false
  private restartTimer: NodeJS.Timeout | undefined

  constructor(
    kafka: Kafka,
    private readonly opts: RangeConsumerOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: opts.groupId,
      maxBytesPerPartition: 32 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      minBytes: 256 * 1024,
      maxWaitTimeInMs: 250,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
    })
    this.admin = kafka.admin()
    // the same instrument for every group of the process (the SDK merges identical descriptors)
    metrics
      .getMeter('pantau.writer')
      .createObservableGauge('pantau.writer.lag', { description: 'Messages behind the high watermark' })
      .addCallback((obs) => {
        for (const [tp, lag] of this.lag) {
          const [topic, partition] = tp.split(':')
          obs.observe(lag, { topic, partition })
        }
      })
  }

  async start(): Promise<void> {
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.intents.clear()
      this.replays.clear()
    })
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts a consumer after errors it deems retriable only; others leave it stopped for good —
      // seen while a broker restarts: "Failed to find group coordinator". Nothing would be written again.
      if (payload.restart || this.stopping) return
      this.opts.log.warn({ group: this.opts.groupId, error: payload.error }, 'writer: consumer stopped by Kafka, starting it again')
      this.restartSoon()
    })
    await this.admin.connect()
    await this.run()
  }

  private async run(): Promise<void> {
    await this.consumer.connect()
    await this.consumer.subscribe({ topics: this.opts.topics, fromBeginning: true })
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 2,
      eachBatch: (payload) => this.eachBatch(payload),
    })
  }

  /** Start the consumer again after RESTART_AFTER_MS, and again after that while it fails. */
  private restartSoon(): void {
    clearTimeout(this.restartTimer)
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return
      this.run().catch((error) => {
        this.opts.log.warn({ group: this.opts.groupId, error }, 'writer: consumer did not start, trying again')
        this.restartSoon()
      })
    }, RESTART_AFTER_MS)
  }

  async stop(): Promise<void> {
    this.stopping = true
    clearTimeout(this.restartTimer)
    await this.consumer.disconnect()
    await this.admin.disconnect()
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
        this.opts.log.warn({ partition: tp, offsets: `${intent.first}-${intent.last}` }, 'writer: resuming the range in flight when a writer stopped')
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

  private async process(topic: string, partition: number, messages: KafkaMessage[], first: bigint, last: bigint, replay: boolean): Promise<void> {
    const tp = `${topic}:${partition}`
    if (!replay) {
      await this.commit(topic, partition, first, `pending:${first}-${last}`)
      // A retry of this range (insert failed or timed out) must resend exactly this range.
      this.intents.set(tp, { first, last })
    }
    const inserted = await this.opts.handler({ topic, partition, messages, first, last, replay, token: rangeToken(topic, partition, first, last) })
    if (inserted && this.opts.crashAfterInserts && ++this.inserts >= this.opts.crashAfterInserts) process.kill(process.pid, 'SIGKILL')
    await this.commit(topic, partition, last + 1n, '')
    this.intents.set(tp, null)
  }

  private async intentOf(topic: string, partition: number): Promise<Pending | null> {
    const tp = `${topic}:${partition}`
    if (!this.intents.has(tp)) {
      const offsets = await this.admin.fetchOffsets({ groupId: this.opts.groupId, topics: [topic] })
      for (const p of offsets[0]?.partitions ?? []) {
        const m = /^pending:(\d+)-(\d+)$/.exec(p.metadata ?? '')
        this.intents.set(`${topic}:${p.partition}`, m ? { first: BigInt(m[1]), last: BigInt(m[2]) } : null)
      }
      if (!this.intents.has(tp)) this.intents.set(tp, null)
    }
    return this.intents.get(tp) ?? null
  }

  private commit(topic: string, partition: number, offset: bigint, metadata: string): Promise<void> {
    return this.consumer.commitOffsets([{ topic, partition, offset: String(offset), metadata }])
  }
}
