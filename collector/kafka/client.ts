/**
 * The kafkajs client (with the compression codecs kafkajs lacks, codecs.ts),
 * topic creation, and message headers shared by producer and writer.
 */
import kafkajs, { Kafka, logLevel } from 'kafkajs'
import { componentLogger, type Logger } from '../../shared/log/logger.js'
import { STREAMS } from '../sinks/spool-format.js'
import { lz4Codec, snappyCodec, zstdCodec } from './codecs.js'
import { type KafkaConfig, topicOf } from './config.js'

export const HEADER_SCHEMA = 'pantau-schema'
export const HEADER_FRAME = 'pantau-frame'
export const HEADER_REASON = 'pantau-reason'
export const SCHEMA_VERSION = 'v1'

let codecsRegistered = false

/**
 * Teach kafkajs (process-wide) to read zstd and snappy batches and to name
 * what it cannot read (lz4); once, before the first client is created.
 */
export function registerCodecs(): void {
  if (codecsRegistered) return
  codecsRegistered = true
  // from the CommonJS module object: Node's ESM named-export detection misses CompressionCodecs
  const { CompressionCodecs, CompressionTypes } = kafkajs
  CompressionCodecs[CompressionTypes.ZSTD] = () => zstdCodec
  CompressionCodecs[CompressionTypes.Snappy] = () => snappyCodec
  CompressionCodecs[CompressionTypes.LZ4] = () => lz4Codec
}

/** The client; kafkajs's own errors go to `log` (its warnings, e.g. about the default partitioner, are not logged). */
export function createKafka(cfg: KafkaConfig, log: Logger = componentLogger('kafka')): Kafka {
  registerCodecs()
  return new Kafka({
    clientId: cfg.clientId,
    brokers: cfg.brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
    logLevel: logLevel.ERROR,
    logCreator: () => (entry) => {
      if (entry.level <= logLevel.ERROR) log.error({ namespace: entry.namespace, broker: entry.log.broker }, `kafka: ${entry.log.message}`)
    },
  })
}

/**
 * Create the versioned topics when missing (idempotent), and `extra` topics
 * with the same settings (the OTLP topics the writer reads, so it can
 * subscribe before the first edge collector has written).
 */
export async function ensureTopics(kafka: Kafka, cfg: KafkaConfig, extra: readonly string[] = []): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const existing = new Set(await admin.listTopics())
    const missing = [...STREAMS.map((s) => topicOf(cfg, s)), ...extra].filter((t) => !existing.has(t))
    if (missing.length)
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: cfg.partitions,
          replicationFactor: cfg.replicationFactor,
          configEntries: [{ name: 'max.message.bytes', value: String(cfg.topicMaxMessageBytes) }],
        })),
      })
  } finally {
    await admin.disconnect()
  }
}
