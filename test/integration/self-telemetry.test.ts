/**
 * Pantau instruments itself: with PANTAU_OTEL_ENABLED=true a Pantau process
 * exports its own traces and metrics over OTLP (standard OTEL_* settings) —
 * here to a capturing OTLP receiver — and always serves /metrics.
 */
import { createServer, type Server } from 'node:http'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeRequest } from '../../collector/sources/otlp/proto.js'
import { freePort, startPantau, type PantauProcess } from '../../scripts/process.js'
import { tempDir } from '../support/stack.js'

let proc: PantauProcess | undefined
let receiver: Server | undefined
afterAll(async () => {
  await proc?.stop()
  receiver?.close()
})

describe('self telemetry', () => {
  it('exports spans and metrics over OTLP when enabled, and serves /metrics', { timeout: 120_000 }, async () => {
    const received: Record<string, string[]> = { '/v1/traces': [], '/v1/metrics': [] }
    const otlpPort = await freePort()
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c) => chunks.push(c))
      req.on('end', () => {
        const signal = req.url === '/v1/traces' ? 'traces' : req.url === '/v1/metrics' ? 'metrics' : undefined
        if (signal) received[req.url!].push(JSON.stringify(decodeRequest(signal, Buffer.concat(chunks))))
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end()
      })
    }).listen(otlpPort, '127.0.0.1')

    const admin = 'self-telemetry-admin-token-0123456789'
    const running = await startPantau({
      PANTAU_DATA_DIR: tempDir('pantau-otel-'),
      PANTAU_ADMIN_TOKEN: admin,
      PANTAU_OTEL_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      PANTAU_METRICS_TOKEN: 'scrape-secret',
    })
    proc = running.proc
    const { api, ingest } = running
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }
    await fetch(`${api}/v1/registry/instansi`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ code: 'bps', name: 'Badan Pusat Statistik', kind: 'lembaga' }),
    })
    const gw = await (
      await fetch(`${api}/v1/registry/gateways`, { method: 'POST', headers, body: JSON.stringify({ instansi: 'bps', name: 'SPL BPS', product: 'apisix' }) })
    ).json()
    const line = JSON.stringify({
      timestamp: new Date().toISOString(),
      level: 'INFO',
      service: 's',
      requestId: 'r1',
      method: 'GET',
      endpoint: '/v1/x',
      statusCode: 200,
      duration: 5,
      message: 'ok',
    })
    const res = await fetch(`${ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${gw.data.ingest_token}` }, body: line })
    expect(res.status).toBe(200)

    const deadline = Date.now() + 30_000
    const has = (path: string, text: string) => received[path].some((r) => r.includes(text))
    while (!(has('/v1/traces', 'pantau.ingest') && has('/v1/traces', 'pantau.drain.batch') && has('/v1/metrics', 'pantau.ingest.accepted'))) {
      if (Date.now() > deadline)
        throw new Error(
          `not exported: traces ${received['/v1/traces'].length} (drain span: ${has('/v1/traces', 'pantau.drain.batch')}), metrics ${received['/v1/metrics'].length}: ${received[
            '/v1/metrics'
          ]
            .join('')
            .match(/"name":"[^"]+"/g)
            ?.slice(0, 30)}\n${proc.output()}`,
        )
      await new Promise((r) => setTimeout(r, 200))
    }
    expect((await fetch(`${api}/metrics`)).status).toBe(401)
    const scrape = await (await fetch(`${api}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } })).text()
    expect(scrape).toContain('pantau_ingest_accepted')
  })
})
