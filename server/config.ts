/**
 * Settings of the process itself, which no part owns: its roles, the writer
 * role's health listener, the /metrics token of every listener, the api's
 * background uptime refresh, and Pantau's own telemetry. Each is a zod
 * schema read from the environment here, once; stack.ts hands the values
 * down. The parts read their own (collector/config.ts, api/config.ts, …).
 */
import { z } from 'zod'

export const ROLES = ['collector', 'writer', 'api'] as const
export type RoleName = (typeof ROLES)[number]

/** `--role=a,b` (or PANTAU_ROLES; default all). */
export function rolesFrom(argv: string[], env: NodeJS.ProcessEnv = process.env): Set<RoleName> {
  const arg = argv.find((a) => a.startsWith('--role='))?.slice(7) ?? env.PANTAU_ROLES ?? 'all'
  const names = arg === 'all' ? [...ROLES] : arg.split(',').map((s) => s.trim())
  for (const n of names) if (!ROLES.includes(n as RoleName)) throw new Error(`unknown role '${n}'; roles: ${ROLES.join(', ')}, all`)
  return new Set(names as RoleName[])
}

/** The name of the process in its logs and telemetry: pantau-stack (every role), pantau-collector, pantau-api,writer, … */
export const serviceName = (roles: Set<RoleName>): string => `pantau-${roles.size === ROLES.length ? 'stack' : [...roles].join(',')}`

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')

export const ServerConfig = z.object({
  /** The writer role's own listener (/healthz, /metrics) when the process has no api role. */
  writerHost: z.string().default('0.0.0.0'),
  writerPort: z.coerce.number().int().min(0).max(65535).default(8081),
  /**
   * Fault injection for tests (kafka.test.ts): the writer SIGKILLs its process
   * right after this many inserts, before their offsets are committed. 0: never.
   */
  writerCrashAfterInserts: z.coerce.number().int().min(0).default(0),
  /** How often the api keeps the hourly uptime rows of recent traffic current; 0: only when read. */
  uptimeRefreshMs: z.coerce.number().int().min(0).default(60_000),
  /** Bearer token every /metrics of the process requires (open when unset). */
  metricsToken: z.string().min(1).optional(),
})
export type ServerConfig = z.infer<typeof ServerConfig>

export function serverConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return ServerConfig.parse({
    writerHost: env.PANTAU_WRITER_HOST || undefined,
    writerPort: env.PANTAU_WRITER_PORT || undefined,
    writerCrashAfterInserts: env.PANTAU_WRITER_CRASH_AFTER_INSERTS || undefined,
    uptimeRefreshMs: env.PANTAU_UPTIME_REFRESH_MS || undefined,
    metricsToken: env.PANTAU_METRICS_TOKEN || undefined,
  })
}

/**
 * Pantau's own telemetry (telemetry.ts). The OpenTelemetry SDK reads the
 * other standard OTEL_* variables itself (OTEL_EXPORTER_OTLP_ENDPOINT, …).
 */
export const TelemetryConfig = z.object({
  /** Export traces and metrics over OTLP (PANTAU_OTEL_ENABLED); /metrics is served either way. */
  otlpEnabled: bool.default(false),
  /** OTEL_METRIC_EXPORT_INTERVAL, ms. */
  metricExportIntervalMs: z.coerce.number().int().positive().default(60_000),
  /** OTEL_EXPORTER_OTLP_METRICS_PROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL: http/protobuf, or http/json. */
  metricsProtocol: z.string().default('http/protobuf'),
})
export type TelemetryConfig = z.infer<typeof TelemetryConfig>

export function telemetryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TelemetryConfig {
  return TelemetryConfig.parse({
    otlpEnabled: env.PANTAU_OTEL_ENABLED || undefined,
    metricExportIntervalMs: env.OTEL_METRIC_EXPORT_INTERVAL || undefined,
    metricsProtocol: env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || undefined,
  })
}
