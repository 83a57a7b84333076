/**
 * Where the probe runner gets its probes and puts its results: ClickHouse
 * directly, or — for a collector without database access (PANTAU_REGISTRY_URL)
 * — the API's internal endpoints with the collector's service token.
 */
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import type { ProbeConfig, ProbeResultRow } from './check.js'

export interface ProbeStore {
  load(): Promise<ProbeConfig[]>
  write(rows: ProbeResultRow[]): Promise<void>
}

export const PROBE_SELECT = `SELECT id, instansi, api_id, name, url, method, headers, expected_status, body_contains, interval_s, timeout_ms, tls_verify, enabled
  FROM probes FINAL WHERE deleted = 0 AND enabled`

export const ProbeResultRows = z.array(
  z.object({
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
    cert_not_after: z.number().nullable(),
    cert_subject: z.string(),
  }),
)

export class StorageProbeStore implements ProbeStore {
  constructor(private readonly storage: Storage) {}
  load() {
    return this.storage.query<ProbeConfig>(PROBE_SELECT)
  }
  write(rows: ProbeResultRow[]) {
    return this.storage.insertRows('probe_results', rows)
  }
}

export class HttpProbeStore implements ProbeStore {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}
  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`)
    return ((await res.json()) as { data?: unknown }).data
  }
  async load() {
    return (await this.call('GET', '/v1/internal/probes')) as ProbeConfig[]
  }
  async write(rows: ProbeResultRow[]) {
    await this.call('POST', '/v1/internal/probe-results', rows)
  }
}
