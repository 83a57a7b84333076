/**
 * Ingest benchmark (issue: foundation). End-to-end events/s — from the first
 * request until every row is in ClickHouse — for native NDJSON and OTLP
 * protobuf, against a Pantau process; then the raw engine insert rate of the
 * very same rows, in this process, as the ceiling. Prints the ratios, and the
 * process's peak RSS under that load and for one request at the body limit
 * (issue 14 targets, MET / NOT MET).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { request, Agent } from 'node:http'
import { gzipSync } from 'node:zlib'
import { STREAM_SPECS } from '../../collector/streams.js'
import { z } from 'zod'
import { openStorage, type Storage } from '../../storage/client.js'
import { count } from '../../storage/columns.js'
import { StorageConfig } from '../../storage/config.js'
import { startPantau } from '../process.js'
import { kongBodies, otlpBodies } from './workload.js'
import { type BenchContext, rate } from './report.js'

const PER_BODY = 2000
const ADMIN = 'bench-admin-token-0123456789abcdef'

export async function benchIngest(ctx: BenchContext): Promise<void> {
  const events = ctx.scale(400_000)
  const bodies = Math.ceil(events / PER_BODY)
  ctx.log(`ingest: ${bodies * PER_BODY} events per path, ${PER_BODY} per request`)
  const dataDir = ctx.tempDir('ingest')
  const { proc, api, ingest, ports } = await startPantau({ PANTAU_DATA_DIR: dataDir, PANTAU_ADMIN_TOKEN: ADMIN })
  const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }
  await fetch(`${api}/v1/registry/instansi`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ code: 'bench', name: 'Instansi Bench', kind: 'lembaga' }),
  })
  const gw = await (
    await fetch(`${api}/v1/registry/gateways`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ instansi: 'bench', name: 'Bench gateway', product: 'kong' }),
    })
  ).json()
  const token = gw.data.ingest_token as string
  const other = (
    await (
      await fetch(`${api}/v1/registry/gateways`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ instansi: 'bench', name: 'Bench gateway 2', product: 'kong' }),
      })
    ).json()
  ).data.ingest_token as string

  // Bodies are gzip'ed, as gateways and OTel exporters send them, and built before the clock starts.
  // PANTAU_BENCH_INGEST_ONLY=kong|otlp runs one path (profiling one at a time).
  const only = process.env.PANTAU_BENCH_INGEST_ONLY
  const paths = [
    { key: 'kong', name: 'NDJSON (kong)', path: '/ingest/kong', type: 'application/x-ndjson', make: () => kongBodies(bodies, PER_BODY) },
    { key: 'otlp', name: 'OTLP/HTTP protobuf logs', path: '/v1/logs', type: 'application/x-protobuf', make: () => otlpBodies(bodies, PER_BODY) },
  ]
    .filter((p) => !only || p.key === only)
    .map((p) => ({ ...p, bodies: p.make().map((b) => gzipSync(b)) }))
  const agent = new Agent({ keepAlive: true, maxSockets: 8 })
  const e2e: Record<string, number> = {}
  const cpuPerEvent: Record<string, number> = {}
  const pid = proc.child.pid!
  const headers = (type: string) => ({ authorization: `Bearer ${token}`, 'content-type': type, 'content-encoding': 'gzip' })
  for (const p of paths) {
    resetPeakRss(pid)
    const cpu0 = cpuSeconds(pid)
    const main0 = cpuSeconds(pid, pid)
    const t0 = performance.now()
    let i = 0
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (i < p.bodies.length) {
          const body = p.bodies[i++]
          for (;;) {
            const status = await postBody(agent, ports.otlpHttp, p.path, body, headers(p.type))
            if (status === 200) break
            if (status !== 503 && status !== 429) throw new Error(`${p.path}: HTTP ${status}\n${proc.output().slice(-2000)}`)
            await new Promise((r) => setTimeout(r, 200))
          }
        }
      }),
    )
    const acked = performance.now()
    while ((await (await fetch(`${ingest}/healthz`)).json()).spool_bytes > 0) await new Promise((r) => setTimeout(r, 20))
    const done = performance.now()
    const n = p.bodies.length * PER_BODY
    e2e[p.name] = n / ((done - t0) / 1000)
    ctx.figure(`ingest.e2e ${p.name}`, e2e[p.name], 'events/s', `acknowledged at ${rate(n, acked - t0)} events/s, stored ${((done - t0) / 1000).toFixed(1)} s`)
    cpuPerEvent[p.name] = ((cpuSeconds(pid) - cpu0) * 1e6) / n
    ctx.figure(`ingest.CPU per event, ${p.name}`, cpuPerEvent[p.name], 'µs', 'Pantau process, engine included; steadier than rates on a shared machine')
    // the JavaScript thread's share (HTTP, decode, transforms, spool); the rest is the engine's threads and libuv's
    ctx.figure(`ingest.main-thread CPU per event, ${p.name}`, ((cpuSeconds(pid, pid) - main0) * 1e6) / n, 'µs', 'the event loop thread alone')
    ctx.check(`ingest.peak RSS under load, ${p.name}`, peakRssMb(pid), 'MB', RSS_TARGET_MB, true, 'the whole Pantau process, engine included')
  }
  await oneLargeRequest(ctx, {
    pid,
    agent,
    port: ports.otlpHttp,
    ingest,
    headers: headers('application/x-ndjson'),
    otherHeaders: { authorization: `Bearer ${other}`, 'content-type': 'application/x-ndjson' },
  })
  await proc.stop()

  // The ceiling: the same rows inserted straight into the engine (same table and rollups).
  const storage = await openStorage(StorageConfig.parse({ dataDir }))
  try {
    await storedBytes(ctx, storage)
    const chunk = 100_000
    const { table, columns } = STREAM_SPECS.events
    const rows: Buffer[] = []
    let total = 0
    for (let off = 0; off < events; off += chunk) {
      const rs = await storage.client.query({
        query: `SELECT ${columns.join(', ')} FROM request_events ORDER BY ts LIMIT {n:UInt32} OFFSET {o:UInt32}`,
        query_params: { n: Math.min(chunk, events - off), o: off },
        format: 'JSONCompactEachRow',
      })
      const text = await rs.text()
      total += text.split('\n').length - 1
      rows.push(Buffer.from(text))
    }
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    let next = 0
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        while (next < rows.length) await storage.insertCompact(table, columns, rows[next++])
      }),
    )
    const raw = total / ((performance.now() - t0) / 1000)
    const { user, system } = process.cpuUsage(c0)
    const rawCpu = (user + system) / total
    ctx.figure('ingest.raw chDB insert (same rows and format, 100k/insert, 2 in flight)', raw, 'rows/s')
    ctx.figure('ingest.raw chDB insert CPU per row', rawCpu, 'µs')
    for (const [name, v] of Object.entries(e2e)) ctx.ratio(`ingest.ratio ${name} e2e / raw insert`, v / raw, 0.5)
    for (const [name, v] of Object.entries(cpuPerEvent)) ctx.ratio(`ingest.CPU ratio ${name} raw insert / e2e (no target)`, rawCpu / v)
  } finally {
    await storage.close()
  }
}

/** Issue 14: collector RSS at most 500 MB under load and after any single request within the body limit. */
export const RSS_TARGET_MB = 500
/** The collector's default body limit (PANTAU_MAX_BODY_BYTES), decompressed. */
const MAX_BODY_BYTES = 32 * 1024 * 1024

/** Peak RSS since the last reset (VmHWM), MB; Linux only (NaN elsewhere). */
export function peakRssMb(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb === undefined ? Number.NaN : Number(kb) / 1024
  } catch {
    return Number.NaN
  }
}
/** CPU time (user + system) the process (or one of its threads, `tid`) has used, seconds; Linux only. */
export function cpuSeconds(pid: number, tid?: number): number {
  try {
    const fields = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8')
      .split(') ')[1]!
      .split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN
  }
}
/** Start a new peak from the current RSS (`clear_refs` 5). */
export function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
  } catch {
    /* not Linux: the peak is since the start */
  }
}

/** Kong NDJSON records up to the body limit (~60k records), gzipped: the largest single request a collector accepts. */
export function largeKongBody(): { body: Buffer; n: number; mb: string } {
  const lines = kongBodies(1, 60_000)[0]!.toString('utf8').split('\n')
  let text = ''
  let n = 0
  for (const line of lines) {
    if (!line || text.length + line.length + 1 > MAX_BODY_BYTES) break
    text += `${line}\n`
    n++
  }
  return { body: gzipSync(Buffer.from(text)), n, mb: (text.length / 1024 / 1024).toFixed(1) }
}

/**
 * One request as large as the body limit allows (Kong NDJSON, ~60k records):
 * the peak RSS of the process while it is read, stored and drained; and how
 * long another gateway's small requests, sent back to back meanwhile, wait.
 */
async function oneLargeRequest(
  ctx: BenchContext,
  o: { pid: number; agent: Agent; port: number; ingest: string; headers: Record<string, string>; otherHeaders: Record<string, string> },
): Promise<void> {
  const { body, n, mb } = largeKongBody()
  const small = kongBodies(1, 20)[0]!
  while ((await (await fetch(`${o.ingest}/healthz`)).json()).spool_bytes > 0) await new Promise((r) => setTimeout(r, 20))
  resetPeakRss(o.pid)
  let done = false
  const large = postBody(o.agent, o.port, '/ingest/kong', body, o.headers).finally(() => (done = true))
  const waits: number[] = []
  while (!done) {
    const t0 = performance.now()
    const status = await postBody(o.agent, o.port, '/ingest/kong', small, o.otherHeaders)
    if (status !== 200) throw new Error(`a small request beside the large one: HTTP ${status}`)
    waits.push(performance.now() - t0)
  }
  const status = await large
  if (status !== 200) throw new Error(`one large request: HTTP ${status}`)
  while ((await (await fetch(`${o.ingest}/healthz`)).json()).spool_bytes > 0) await new Promise((r) => setTimeout(r, 20))
  ctx.check(`ingest.peak RSS, one request of ${n} records (${mb} MB)`, peakRssMb(o.pid), 'MB', RSS_TARGET_MB, true, 'read, stored and drained')
  ctx.figure(
    'ingest.longest wait of another gateway during that request',
    Math.max(...waits),
    'ms',
    `${waits.length} requests of 20 records sent back to back meanwhile`,
  )
}

const PartBytes = z.object({ table: z.string(), rows: count, bytes: count })

/**
 * Bytes each event costs on disk, after merging: its row of request_events and
 * the redacted record as received (raw_records, kept PANTAU_RAW_RECORD_DAYS), for
 * the Kong and OTLP records just ingested. README "Storage cost" quotes these.
 */
async function storedBytes(ctx: BenchContext, storage: Storage): Promise<void> {
  for (const table of ['request_events', 'raw_records']) await storage.command(`OPTIMIZE TABLE ${table} FINAL`)
  const parts = await storage.rows(
    PartBytes,
    `SELECT table, sum(rows) AS rows, sum(data_compressed_bytes) AS bytes FROM system.parts
     WHERE database = currentDatabase() AND active AND table IN ('request_events', 'raw_records') GROUP BY table`,
  )
  for (const p of parts) ctx.figure(`ingest.stored bytes per event: ${p.table} (compressed, merged)`, p.bytes / Math.max(1, p.rows), 'bytes', `${p.rows} rows`)
}

/** POST a prepared body with a keep-alive agent (cheaper than fetch for the load generator). */
export function postBody(agent: Agent, port: number, path: string, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}
