/** The kafkajs client, topic creation, and message headers shared by producer and writer. */
import { Kafka, logLevel } from 'kafkajs'
import { componentLogger, type Logger } from '../../shared/log/logger.js'
import { STREAMS } from '../sinks/spool-format.js'
import { type KafkaConfig, topicOf } from './config.js'

export const HEADER_SCHEMA = 'pantau-schema'
export const HEADER_FRAME = 'pantau-frame'
export const HEADER_REASON = 'pantau-reason'
export const SCHEMA_VERSION = 'v1'

/** The client; kafkajs's own errors go to `log` (its warnings, e.g. about the default partitioner, are not logged). */
export function createKafka(cfg: KafkaConfig, log: Logger = componentLogger('kafka')): Kafka {
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

/** Create the versioned topics when missing (idempotent). */
export async function ensureTopics(kafka: Kafka, cfg: KafkaConfig): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const existing = new Set(await admin.listTopics())
    const missing = STREAMS.map((s) => topicOf(cfg, s)).filter((t) => !existing.has(t))
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
