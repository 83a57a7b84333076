/**
 * Shadow APIs: routes seen in traffic that no registered API covers. The
 * `unregistered_routes` rollup records what was unmatched on arrival; here
 * each route is checked again against today's registry (with the collector's
 * own base-path matching), so registering an API clears its findings.
 */
import { z } from '@hono/zod-openapi'
import { loadSnapshotFromStorage, RegistryCache } from './cache.js'
import type { Storage } from '../../storage/client.js'
import { chTime, count } from '../../storage/columns.js'

export const ShadowApi = z
  .object({
    instansi: z.string(),
    gateway_id: z.string(),
    method: z.string(),
    route: z.string(),
    api_name: z.string().describe('Name the gateway logged, if any'),
    first_seen: z.string(),
    last_seen: z.string(),
    requests: z.number().int(),
    consumers: z.number().int(),
  })
  .openapi('ShadowApi')
export type ShadowApi = z.infer<typeof ShadowApi>
const ShadowRow = ShadowApi.extend({ first_seen: chTime, last_seen: chTime, requests: count, consumers: count })

export async function shadowApis(storage: Storage, instansi: string | undefined, limit: number): Promise<ShadowApi[]> {
  const snapshot = await loadSnapshotFromStorage(storage)
  const registry = new RegistryCache({ load: async () => snapshot })
  await registry.refresh()
  const rows = await storage.rows(
    ShadowRow,
    `SELECT instansi, gateway_id, method, route, api_name,
            toString(min(first_seen)) AS first_seen, toString(max(last_seen)) AS last_seen,
            sum(requests) AS requests, uniqMerge(consumers) AS consumers
     FROM unregistered_routes
     WHERE ({instansi:String} = '' OR instansi = {instansi:String})
     GROUP BY instansi, gateway_id, method, route, api_name
     ORDER BY requests DESC
     LIMIT {scan:UInt32}`,
    { instansi: instansi ?? '', scan: limit * 20 },
  )
  return rows.filter((r) => !registry.matchApi(r.instansi, r.route)).slice(0, limit)
}
