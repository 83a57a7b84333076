/**
 * The shapes probes travel in between the API (which stores their
 * configuration and serves it to split-out collectors) and the collector's
 * probe runner (which checks them and writes results): one zod schema each,
 * types inferred.
 */
import { z } from 'zod'

export const ProbeConfig = z.object({
  id: z.string(),
  instansi: z.string(),
  api_id: z.string(),
  name: z.string(),
  url: z.string(),
  method: z.string(),
  headers: z.record(z.string(), z.string()),
  expected_status: z.number().int(),
  body_contains: z.string(),
  interval_s: z.number(),
  timeout_ms: z.number(),
  tls_verify: z.boolean(),
  enabled: z.boolean(),
})
export type ProbeConfig = z.infer<typeof ProbeConfig>

/** The enabled probes, as the runner loads them. */
export const PROBE_SELECT = `SELECT id, instansi, api_id, name, url, method, headers, expected_status, body_contains, interval_s, timeout_ms, tls_verify, enabled
  FROM probes FINAL WHERE deleted = 0 AND enabled`

export const ProbeResultRow = z.object({
  ts: z.number(),
  probe_id: z.string(),
  instansi: z.string(),
  api_id: z.string(),
  name: z.string(),
  url: z.string(),
  ok: z.union([z.literal(0), z.literal(1)]),
  status: z.number().int(),
  latency_ms: z.number(),
  error: z.string(),
  tls_version: z.string(),
  /** Seconds since the epoch (DateTime), null for plain HTTP. */
  cert_not_after: z.number().nullable(),
  cert_subject: z.string(),
})
export type ProbeResultRow = z.infer<typeof ProbeResultRow>
export const ProbeResultRows = z.array(ProbeResultRow)
