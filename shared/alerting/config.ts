/** Alerting settings from the environment (one zod schema); every interval is injectable for tests. */
import { z } from 'zod'

const seconds = (def: number) =>
  z.coerce
    .number()
    .min(0)
    .default(def)
    .transform((s) => Math.round(s * 1000))

export const AlertingConfig = z.object({
  /** Evaluate on a timer in this process (run it in exactly one API process). */
  enabled: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  intervalMs: seconds(30),
  groupWaitMs: seconds(30),
  groupIntervalMs: seconds(300),
  repeatIntervalMs: seconds(4 * 3600),
  resendMs: seconds(60),
  retries: z.coerce.number().int().min(0).max(20).default(5),
  retryBaseMs: seconds(1),
  retryMaxMs: seconds(60),
  timeoutMs: seconds(10),
  /** Resolved alerts stay listed (and announceable) this long. */
  resolvedRetentionMs: seconds(900),
  externalUrl: z.string().default('http://localhost:8080'),
})
export type AlertingConfig = z.infer<typeof AlertingConfig>

export function alertingConfigFromEnv(env: NodeJS.ProcessEnv = process.env, publicUrl?: string): AlertingConfig {
  const e = (name: string) => env[`PANTAU_ALERT_${name}`] || undefined
  return AlertingConfig.parse({
    enabled: e('ENABLED'),
    intervalMs: e('INTERVAL_S'),
    groupWaitMs: e('GROUP_WAIT_S'),
    groupIntervalMs: e('GROUP_INTERVAL_S'),
    repeatIntervalMs: e('REPEAT_INTERVAL_S'),
    resendMs: e('RESEND_S'),
    retries: e('RETRIES'),
    retryBaseMs: e('RETRY_BASE_S'),
    retryMaxMs: e('RETRY_MAX_S'),
    timeoutMs: e('TIMEOUT_S'),
    resolvedRetentionMs: e('RESOLVED_RETENTION_S'),
    externalUrl: publicUrl ?? env.PANTAU_PUBLIC_URL ?? undefined,
  })
}
