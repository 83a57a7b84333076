/**
 * Durability: kill -9 the single-process stack twice during a 200k-event
 * ingest, restart it, and check that every acknowledged event is stored
 * exactly once — in the raw table and in the rollups.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { openStorage } from '../../storage/client.js'
import { StorageConfig } from '../../storage/config.js'
import { startPantau, type PantauProcess } from '../../scripts/process.js'
import { tempDir } from '../support/stack.js'

const TOTAL = 200_000
const BATCH = 1_000
const ADMIN = 'crash-test-admin-token-0123456789'

function batchBody(b: number): string {
  let s = ''
  const t0 = Date.now() - 3_600_000
  for (let i = 0; i < BATCH; i++) {
    const n = b * BATCH + i
    s += `{"timestamp":"${new Date(t0 + n).toISOString()}","level":"INFO","service":"svc","requestId":"c-${n}","userId":"u${n % 97}","method":"GET","endpoint":"/v1/data/${n % 50}","statusCode":${n % 20 === 0 ? 500 : 200},"duration":${(n % 300) + 1},"message":"ok"}\n`
  }
  return s
}

let proc: PantauProcess | undefined
afterAll(async () => {
  if (proc && proc.child.exitCode === null) await proc.kill9()
})

describe('crash safety', () => {
  it('kill -9 twice mid-ingest, restart: every acknowledged event stored exactly once', { timeout: 240_000 }, async () => {
    const dataDir = tempDir('pantau-crash-')
    const env = { PANTAU_DATA_DIR: dataDir, PANTAU_ADMIN_TOKEN: ADMIN, PANTAU_BATCH_BYTES: String(2 * 1024 * 1024) }
    // the first start picks free ports; restarts reuse them
    const first = await startPantau(env)
    proc = first.proc
    const { api, ingest, ports } = first
    const start = async () => {
      proc = (await startPantau(env, { ports })).proc
    }
    const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }
    await fetch(`${api}/v1/registry/instansi`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ code: 'kotabandung', name: 'Pemerintah Kota Bandung', kind: 'kota' }),
    })
    const gw = await (
      await fetch(`${api}/v1/registry/gateways`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ instansi: 'kotabandung', name: 'SPL Bandung', product: 'apisix' }),
      })
    ).json()
    const token = gw.data.ingest_token as string

    const acked = new Set<number>()
    const attempted = new Set<number>()
    let next = 0
    const send = async (b: number) => {
      attempted.add(b)
      try {
        const res = await fetch(`${ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: batchBody(b) })
        if (res.status === 200) acked.add(b)
      } catch {
        /* connection died with the process: not acknowledged */
      }
    }
    let paused = false
    const pump = async (stopAt: number) => {
      paused = false
      const workers = Array.from({ length: 4 }, async () => {
        while (!paused && next < stopAt) await send(next++)
      })
      await Promise.all(workers)
    }
    const batches = TOTAL / BATCH
    for (const killAt of [0.3, 0.6]) {
      const pumping = pump(batches)
      while (acked.size < batches * killAt) await new Promise((r) => setTimeout(r, 5))
      paused = true
      await proc!.kill9()
      await pumping
      await start()
    }
    await pump(batches)
    expect(acked.size).toBeGreaterThan(batches * 0.9)

    // Wait for the spool to drain, then stop cleanly and read the engine directly.
    const deadline = Date.now() + 120_000
    while ((await (await fetch(`${ingest}/healthz`)).json()).spool_bytes > 0) {
      if (Date.now() > deadline) throw new Error('spool did not drain')
      await new Promise((r) => setTimeout(r, 200))
    }
    const code = await proc!.stop()
    expect(code, `exit ${code} (signal ${proc!.child.signalCode}); output:\n${proc!.output().slice(-3000)}`).toBe(0)

    const storage = await openStorage(StorageConfig.parse({ dataDir }))
    try {
      const dupes = await storage.query('SELECT request_id, count() AS n FROM request_events GROUP BY request_id HAVING n > 1 LIMIT 5')
      expect(dupes).toEqual([])
      const stored = new Set(
        (await storage.query<{ b: string }>('SELECT DISTINCT intDiv(toUInt32(substring(request_id, 3)), 1000) AS b FROM request_events')).map((r) =>
          Number(r.b),
        ),
      )
      const missing = [...acked].filter((b) => !stored.has(b))
      expect(missing).toEqual([])
      const [{ raw }] = await storage.query<{ raw: string }>('SELECT count() AS raw FROM request_events')
      const [{ rolled }] = await storage.query<{ rolled: string }>('SELECT sum(requests) AS rolled FROM request_rollup_1m')
      expect(Number(raw)).toBeGreaterThanOrEqual(acked.size * BATCH)
      expect(Number(raw)).toBeLessThanOrEqual(attempted.size * BATCH)
      expect(Number(rolled)).toBe(Number(raw))
      // Every batch is all-or-nothing: one request is one spool frame.
      const [{ partial }] = await storage.query<{ partial: string }>(
        'SELECT count() AS partial FROM (SELECT intDiv(toUInt32(substring(request_id, 3)), 1000) AS b, count() AS n FROM request_events GROUP BY b HAVING n != 1000)',
      )
      expect(Number(partial)).toBe(0)
    } finally {
      await storage.close()
    }
  })
})
