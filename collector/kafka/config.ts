/** Kafka settings (KAFKA_BROKERS enables the Kafka pipeline), through one zod schema. */
import { z } from 'zod'
import { STREAMS, type Stream } from '../sinks/spool-format.js'

export const KafkaConfig = z.object({
  brokers: z
    .string()
    .min(1)
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[\w.-]+:\d+$/, 'host:port')).min(1)),
  clientId: z.string().default('pantau'),
  topicPrefix: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/)
    .default('pantau'),
  groupId: z.string().min(1).default('pantau-writer'),
  partitions: z.coerce.number().int().min(1).max(1000).default(6),
  replicationFactor: z.coerce.number().int().min(1).max(7).default(1),
  /** Largest message the producer builds; bigger spool frames are split on row boundaries. */
  maxMessageBytes: z.coerce
    .number()
    .int()
    .min(16 * 1024)
    .default(512 * 1024),
  /** Uncompressed bytes per produce request: a partition's record batch must stay under the topic's max.message.bytes. */
  maxRequestBytes: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(4 * 1024 * 1024),
  /** max.message.bytes of the topics Pantau creates. */
  topicMaxMessageBytes: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .default(16 * 1024 * 1024),
})
export type KafkaConfig = z.infer<typeof KafkaConfig>

/** Undefined when KAFKA_BROKERS is not set: the embedded pipeline is used. */
export function kafkaConfigFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaConfig | undefined {
  if (!env.KAFKA_BROKERS) return undefined
  return KafkaConfig.parse({
    brokers: env.KAFKA_BROKERS,
    clientId: env.PANTAU_KAFKA_CLIENT_ID || undefined,
    topicPrefix: env.PANTAU_KAFKA_TOPIC_PREFIX || undefined,
    groupId: env.PANTAU_KAFKA_GROUP || undefined,
    partitions: env.PANTAU_KAFKA_PARTITIONS || undefined,
    replicationFactor: env.PANTAU_KAFKA_REPLICATION || undefined,
    maxMessageBytes: env.PANTAU_KAFKA_MAX_MESSAGE_BYTES || undefined,
  })
}

/** Versioned topic names: `pantau.events.v1`, `pantau.metrics.v1`, `pantau.dlq.v1`. */
export const topicOf = (cfg: Pick<KafkaConfig, 'topicPrefix'>, stream: Stream): string => `${cfg.topicPrefix}.${stream}.v1`

export function streamOfTopic(cfg: Pick<KafkaConfig, 'topicPrefix'>, topic: string): Stream | undefined {
  return STREAMS.find((s) => topicOf(cfg, s) === topic)
}
