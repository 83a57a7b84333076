/**
 * Reports benchmark (issue: SPBE evidence reports). Generation time of the
 * Indikator 7 and Indikator 18 reports for one instansi over one calendar
 * year, through `POST /v1/reports` (evidence queries, criteria, PDF
 * rendering with charts, storing), against an in-process Pantau whose
 * registry is the demo catalog and whose instansi has a year of traffic:
 * PANTAU_BENCH_REPORT_EVENTS (default 2,000,000 × scale) events over 2025,
 * inserted straight into the engine (the materialized views build the
 * rollups as live ingest does). Prints the first (cold process) and the
 * median warm time per indicator, against the 3 s target.
 */
import { buildCatalog } from '../demo/catalog.js'
import { ApiClient, registerCatalog } from '../demo/register.js'
import { startStack } from '../../server/stack.js'
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { count } from '../../storage/columns.js'
import type { BenchContext } from './report.js'

const ADMIN = 'bench-admin-token-reports-0123456789'
const INSTANSI = 'kota-bandung'
const YEAR = 2025
const TARGET_MS = 3000
const WARM_RUNS = 3

/** Synthetic calls of one instansi over [from, to): its APIs and their callers from the demo catalog, a diurnal WIB curve, one 3-hour outage. */
const INSERT = `
INSERT INTO request_events (ts, event_id, instansi, gateway_id, api_id, api_name, api_version, route, path, method, status, latency_ms,
  backend_latency_ms, gateway_latency_ms, request_bytes, response_bytes, host, scheme, tls_version, consumer_id, consumer_instansi,
  client_address, auth_outcome, request_id, source_format, log_fields_mask, ingested_at)
SETTINGS async_insert = 0
SELECT ts, generateUUIDv4(number), {instansi:String}, p[3], p[1], p[2], '1', concat(p[4], '/data/{id}'), concat(p[4], '/data/', toString(rand(1) % 5000)),
  'GET', multiIf(p[1] = {outage_api:String} AND ts >= toDateTime64({outage_from:UInt32}, 3) AND ts < toDateTime64({outage_to:UInt32}, 3), 503,
                 r < 0.003, 502, r < 0.02, 404, r < 0.03, 401, 200),
  toFloat32(exp(randNormal(4.4, 0.6))), toFloat32(exp(randNormal(4.2, 0.6))), toFloat32(3 + rand(2) % 20),
  300 + rand(3) % 2000, 800 + rand(4) % 30000, 'api.bandung.go.id', 'https', 'TLSv1.3', p[5], p[6],
  concat('10.20.', toString(rand(5) % 200), '.', toString(rand(6) % 250)), 'success', toString(number), 'wso2', 1023, ts
FROM (
  SELECT number, randUniform(0, 1, number) AS r,
    {pairs:Array(Array(String))}[1 + toUInt32(pow(randUniform(0, 1, number + 7), 2) * length({pairs:Array(Array(String))}))] AS p,
    {from:UInt32} + rand(8) % ({to:UInt32} - {from:UInt32}) AS s,
    toDateTime64(s - if(toHour(toDateTime(s, 'Asia/Jakarta')) BETWEEN 7 AND 18, 0, (rand(9) % 2) * 43200), 3, 'UTC') + toIntervalMillisecond(rand(10) % 1000) AS ts
  FROM numbers({offset:UInt64}, {n:UInt64}))`

async function seedYear(storage: Storage, events: number, pairs: string[][]): Promise<void> {
  const from = Date.UTC(YEAR, 0, 1) / 1000 - 7 * 3600
  const to = Date.UTC(YEAR + 1, 0, 1) / 1000 - 7 * 3600
  const outageFrom = Date.UTC(YEAR, 6, 8, 2) / 1000
  const chunk = 1_000_000
  for (let offset = 0; offset < events; offset += chunk)
    await storage.command(INSERT, {
      instansi: INSTANSI,
      pairs,
      from,
      to,
      offset,
      n: Math.min(chunk, events - offset),
      outage_api: pairs[0][0],
      outage_from: outageFrom,
      outage_to: outageFrom + 3 * 3600,
    })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export async function benchReports(ctx: BenchContext): Promise<void> {
  const events = Number(process.env.PANTAU_BENCH_REPORT_EVENTS ?? ctx.scale(2_000_000))
  const stack = await startStack({
    roles: new Set(['api']),
    env: {
      ...process.env,
      PANTAU_DATA_DIR: ctx.tempDir('reports'),
      PANTAU_API_PORT: '0',
      PANTAU_API_HOST: '127.0.0.1',
      PANTAU_ADMIN_TOKEN: ADMIN,
      PANTAU_RAW_TTL_DAYS: '20000',
      PANTAU_REPORT_SCHEDULE: 'off',
    },
    log: () => undefined,
  })
  try {
    const api = new ApiClient(`http://127.0.0.1:${stack.apiPort}`, ADMIN)
    const catalog = buildCatalog({ seed: 'bench-reports', endMs: Date.UTC(YEAR, 11, 31) })
    await registerCatalog(api, catalog)
    const apis = catalog.apis.filter((a) => a.instansi === INSTANSI && a.registered)
    const pairs = apis.flatMap((a) =>
      (a.callers.length ? a.callers.map((c) => catalog.consumers[c.consumer]) : catalog.consumers.filter((c) => c.instansi === INSTANSI).slice(0, 3)).map(
        (c) => [a.id, a.name, a.gateway_id, a.base_path, c.id, c.instansi],
      ),
    )
    const t0 = performance.now()
    await seedYear(stack.storage!, events, pairs)
    ctx.log(
      `reports: ${events.toLocaleString('en-US')} events of ${INSTANSI} over ${YEAR} (${apis.length} APIs, ${pairs.length} API-consumer pairs) seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    )
    const [rows] = await stack.storage!.rows(
      z.object({ m: count, h: count }),
      `SELECT (SELECT count() FROM request_rollup_1m WHERE instansi = {i:String}) AS m, (SELECT count() FROM consumer_rollup_1h WHERE instansi = {i:String}) AS h`,
      { i: INSTANSI },
    )
    ctx.figure('reports.rollup rows (minute by API / hour by consumer)', rows.m, 'rows', `${rows.h.toLocaleString('en-US')} consumer-hour rows`)
    await api.call('POST', '/v1/policies', {
      instansi: INSTANSI,
      number: 'Perwal 12/2025',
      title: 'Penggunaan Sistem Penghubung Layanan',
      status: 'enacted',
      date: `${YEAR}-03-01`,
      scope: ['kewajiban_integrasi', 'pengelolaan'],
    })
    await api.call('POST', '/v1/spl-reviews', {
      instansi: INSTANSI,
      date: `${YEAR}-06-01`,
      kind: 'reviu',
      title: 'Reviu SPL',
      follow_ups: [{ action: 'Perbaikan katalog', status: 'selesai', done_at: `${YEAR}-07-01` }],
    })

    for (const indicator of ['i18', 'i7']) {
      const times: number[] = []
      let pages = 0
      for (let run = 0; run <= WARM_RUNS; run++) {
        const start = performance.now()
        const res = await api.call('POST', '/v1/reports', { instansi: INSTANSI, indicator, period: String(YEAR) })
        if (res.status !== 201) throw new Error(`POST /v1/reports ${indicator}: ${res.status} ${JSON.stringify(res.body)}`)
        times.push(performance.now() - start)
        pages = Number(res.body?.data?.pages)
      }
      const warm = median(times.slice(1))
      ctx.figure(`reports.${indicator} one instansi-year, first (cold process)`, times[0], 'ms', `${pages} pages`)
      ctx.figure(`reports.${indicator} one instansi-year, median of ${WARM_RUNS} warm`, warm, 'ms')
      ctx.ratio(`reports.${indicator} warm generation time / ${TARGET_MS / 1000} s target`, warm / TARGET_MS, 1, true)
    }
  } finally {
    await stack.stop()
  }
}
