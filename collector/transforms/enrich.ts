/**
 * Enrich with the registry: the provider instansi and gateway come from the
 * ingest token (never from the record, so a gateway can only write events for
 * its own instansi); the API from the registered base paths; the consuming
 * instansi from the registered consumers. A record's own claim about which
 * instansi called is believed only when it names the gateway's own instansi:
 * otherwise a gateway of A could make "B consumes A" appear in B's views, and
 * only the registry may say that.
 */
import type { RegistryCache } from '../../shared/registry/cache.js'
import type { GatewayContext } from './types.js'

export interface Enrichment {
  instansi: string
  gateway_id: string
  api_id: string
  api_name: string
  api_version: string
  consumer_id: string
  consumer_instansi: string
}

export function enrich(
  registry: RegistryCache,
  ctx: GatewayContext,
  r: { path: string; api_name?: string; api_version?: string; consumer_id?: string; consumer_instansi?: string },
): Enrichment {
  const api = registry.matchApi(ctx.instansi, r.path)
  const consumer = r.consumer_id ? registry.consumer(r.consumer_id) : undefined
  return {
    instansi: ctx.instansi,
    gateway_id: ctx.gatewayId,
    api_id: api?.id ?? '',
    api_name: api?.name ?? r.api_name ?? '',
    api_version: api?.version || r.api_version || '',
    consumer_id: consumer?.id ?? r.consumer_id ?? '',
    consumer_instansi: consumer?.instansi ?? (r.consumer_instansi === ctx.instansi ? r.consumer_instansi : ''),
  }
}
