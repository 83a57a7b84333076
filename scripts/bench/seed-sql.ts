/**
 * Seed a large synthetic dataset straight into the engine (INSERT … SELECT
 * over numbers()), for the query benchmarks: the materialized views build the
 * rollups exactly as live ingest does. 30 days, 30 instansi, 300 APIs with
 * Zipf-like popularity, 200 consumers (five per API), diurnal WIB traffic, log-normal
 * latency, a realistic status mix.
 */
import { z } from 'zod'
import { INSERT_SETTINGS, type Storage } from '../../storage/client.js'
import { count } from '../../storage/columns.js'

export const BENCH_APIS = 300
export const BENCH_INSTANSI = 30

const INSERT = `
INSERT INTO request_events SETTINGS ${INSERT_SETTINGS}, insert_deduplication_token = {token:String}
SELECT
  ts, generateUUIDv4(number) AS event_id,
  concat('inst-', toString(api % ${BENCH_INSTANSI})) AS instansi,
  concat('gw-', toString(api % 40)) AS gateway_id,
  concat('api-', toString(api)) AS api_id,
  concat('Layanan ', toString(api)) AS api_name,
  '1' AS api_version,
  concat('/layanan-', toString(api), '/v1/data/{id}') AS route,
  concat('/layanan-', toString(api), '/v1/data/', toString(rand(5) % 10000)) AS path,
  if(rand(6) % 5 = 0, 'POST', 'GET') AS method,
  multiIf(r < 0.004, 503, r < 0.006, 500, r < 0.03, 404, r < 0.04, 401, r < 0.045, 429, r < 0.15, 201, 200) AS status,
  toFloat32(exp(randNormal(4.2, 0.7)) + if(r < 0.001, 5000, 0)) AS latency_ms,
  toNullable(toFloat32(latency_ms * 0.85)) AS backend_latency_ms,
  toNullable(toFloat32(latency_ms * 0.15)) AS gateway_latency_ms,
  300 + rand(7) % 2000 AS request_bytes,
  500 + rand(8) % 20000 AS response_bytes,
  concat('api.inst-', toString(api % ${BENCH_INSTANSI}), '.go.id') AS host,
  if(rand(9) % 50 = 0, 'http', 'https') AS scheme,
  if(scheme = 'http', '', if(rand(10) % 10 = 0, 'TLSv1.2', 'TLSv1.3')) AS tls_version,
  concat('app-', toString(c)) AS consumer_id,
  concat('inst-', toString(c % ${BENCH_INSTANSI})) AS consumer_instansi,
  lower(hex(cityHash64(rand(11) % 100000))) AS user_hash,
  concat('10.', toString(c % 256), '.', toString(rand(12) % 20), '.', toString(rand(13) % 25)) AS client_address,
  if(status IN (401, 403), 'failure', 'success') AS auth_outcome,
  toString(number) AS request_id, '' AS trace_id, 'bench-client/1.0' AS user_agent,
  concat('svc-', toString(api)) AS service, 'info' AS level, '' AS message, '' AS upstream,
  1023 AS log_fields_mask, 'kong' AS source_format, ts AS ingested_at
FROM (
  SELECT number,
    randUniform(0, 1, number) AS r,
    toUInt32(pow(randUniform(0, 1, number + 1), 2.5) * ${BENCH_APIS}) AS api,
    (api * 7 + rand(14) % 5) % 200 AS c, -- each API has a handful of consumer applications
    -- diurnal: accept-reject on the WIB hour, folded into the timestamp choice
    {t0:UInt32} + (rand(15) % {span:UInt32}) AS sec0,
    toDateTime64(sec0 - (if(toHour(toDateTime(sec0, 'Asia/Jakarta')) BETWEEN 7 AND 17, 0, (rand(16) % 2) * 43200)), 3, 'UTC')
      + toIntervalMillisecond(rand(17) % 1000) AS ts
  FROM numbers({offset:UInt64}, {n:UInt64})
)`

/** Rows already in request_events. */
export async function eventCount(storage: Storage): Promise<number> {
  return (await storage.rows(z.object({ n: count }), 'SELECT count() AS n FROM request_events'))[0].n
}

/** Insert `n` more synthetic events over [toMs - 30 days, toMs), in chunks; returns rows/s. */
export async function seedEvents(storage: Storage, n: number, toMs: number, log: (m: string) => void): Promise<number> {
  const span = 30 * 86400
  const t0 = Math.floor(toMs / 1000) - span
  const chunk = 5_000_000
  const start = performance.now()
  const offset = await eventCount(storage)
  for (let done = 0; done < n; done += chunk) {
    const size = Math.min(chunk, n - done)
    await storage.command(INSERT, { t0, span, offset: offset + done, n: size, token: `seed-${t0}-${offset + done}-${size}` })
    log(
      `  seeded ${(offset + done + size).toLocaleString('en-US')} events (${Math.round((done + size) / ((performance.now() - start) / 1000)).toLocaleString('en-US')} rows/s)`,
    )
  }
  return n / ((performance.now() - start) / 1000)
}

/** Registry rows for the synthetic APIs (SLA targets, lifecycle), so SLA and compliance have something to join. */
export async function seedRegistry(storage: Storage): Promise<void> {
  const now = Date.now()
  const rows = Array.from({ length: BENCH_APIS }, (_, api) => ({
    id: `api-${api}`,
    instansi: `inst-${api % BENCH_INSTANSI}`,
    unit_kerja: '',
    gateway_id: `gw-${api % 40}`,
    name: `Layanan ${api}`,
    version: '1.0.0',
    base_path: `/layanan-${api}/v1`,
    host: '',
    auth_type: 'oauth2',
    openapi: api % 3 ? '{}' : '',
    published_via_spl: api % 7 !== 0,
    lifecycle: api % 20 === 0 ? 'deprecated' : 'published',
    deprecated_at: null,
    removal_at: null,
    sla_availability: 99.5,
    sla_p95_ms: 800,
    tags: [],
    created_at: now,
    updated_at: now,
    deleted: 0,
  }))
  await storage.insertRows('apis', rows)
  await storage.insertRows(
    'instansi',
    Array.from({ length: BENCH_INSTANSI }, (_, i) => ({
      code: `inst-${i}`,
      name: `Instansi ${i}`,
      kind: 'kota',
      region: '',
      parent: '',
      created_at: now,
      updated_at: now,
      deleted: 0,
    })),
  )
}
