/**
 * Kafka settings (KAFKA_BROKERS enables the Kafka pipeline), through one zod
 * schema: Pantau's own versioned topics, and the OpenTelemetry Collector
 * topics the writer also reads (PANTAU_OTLP_KAFKA_*), with how their records
 * are attributed to gateways.
 */
import { z } from 'zod'
import { STREAMS, type Stream } from '../sinks/spool-format.js'

const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/
const SIGNALS = ['logs', 'traces', 'metrics'] as const
export type OtlpSignal = (typeof SIGNALS)[number]

const commaList = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )

/**
 * The signal a topic carries when its records have no `otelcol.signal`
 * header: named (`topic:logs`), else read from the collector's default names
 * (otlp_logs, otlp_spans, otlp_metrics) or any name with log / span or trace / metric in it.
 */
function signalOfName(name: string): OtlpSignal | undefined {
  const n = name.toLowerCase()
  if (/log/.test(n)) return 'logs'
  if (/span|trace/.test(n)) return 'traces'
  if (/metric/.test(n)) return 'metrics'
  return undefined
}

/** `name` or `name:logs|traces|metrics` (Kafka topic names cannot hold a colon). */
const OtlpTopic = z.string().transform((entry, ctx) => {
  const [name = '', signal, ...rest] = entry.split(':')
  if (!TOPIC.test(name) || rest.length > 0) {
    ctx.addIssue({ code: 'custom', message: `'${entry}': a Kafka topic name, optionally followed by :logs, :traces or :metrics` })
    return z.NEVER
  }
  if (signal !== undefined && !(SIGNALS as readonly string[]).includes(signal)) {
    ctx.addIssue({ code: 'custom', message: `'${entry}': the signal after ':' is logs, traces or metrics` })
    return z.NEVER
  }
  return { name, signal: (signal as OtlpSignal | undefined) ?? signalOfName(name) }
})

/** `topic=gatewayId` pairs: every record of the topic belongs to that gateway unless it carries a token. */
const GatewayMap = commaList.transform((pairs, ctx) => {
  const map: Record<string, string> = {}
  for (const pair of pairs) {
    const m = /^([a-zA-Z0-9._-]+)=(\S+)$/.exec(pair)
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `'${pair}': expected topic=gatewayId` })
      return z.NEVER
    }
    map[m[1]!] = m[2]!
  }
  return map
})

/** The OpenTelemetry Collector's kafka exporter as an input (collector/writer/otlp-writer.ts). */
export const OtlpKafkaConfig = z
  .object({
    /** Topics the writer reads OTLP records from; none: off. */
    topics: commaList.pipe(z.array(OtlpTopic)),
    /** Consumer group of those topics (its own, so its offsets never mix with Pantau's topics). */
    groupId: z.string().min(1).default('pantau-otlp-writer'),
    /** Record header carrying a gateway's ingest token (`Bearer ` prefix allowed), as `record_headers` sets it. */
    tokenHeader: z.string().min(1).default('x-pantau-token'),
    /** Gateway of each topic for records without a token header. */
    gateways: GatewayMap,
  })
  .superRefine((c, ctx) => {
    const names = new Set(c.topics.map((t) => t.name))
    for (const topic of Object.keys(c.gateways))
      if (!names.has(topic)) ctx.addIssue({ code: 'custom', path: ['gateways'], message: `topic '${topic}' is mapped to a gateway but not in the OTLP topics` })
  })
export type OtlpKafkaConfig = z.infer<typeof OtlpKafkaConfig>

export const KafkaConfig = z
  .object({
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
    otlp: OtlpKafkaConfig.prefault({}),
  })
  .superRefine((c, ctx) => {
    for (const t of c.otlp.topics)
      if (streamOfTopic(c, t.name))
        ctx.addIssue({ code: 'custom', path: ['otlp', 'topics'], message: `'${t.name}' is one of Pantau's own topics, not an OpenTelemetry Collector topic` })
  })
export type KafkaConfig = z.infer<typeof KafkaConfig>

/** Undefined when KAFKA_BROKERS is not set: the embedded pipeline is used. */
export function kafkaConfigFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaConfig | undefined {
  if (!env.KAFKA_BROKERS) {
    if (env.PANTAU_OTLP_KAFKA_TOPICS) throw new Error('PANTAU_OTLP_KAFKA_TOPICS needs KAFKA_BROKERS (the brokers the OpenTelemetry Collectors write to)')
    return undefined
  }
  return KafkaConfig.parse({
    brokers: env.KAFKA_BROKERS,
    clientId: env.PANTAU_KAFKA_CLIENT_ID || undefined,
    topicPrefix: env.PANTAU_KAFKA_TOPIC_PREFIX || undefined,
    groupId: env.PANTAU_KAFKA_GROUP || undefined,
    partitions: env.PANTAU_KAFKA_PARTITIONS || undefined,
    replicationFactor: env.PANTAU_KAFKA_REPLICATION || undefined,
    maxMessageBytes: env.PANTAU_KAFKA_MAX_MESSAGE_BYTES || undefined,
    otlp: {
      topics: env.PANTAU_OTLP_KAFKA_TOPICS || undefined,
      groupId: env.PANTAU_OTLP_KAFKA_GROUP || undefined,
      tokenHeader: env.PANTAU_OTLP_KAFKA_TOKEN_HEADER || undefined,
      gateways: env.PANTAU_OTLP_KAFKA_GATEWAYS || undefined,
    },
  })
}

/** Versioned topic names: `pantau.events.v1`, `pantau.metrics.v1`, `pantau.dlq.v1`. */
export const topicOf = (cfg: Pick<KafkaConfig, 'topicPrefix'>, stream: Stream): string => `${cfg.topicPrefix}.${stream}.v1`

export function streamOfTopic(cfg: Pick<KafkaConfig, 'topicPrefix'>, topic: string): Stream | undefined {
  return STREAMS.find((s) => topicOf(cfg, s) === topic)
}
