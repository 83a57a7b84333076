/**
 * Registry write benchmark (issue 13): single registry writes through the
 * HTTP API (POST /v1/registry/apis, ms each: the figure a national catalogue
 * registered one API per request pays), a bulk import of 2,000 APIs (target:
 * well under 20 s), its idempotent re-import, and the CSV download of the
 * whole list. One in-process stack (collector + API) on a fresh directory.
 */
import { rmSync } from 'node:fs'
import { startStack } from '../../server/stack.js'
import type { BenchContext } from './report.js'
import { pct } from './timing.js'

export async function benchRegistry(ctx: BenchContext): Promise<void> {
  const dir = ctx.tempDir('registry')
  const stack = await startStack({
    roles: new Set(['collector', 'api']),
    env: {
      ...process.env,
      PANTAU_DATA_DIR: dir,
      PANTAU_API_PORT: '0',
      PANTAU_OTLP_HTTP_PORT: '0',
      PANTAU_OTLP_GRPC_PORT: '0',
      PANTAU_API_HOST: '127.0.0.1',
      PANTAU_COLLECTOR_HOST: '127.0.0.1',
    },
  })
  const api = `http://127.0.0.1:${stack.apiPort}`
  const call = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(api + path, {
      method,
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': type },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`)
    return text
  }
  try {
    await call('POST', '/v1/registry/import', {
      instansi: [
        { code: 'kota-bench', name: 'Kota Bench', kind: 'kota' },
        { code: 'prov-bench', name: 'Provinsi Bench', kind: 'provinsi' },
      ],
      gateways: [
        { id: 'kota-bench-spl', instansi: 'kota-bench', name: 'SPL Kota Bench', product: 'kong' },
        { id: 'prov-bench-spl', instansi: 'prov-bench', name: 'SPL Provinsi Bench', product: 'wso2' },
      ],
    })

    const singles = ctx.scale(200)
    const times: number[] = []
    for (let i = 0; i < singles; i++) {
      const t = performance.now()
      await call('POST', '/v1/registry/apis', { instansi: 'kota-bench', gateway_id: 'kota-bench-spl', name: `Layanan Satu ${i}`, base_path: `/satu-${i}/v1` })
      times.push(performance.now() - t)
    }
    times.sort((a, b) => a - b)
    ctx.figure(
      'registry: single write POST /v1/registry/apis, mean',
      times.reduce((a, b) => a + b, 0) / times.length,
      'ms',
      `${singles} sequential; ~35 ms before issue 13`,
    )
    ctx.figure('registry: single write POST /v1/registry/apis, p95', pct(times, 0.95), 'ms')

    const n = ctx.scale(2000)
    const apis = Array.from({ length: n }, (_, i) => ({
      instansi: 'prov-bench',
      gateway_id: 'prov-bench-spl',
      name: `Layanan Katalog ${i}`,
      base_path: `/katalog-${i}/v1`,
      tags: ['katalog', `k${i % 10}`],
    }))
    let t = performance.now()
    await call('POST', '/v1/registry/import?entity=apis', apis)
    const importMs = performance.now() - t
    ctx.figure(`registry: import of ${n} APIs (JSON, one request)`, importMs / 1000, 's', 'target well under 20 s')
    ctx.ratio(`registry: import of ${n} APIs vs 20 s`, importMs / 20_000, 0.25, true)
    t = performance.now()
    const again = JSON.parse(await call('POST', '/v1/registry/import?entity=apis', apis)) as { data: { unchanged: { apis: number } } }
    ctx.figure(`registry: re-import of the same ${n} APIs (all unchanged)`, (performance.now() - t) / 1000, 's', `${again.data.unchanged.apis} unchanged`)
    t = performance.now()
    const csv = await call('GET', '/v1/registry/apis?instansi=prov-bench&format=csv')
    ctx.figure(`registry: CSV download of ${n} APIs`, performance.now() - t, 'ms', `${(csv.length / 1024).toFixed(0)} KiB`)
    t = performance.now()
    await call('POST', '/v1/registry/import?entity=apis', csv, 'text/csv')
    ctx.figure(`registry: re-import of that CSV download`, (performance.now() - t) / 1000, 's')
  } finally {
    await stack.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
