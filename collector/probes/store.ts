/**
 * Where the probe runner gets its probes and puts its results: ClickHouse
 * directly, or — for a collector without database access (PANTAU_REGISTRY_URL)
 * — the API's internal endpoints with the collector's service token.
 */
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { PROBE_SELECT, ProbeConfig, type ProbeResultRow } from '../../shared/probes/schema.js'

export interface ProbeStore {
  load(): Promise<ProbeConfig[]>
  write(rows: ProbeResultRow[]): Promise<void>
}

export class StorageProbeStore implements ProbeStore {
  constructor(private readonly storage: Storage) {}
  load() {
    return this.storage.rows(ProbeConfig, PROBE_SELECT)
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
    return z.array(ProbeConfig).parse(await this.call('GET', '/v1/internal/probes'))
  }
  async write(rows: ProbeResultRow[]) {
    await this.call('POST', '/v1/internal/probe-results', rows)
  }
}
