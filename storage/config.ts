/** Storage settings, read from the environment through one zod schema. */
import { z } from 'zod'

export const StorageConfig = z.object({
  /** Persistent directory for the embedded engine, the spool and local state. */
  dataDir: z.string().min(1).default('./data'),
  /** A ClickHouse server URL; when unset the embedded chDB engine is used. */
  clickhouseUrl: z.string().url().optional(),
  clickhouseUser: z.string().default('default'),
  clickhousePassword: z.string().default(''),
  database: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a plain identifier')
    .default('pantau'),
  /** Days raw request events are kept (a whole previous-year assessment period). */
  rawTtlDays: z.coerce.number().int().min(1).max(36500).default(400),
  /** Days the redacted records as received are kept (raw_records; 0: not kept). */
  rawRecordDays: z.coerce.number().int().min(0).max(400).default(7),
})
export type StorageConfig = z.infer<typeof StorageConfig>

export function storageConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  return StorageConfig.parse({
    dataDir: env.PANTAU_DATA_DIR || undefined,
    clickhouseUrl: env.CLICKHOUSE_URL || undefined,
    clickhouseUser: env.CLICKHOUSE_USER || undefined,
    clickhousePassword: env.CLICKHOUSE_PASSWORD || undefined,
    database: env.CLICKHOUSE_DATABASE || undefined,
    rawTtlDays: env.PANTAU_RAW_TTL_DAYS || undefined,
    rawRecordDays: env.PANTAU_RAW_RECORD_DAYS || undefined,
  })
}
