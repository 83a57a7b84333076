/**
 * Registry of the native gateway log formats and the `auto` detection.
 */
import type { FormatAdapter } from './adapter.js'
import { apisixFormat } from './apisix.js'
import { envoyFormat } from './envoy.js'
import { kongFormat } from './kong.js'
import { nginxFormat } from './nginx.js'
import { pasal13Format } from './pasal13.js'
import { wso2Format } from './wso2.js'

export type { FormatAdapter } from './adapter.js'

/** Native formats by name (the names are SourceFormat values). */
export const formats = {
  pasal13: pasal13Format,
  kong: kongFormat,
  apisix: apisixFormat,
  wso2: wso2Format,
  nginx: nginxFormat,
  envoy: envoyFormat,
} as const
export type NativeFormatName = keyof typeof formats

/**
 * Order tried by `auto`. Each detector keys on fields that are distinctive
 * for its format, so at most one should match; the order still runs from the
 * most specific shape to the most generic one as a safety net:
 * - pasal13: camelCase endpoint + method + statusCode/requestId/timestamp,
 * - wso2: apiName + proxyResponseCode,
 * - kong: request/response objects + started_at or latencies,
 * - apisix: request/response objects + start_time / apisix_latency / route_id
 *   (and no Kong keys),
 * - envoy: response_code + an Envoy operator key (response_flags, authority …),
 * - nginx last: any template with three or more nginx variable names.
 */
const DETECTION_ORDER: readonly FormatAdapter[] = [pasal13Format, wso2Format, kongFormat, apisixFormat, envoyFormat, nginxFormat]

/** The format whose detector accepts this record, or undefined. Never throws. */
export function detectFormat(record: unknown): FormatAdapter | undefined {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return undefined
  for (const format of DETECTION_ORDER) {
    try {
      if (format.detect(record as Record<string, unknown>)) return format
    } catch {
      // a detector must not throw; treat one that does as "not this format"
    }
  }
  return undefined
}
