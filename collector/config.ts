/** Collector settings from the environment, through one zod schema. */
import { z } from 'zod'

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')

export const CollectorConfig = z.object({
  host: z.string().default('0.0.0.0'),
  httpPort: z.coerce.number().int().min(0).max(65535).default(4318),
  grpcPort: z.coerce.number().int().min(0).max(65535).default(4317),
  maxBodyBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
  /** Bytes of request bodies decoded and transformed at once (sources/admission.ts); a body beyond it waits for a retry. */
  maxInflightBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  spoolMaxBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024 * 1024),
  spoolSegmentBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  spoolFsync: bool.default(true),
  /**
   * Spool bytes per drain batch (one insert per stream). Measured on the 2-core
   * machine (issue 14): per-row engine cost falls from ~25 µs at 13k-row inserts
   * to ~14 µs at 100k; 32 MiB is ~26k events with their raw records, keeping
   * the drain's transient memory (the batch, its text for the engine) near 150 MB.
   */
  batchBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
  batchLingerMs: z.coerce.number().int().nonnegative().default(200),
  /** Key of the user-id pseudonymization HMAC; generated into the data dir when unset. */
  pseudonymKey: z.string().min(16).optional(),
  /** Read the registry from the API instead of ClickHouse (collectors without DB access). */
  registryUrl: z.string().url().optional(),
  registryToken: z.string().optional(),
  /** Oldest accepted record, days back (the raw retention, PANTAU_RAW_TTL_DAYS): bounds.ts. */
  maxEventAgeDays: z.coerce.number().int().min(1).max(36500).default(400),
  /** Days each event's redacted record as received is kept (raw_records); 0: not written (PANTAU_RAW_RECORD_DAYS). */
  rawRecordDays: z.coerce.number().int().min(0).max(400).default(7),
  /** How far ahead of the collector's clock a record may be, seconds (gateway clock skew). */
  maxFutureSeconds: z.coerce.number().int().min(0).max(86_400).default(600),
  /** Synthetic probes (/v1/probes), run by the collector role. */
  probes: z
    .object({
      enabled: bool.default(true),
      /** How often the list of probes is reloaded, ms (PANTAU_PROBE_RELOAD_S, seconds). */
      reloadMs: z.coerce
        .number()
        .min(0)
        .default(10)
        .transform((s) => Math.round(s * 1000)),
      /** How often due probes are looked for, ms. */
      tickMs: z.coerce.number().int().positive().default(500),
    })
    .default({ enabled: true, reloadMs: 10_000, tickMs: 500 }),
})
export type CollectorConfig = z.infer<typeof CollectorConfig>

export function collectorConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CollectorConfig {
  return CollectorConfig.parse({
    host: env.PANTAU_COLLECTOR_HOST || undefined,
    httpPort: env.PANTAU_OTLP_HTTP_PORT || undefined,
    grpcPort: env.PANTAU_OTLP_GRPC_PORT || undefined,
    maxBodyBytes: env.PANTAU_MAX_BODY_BYTES || undefined,
    maxInflightBytes: env.PANTAU_MAX_INFLIGHT_BYTES || undefined,
    spoolMaxBytes: env.PANTAU_SPOOL_MAX_BYTES || undefined,
    spoolSegmentBytes: env.PANTAU_SPOOL_SEGMENT_BYTES || undefined,
    spoolFsync: env.PANTAU_SPOOL_FSYNC || undefined,
    batchBytes: env.PANTAU_BATCH_BYTES || undefined,
    batchLingerMs: env.PANTAU_BATCH_LINGER_MS || undefined,
    pseudonymKey: env.PANTAU_PSEUDONYM_KEY || undefined,
    registryUrl: env.PANTAU_REGISTRY_URL || undefined,
    registryToken: env.PANTAU_REGISTRY_TOKEN || undefined,
    maxEventAgeDays: env.PANTAU_RAW_TTL_DAYS || undefined,
    maxFutureSeconds: env.PANTAU_MAX_FUTURE_S || undefined,
    rawRecordDays: env.PANTAU_RAW_RECORD_DAYS || undefined,
    probes: {
      enabled: env.PANTAU_PROBES_ENABLED || undefined,
      reloadMs: env.PANTAU_PROBE_RELOAD_S || undefined,
      tickMs: env.PANTAU_PROBE_TICK_MS || undefined,
    },
  })
}
