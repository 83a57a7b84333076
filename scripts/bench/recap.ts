/**
 * Assessment-season benchmark (issue 13, points 1–2), against an in-process
 * Pantau with 600 registered instansi (PANTAU_BENCH_RECAP_INSTANSI), each
 * with a gateway, two unit kerja, four APIs and two consumer applications,
 * a year of traffic between them (PANTAU_BENCH_RECAP_EVENTS, default
 * 1,000,000 × scale, and half as much in the year before; inserted straight
 * into the engine; each application calls its own instansi and three
 * partners) and policies and reviews for a fifth of them.
 * - `GET /v1/assessment/recap` for Indikator 18 and 7: first and median warm
 *   time against the 2 s target.
 * - A report batch of PANTAU_BENCH_BATCH_REPORTS (default 30 × scale)
 *   Indikator 18 reports: throughput, and the Nasional dashboard's overview
 *   query (30 days, all instansi) before and during it: the ratio of the
 *   medians against the 2× target.
 */
import { z } from 'zod'
import { startStack } from '../../server/stack.js'
import { EvidenceRegisters } from '../../shared/registers/store.js'
import { count } from '../../storage/columns.js'
import type { BenchContext } from './report.js'

const ADMIN = 'bench-admin-token-recap-0123456789abc'
const YEAR = 2025
const KINDS = ['kementerian', 'lembaga', 'provinsi', 'kabupaten', 'kota'] as const
const RECAP_TARGET_MS = 2000

/** Calls between (API, consumer) pairs of the catalogue, through the API's gateway, uniformly over [from, to). */
const INSERT = `
INSERT INTO request_events (ts, event_id, instansi, gateway_id, api_id, api_name, api_version, route, path, method, status, latency_ms,
  backend_latency_ms, gateway_latency_ms, request_bytes, response_bytes, host, scheme, tls_version, consumer_id, consumer_instansi,
  client_address, auth_outcome, request_id, source_format, log_fields_mask, ingested_at)
SETTINGS async_insert = 0
SELECT ts, generateUUIDv4(number), a[4], a[3], a[1], a[2], '1', '/v1/data/{id}', '/v1/data/1', 'GET',
  if(rand(1) % 100 < 2, 502, 200), toFloat32(exp(randNormal(4.4, 0.6))), toFloat32(exp(randNormal(4.2, 0.6))), toFloat32(3 + rand(2) % 20),
  300, 900, 'api.example.go.id', 'https', 'TLSv1.3', c[1], c[2], '10.1.1.1', 'success', toString(number), 'kong', 1023, ts
FROM (
  SELECT number,
    {consumers:Array(Array(String))}[1 + rand(4) % length({consumers:Array(Array(String))})] AS c,
    -- a consumer calls its own instansi's APIs and those of three partner instansi (a sparse national graph)
    (toUInt32(c[3]) + (rand(6) % 4) * 37) % {n_instansi:UInt32} AS p,
    {apis:Array(Array(String))}[1 + p * 4 + rand(3) % 4] AS a,
    toDateTime64({from:UInt32} + rand(5) % ({to:UInt32} - {from:UInt32}), 3, 'UTC') AS ts
  FROM numbers({offset:UInt64}, {n:UInt64}))`

interface BatchState {
  id: string
  state: string
  done: number
  failed: number
  failures: unknown[]
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function benchRecap(ctx: BenchContext): Promise<void> {
  const n = Number(process.env.PANTAU_BENCH_RECAP_INSTANSI ?? 600)
  const events = Number(process.env.PANTAU_BENCH_RECAP_EVENTS ?? ctx.scale(1_000_000))
  const batchSize = Math.min(n, Number(process.env.PANTAU_BENCH_BATCH_REPORTS ?? Math.max(4, Math.round(ctx.scale(30)))))
  const stack = await startStack({
    roles: new Set(['api']),
    env: {
      ...process.env,
      PANTAU_DATA_DIR: ctx.tempDir('recap'),
      PANTAU_API_PORT: '0',
      PANTAU_API_HOST: '127.0.0.1',
      PANTAU_ADMIN_TOKEN: ADMIN,
      PANTAU_RAW_TTL_DAYS: '20000',
      PANTAU_REPORT_SCHEDULE: 'off',
    },
    log: () => undefined,
  })
  const base = `http://127.0.0.1:${stack.apiPort}`
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    const json = (await res.json()) as { data: T }
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`)
    return json.data
  }
  try {
    const storage = stack.storage!
    const reg = new EvidenceRegisters(storage)
    const r = reg.registry
    const codes = Array.from({ length: n }, (_, i) => `bench-${String(i).padStart(4, '0')}`)
    const t0 = performance.now()
    await r.instansi.putMany(
      codes.map((code, i) => ({
        row: { code, name: `Instansi Bench ${i}`, kind: KINDS[i % 5], region: `Wilayah ${i % 34}`, parent: '', public_status: false },
      })),
    )
    await r.unitKerja.putMany(codes.flatMap((code) => [1, 2].map((u) => ({ row: { instansi: code, code: `u${u}`, name: `Unit ${u} ${code}` } }))))
    await r.gateways.putMany(
      codes.map((code, i) => ({
        row: {
          id: `${code}-gw`,
          instansi: code,
          name: `SPL ${code}`,
          product: 'kong',
          is_spl: i % 3 !== 0,
          splp_linked: i % 3 === 1,
          base_url: '',
          token_prefix: '',
        },
        hidden: { token_hash: '' },
      })),
    )
    const apis = codes.flatMap((code) =>
      [1, 2, 3, 4].map((k) => ({
        id: `${code}-api${k}`,
        instansi: code,
        unit_kerja: `u${1 + (k % 2)}`,
        gateway_id: `${code}-gw`,
        name: `Layanan ${k} ${code}`,
        version: '1.0.0',
        base_path: `/api${k}/v1`,
        host: '',
        auth_type: 'oauth2',
        openapi: '',
        published_via_spl: true,
        lifecycle: 'published',
        deprecated_at: null,
        removal_at: null,
        sla_availability: 99.5,
        sla_p95_ms: 1000,
        tags: [],
      })),
    )
    await r.apis.putMany(apis.map((row) => ({ row })))
    const consumers = codes.flatMap((code) =>
      [1, 2].map((k) => ({ id: `${code}-app${k}`, name: `Aplikasi ${k} ${code}`, instansi: code, owner_unit: `u${k}`, match_ids: [] })),
    )
    await r.consumers.putMany(consumers.map((row) => ({ row })))
    const some = codes.filter((_, i) => i % 5 === 0)
    await reg.policies.putMany(
      some.map((code, i) => ({
        row: {
          id: `${code}.perkada`,
          instansi: code,
          number: `Perkada ${i}/2024`,
          title: 'Penggunaan SPL',
          kind: 'peraturan',
          status: 'enacted',
          date: '2024-03-01',
          scope: ['kewajiban_integrasi', 'pengelolaan', 'tanggung_jawab', 'standar_interoperabilitas', 'keamanan', 'integrasi_splp'],
          supersedes: '',
          notes: '',
          document_sha256: 'bench',
          document_name: 'perkada.pdf',
          document_size: 1,
        },
      })),
    )
    await reg.reviews.putMany(
      some.map((code) => ({
        row: {
          id: `${code}.reviu`,
          instansi: code,
          date: `${YEAR}-06-01`,
          kind: 'reviu',
          subject: 'spl',
          title: 'Reviu SPL',
          reviewer: 'Tim',
          findings: [],
          follow_ups: [{ action: 'Perbaikan', status: 'selesai', due: null, done_at: `${YEAR}-07-01`, evidence: '' }],
        },
      })),
    )
    const apiPairs = apis.map((a) => [a.id, a.name, a.gateway_id, a.instansi])
    const consumerPairs = consumers.map((c, i) => [c.id, c.instansi, String(Math.floor(i / 2))])
    // the assessed year, and half as much in the year before (the recap compares with it)
    for (const [year, total] of [
      [YEAR, events],
      [YEAR - 1, Math.round(events / 2)],
    ]) {
      const from = Date.UTC(year, 0, 1) / 1000 - 7 * 3600
      const to = Date.UTC(year, 11, 31) / 1000 - 7 * 3600
      for (let offset = 0; offset < total; offset += 500_000)
        await storage.command(INSERT, { apis: apiPairs, consumers: consumerPairs, n_instansi: n, from, to, offset, n: Math.min(500_000, total - offset) })
    }
    const [rows] = await storage.rows(z.object({ h: count }), 'SELECT count() AS h FROM consumer_rollup_1h')
    ctx.log(
      `recap: ${n} instansi, ${apis.length} APIs, ${events.toLocaleString('en-US')} events over ${YEAR} (+ half over ${YEAR - 1}) (${rows.h.toLocaleString('en-US')} consumer-hour rows) seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    )

    for (const indicator of ['i18', 'i7']) {
      const times: number[] = []
      let got = 0
      for (let run = 0; run <= 3; run++) {
        const t = performance.now()
        got = (await call<{ rows: unknown[] }>('GET', `/v1/assessment/recap?indicator=${indicator}&period=${YEAR}`)).rows.length
        times.push(performance.now() - t)
      }
      if (got !== n) throw new Error(`recap ${indicator}: ${got} rows for ${n} instansi`)
      ctx.figure(`recap.${indicator} ${n} instansi, first`, times[0], 'ms')
      ctx.figure(`recap.${indicator} ${n} instansi, median of 3 warm`, median(times.slice(1)), 'ms')
      ctx.ratio(`recap.${indicator} warm time / ${RECAP_TARGET_MS / 1000} s target`, median(times.slice(1)) / RECAP_TARGET_MS, 1, true)
    }

    // the Nasional dashboard's headline query, before and during a batch
    const overview = async () => {
      const t = performance.now()
      await call('GET', `/v1/metrics/overview?from=${YEAR}-11-01T00:00:00%2B07:00&to=${YEAR}-12-01T00:00:00%2B07:00`)
      return performance.now() - t
    }
    await overview()
    const before: number[] = []
    for (let i = 0; i < 15; i++) before.push(await overview())
    const started = performance.now()
    const batch = await call<BatchState>('POST', '/v1/reports/batch', { indicator: 'i18', period: String(YEAR), instansi: codes.slice(0, batchSize) })
    const during: number[] = []
    let state = batch
    while (state.state !== 'done') {
      during.push(await overview())
      await sleep(200)
      state = await call<BatchState>('GET', `/v1/reports/batch/${batch.id}`)
    }
    const elapsed = (performance.now() - started) / 1000
    if (state.failed) throw new Error(`batch: ${state.failed} failed: ${JSON.stringify(state.failures).slice(0, 300)}`)
    ctx.figure(`batch ${batchSize} Indikator 18 reports (${n} instansi registered)`, elapsed, 's', `${(state.done / elapsed).toFixed(2)} reports/s`)
    ctx.figure('batch dashboard overview p50, before / during', median(during), 'ms', `before ${median(before).toFixed(0)} ms, ${during.length} samples`)
    ctx.ratio('batch dashboard overview p50 during / before (target ≤ 2)', median(during) / median(before), 2, true)
  } finally {
    await stack.stop()
  }
}
