/** API settings from the environment, through one zod schema. */
import { z } from 'zod'

export const ApiConfig = z.object({
  host: z.string().default('0.0.0.0'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** The admin bearer token; generated into the data dir at first start when unset. */
  adminToken: z.string().min(16).optional(),
  /** Public base URL, used in verification links of reports. */
  publicUrl: z.string().url().optional(),
  /** Addresses of reverse proxies whose X-Forwarded-For names the client (audit log). */
  trustedProxies: z.array(z.string().min(1)).default([]),
  /** Rebuild the UI bundle on every request (working on the pages). */
  uiDev: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
})
export type ApiConfig = z.infer<typeof ApiConfig>

export function apiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return ApiConfig.parse({
    host: env.PANTAU_API_HOST || undefined,
    port: env.PANTAU_API_PORT || undefined,
    adminToken: env.PANTAU_ADMIN_TOKEN || undefined,
    uiDev: env.PANTAU_UI_DEV || undefined,
    publicUrl: env.PANTAU_PUBLIC_URL || undefined,
    trustedProxies: env.PANTAU_TRUSTED_PROXIES
      ? env.PANTAU_TRUSTED_PROXIES.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
  })
}
