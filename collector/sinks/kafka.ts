/**
 * Drain target for the Kafka pipeline: each spooled frame becomes one or more
 * messages (split on row boundaries to stay under the message size) on its
 * stream's versioned topic, keyed by gateway, with an idempotent producer,
 * acks=all and gzip. While the broker is unreachable the drain retries and
 * the spool keeps acknowledging; order is preserved per gateway.
 */
import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs'
import { HEADER_FRAME, HEADER_SCHEMA, SCHEMA_VERSION } from '../kafka/client.js'
import { type KafkaConfig, topicOf } from '../kafka/config.js'
import type { DrainTarget } from './drain.js'
import type { SpooledFrame } from './spool.js'

export class KafkaTarget implements DrainTarget {
  readonly name = 'kafka'
  private producer: Producer
  private connected = false

  constructor(
    kafka: Kafka,
    private readonly cfg: KafkaConfig,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false })
    this.producer.on('producer.disconnect', () => (this.connected = false))
  }

  async write(frames: SpooledFrame[], _token: string): Promise<void> {
    if (!this.connected) {
      await this.producer.connect()
      this.connected = true
    }
    // Produce requests of bounded size, in order: all messages of a gateway go
    // to one partition, and a partition's record batch has a size limit.
    let chunk: Array<{ topic: string; message: Message }> = []
    let chunkBytes = 0
    for (const f of frames) {
      const topic = topicOf(this.cfg, f.stream)
      const parts = splitRows(f.payload, this.cfg.maxMessageBytes)
      for (let i = 0; i < parts.length; i++) {
        if (chunkBytes + parts[i].length > this.cfg.maxRequestBytes && chunk.length > 0) {
          await this.send(chunk)
          chunk = []
          chunkBytes = 0
        }
        chunk.push({
          topic,
          message: {
            key: f.key,
            value: parts[i],
            headers: { [HEADER_SCHEMA]: SCHEMA_VERSION, [HEADER_FRAME]: frameId(f, i) },
          },
        })
        chunkBytes += parts[i].length
      }
    }
    if (chunk.length > 0) await this.send(chunk)
  }

  private async send(chunk: Array<{ topic: string; message: Message }>): Promise<void> {
    const byTopic = new Map<string, Message[]>()
    for (const { topic, message } of chunk) {
      const list = byTopic.get(topic)
      if (list) list.push(message)
      else byTopic.set(topic, [message])
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.GZIP,
      timeout: 30_000,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    })
  }

  async close(): Promise<void> {
    await this.producer.disconnect()
  }
}

/** Split newline-delimited rows into chunks of at most `max` bytes (a longer single row stays whole). */
export function splitRows(payload: Buffer, max: number): Buffer[] {
  if (payload.length <= max) return [payload]
  const parts: Buffer[] = []
  let start = 0
  while (start < payload.length) {
    let end = Math.min(start + max, payload.length)
    if (end < payload.length) {
      const nl = payload.lastIndexOf(10, end - 1)
      end = nl >= start ? nl + 1 : payload.indexOf(10, end) + 1 || payload.length
    }
    parts.push(payload.subarray(start, end))
    start = end
  }
  return parts
}

/**
 * The stable identity of one message: the spool, the frame's position in it
 * and the part of the frame. A resend of the frame (retry, or replay after a
 * crash) carries the same id, so the writer can drop it.
 */
export function frameId(f: Pick<SpooledFrame, 'spoolId' | 'pos'>, part: number): string {
  return `${f.spoolId}:${f.pos.seg}.${f.pos.off}#${part}`
}
