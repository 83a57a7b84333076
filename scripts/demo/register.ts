/**
 * Register the demo catalog through the public registry API, idempotently:
 * what exists (409 Conflict) is kept; a gateway that exists gets its ingest
 * token rotated, because a token is only ever shown once.
 */
import type { Catalog, DemoApi, DemoConsumer } from './model.js'

export interface RegisterResult {
  created: Record<Entity, number>
  existing: Record<Entity, number>
  /** Ingest token by gateway id. */
  tokens: Record<string, string>
}

type Entity = 'instansi' | 'unit_kerja' | 'gateways' | 'apis' | 'consumers'

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }
}

/** An API answer as the demo reads it: the envelope's data, or a problem's detail. */
export interface ApiAnswer {
  status: number
  body: { data?: { ingest_token?: string } & Record<string, unknown>; detail?: string } | undefined
}

const CONCURRENCY = 6

export async function registerCatalog(client: ApiClient, catalog: Catalog): Promise<RegisterResult> {
  const result: RegisterResult = {
    created: { instansi: 0, unit_kerja: 0, gateways: 0, apis: 0, consumers: 0 },
    existing: { instansi: 0, unit_kerja: 0, gateways: 0, apis: 0, consumers: 0 },
    tokens: {},
  }
  const post = async (entity: Entity, path: string, body: object): Promise<ApiAnswer> => {
    const res = await client.call('POST', path, body)
    if (res.status === 201 || res.status === 200) result.created[entity]++
    else if (res.status === 409) result.existing[entity]++
    else throw new Error(`POST ${path} ${JSON.stringify(body).slice(0, 200)} → ${res.status}: ${res.body?.detail ?? JSON.stringify(res.body)}`)
    return res
  }

  await pool(catalog.instansi, ({ code, name, kind, region, parent }) => post('instansi', '/v1/registry/instansi', { code, name, kind, region, parent }))
  await pool(catalog.units, (u) => post('unit_kerja', '/v1/registry/unit-kerja', u))
  await pool(catalog.gateways, async ({ id, instansi, name, product, is_spl, splp_linked, base_url }) => {
    const res = await post('gateways', '/v1/registry/gateways', { id, instansi, name, product, is_spl, splp_linked, base_url })
    if (res.status === 409) {
      const rotated = await client.call('POST', `/v1/registry/gateways/${encodeURIComponent(id)}/token`)
      if (rotated.status !== 200) throw new Error(`rotating the token of gateway ${id} → ${rotated.status}`)
      result.tokens[id] = String(rotated.body?.data?.ingest_token)
    } else result.tokens[id] = String(res.body?.data?.ingest_token)
  })
  await pool(
    catalog.apis.filter((a) => a.registered),
    (a) => post('apis', '/v1/registry/apis', apiInput(a)),
  )
  await pool(
    catalog.consumers.filter((c) => c.registered),
    (c) => post('consumers', '/v1/registry/consumers', consumerInput(c)),
  )
  return result
}

/** The registry fields of a demo API (ApiInput). */
export function apiInput(a: DemoApi) {
  const { id, instansi, unit_kerja, gateway_id, name, version, base_path, host, auth_type, openapi, published_via_spl, lifecycle } = a
  return {
    id,
    instansi,
    unit_kerja,
    gateway_id,
    name,
    version,
    base_path,
    host,
    auth_type,
    openapi,
    published_via_spl,
    lifecycle,
    deprecated_at: a.deprecated_at,
    removal_at: a.removal_at,
    sla_availability: a.sla_availability,
    sla_p95_ms: a.sla_p95_ms,
    tags: a.tags,
  }
}

/** The registry fields of a demo consumer (ConsumerInput). */
export function consumerInput(c: DemoConsumer) {
  return { id: c.id, name: c.name, instansi: c.instansi, owner_unit: c.owner_unit, match_ids: c.match_ids }
}

/** Run `fn` over items with at most CONCURRENCY in flight. */
async function pool<T>(items: readonly T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await fn(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker))
}
