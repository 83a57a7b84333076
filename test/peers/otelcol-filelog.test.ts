/**
 * The OpenTelemetry Collector (v0.165, built from the Go module proxy by
 * scripts/otelcol-build.sh) running the edge configs of
 * collector/examples/otelcol/ as shipped: filelog tails a WSO2
 * apim_metrics.log, an nginx JSON access log and an Envoy JSON access log
 * (from the beginning, then as they grow), its OTLP receiver takes a local
 * gateway's record, and it exports to an in-process Pantau over OTLP/HTTP
 * (gzip, zstd, snappy) and OTLP/gRPC (zstd). Every request in the files must
 * arrive exactly once: counts per status class and latency sums equal what the
 * files themselves say. The test only points the example at its temp files and
 * free ports (an overlay config merged over it), and picks the compression.
 */
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { edgeOverlay, example, otelcolBinary, otelcolDrops, type Peer, startOtelcol } from '../support/shippers.js'
import {
  deadLetters,
  envoyJsonLines,
  envoyLogTotals,
  nginxJsonLines,
  nginxLogTotals,
  pantauSeen,
  pantauTotals,
  wso2LogTotals,
  wso2MetricLines,
} from '../support/gateway-logs.js'
import { startTestStack, tempDir, type TestStack } from '../support/stack.js'
import { waitFor } from '../support/wait.js'

const VARIANTS = [
  { name: 'http-gzip', config: 'otelcol/edge-otlp-http.yaml' }, // the example as it is: gzip
  { name: 'http-zstd', config: 'otelcol/edge-otlp-http.yaml', compression: 'zstd' },
  { name: 'http-snappy', config: 'otelcol/edge-otlp-http.yaml', compression: 'snappy' },
  { name: 'grpc-zstd', config: 'otelcol/edge-otlp-grpc.yaml' }, // the example as it is: zstd
] as const

const N_NGINX = 240
const N_ENVOY = 30
const N_WSO2 = 50

let bin: string
let stack: TestStack

beforeAll(async () => {
  ;[bin, stack] = await Promise.all([otelcolBinary(), startTestStack()])
}, 1_800_000) // a cold collector build takes minutes

afterAll(() => stack?.stop())

interface Shipped {
  instansi: string
  nginx: string[]
  envoy: string[]
  wso2: string[]
  /** The collector's output. */
  log: string
}

/** Write the first part of each file, start the example collector, let the files grow, wait for Pantau to have answered for every record. */
async function ship(variant: (typeof VARIANTS)[number]): Promise<Shipped> {
  const instansi = `oc-${variant.name}`
  const token = await stack.gateway(instansi, { product: 'other' })
  const dir = tempDir(`pantau-otelcol-${variant.name}-`)
  const files = { wso2: join(dir, 'apim_metrics.log'), nginx: join(dir, 'access.json.log'), envoy: join(dir, 'envoy.json.log') }
  const lines = { wso2: wso2MetricLines(N_WSO2), nginx: nginxJsonLines(N_NGINX), envoy: envoyJsonLines(N_ENVOY) }
  const split = (l: string[]) => Math.floor(l.length * 0.6)
  for (const k of ['wso2', 'nginx', 'envoy'] as const) writeFileSync(files[k], `${lines[k].slice(0, split(lines[k])).join('\n')}\n`)

  const compression = 'compression' in variant ? { exporters: { otlphttp: { compression: variant.compression } } } : {}
  const { path: overlay, otlpHttpPort: otlpHttp } = await edgeOverlay(dir, files, compression)
  const metricLines = (l: string[]) => l.filter((x) => x.includes('apimMetrics:')).length
  const firstPart = split(lines.nginx) + split(lines.envoy) + metricLines(lines.wso2.slice(0, split(lines.wso2)))
  const all = lines.nginx.length + lines.envoy.length + metricLines(lines.wso2) + 1 // + the OTLP record

  let collector: Peer | undefined
  try {
    collector = await startOtelcol(bin, [example(variant.config), overlay], {
      PANTAU_INGEST_TOKEN: token,
      PANTAU_OTLP_HTTP_ENDPOINT: stack.ingest,
      PANTAU_OTLP_GRPC_ENDPOINT: `127.0.0.1:${stack.grpcPort}`,
      PANTAU_OTLP_GRPC_INSECURE: 'true',
      OTELCOL_STORAGE_DIR: join(dir, 'storage'),
    })
    const answered = async (n: number) => {
      const s = await pantauSeen(stack, instansi)
      return s.stored + s.refused >= n
    }
    const detail = () => collector!.output().slice(-6000)
    await waitFor('the files as they were at start', () => answered(firstPart), 60_000, detail, 200)
    // the files grow while the collector tails them; a local gateway sends one OTLP record
    for (const k of ['wso2', 'nginx', 'envoy'] as const) appendFileSync(files[k], `${lines[k].slice(split(lines[k])).join('\n')}\n`)
    const res = await fetch(`http://127.0.0.1:${otlpHttp}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(otlpRecord(`edge-otlp-${variant.name}`)),
    })
    expect(res.status).toBe(200)
    await waitFor('every record', () => answered(all), 60_000, detail, 200)
  } finally {
    await collector?.stop()
  }
  await stack.flushed()
  return { instansi, ...lines, log: collector?.output() ?? '' }
}

/** One OTLP/JSON log record with HTTP semantic-convention attributes, as a gateway's OTel plugin sends it. */
function otlpRecord(requestId: string) {
  const attr = (key: string, value: string | number) => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } })
  return {
    resourceLogs: [
      {
        resource: { attributes: [attr('service.name', 'kong-gateway')] },
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: `${BigInt(Date.now() - 1000) * 1_000_000n}`,
                attributes: [
                  attr('http.request.method', 'GET'),
                  attr('http.response.status_code', 200),
                  attr('url.path', '/perizinan/v1/izin/7'),
                  attr('duration_ms', 42),
                  attr('http.request.header.x-request-id', requestId),
                ],
              },
            ],
          },
        ],
      },
    ],
  }
}

for (const variant of VARIANTS) {
  describe(`OTel Collector filelog → Pantau, ${variant.name} (collector/examples/${variant.config})`, () => {
    let shipped: Shipped

    beforeAll(async () => {
      shipped = await ship(variant)
    }, 180_000)

    it('nothing was refused and the collector dropped nothing', async () => {
      expect(await deadLetters(stack.storage!, shipped.instansi)).toBe('')
      expect(otelcolDrops(shipped.log)).toEqual([])
    })

    it(`nginx JSON access log: ${N_NGINX} requests, status classes and latency sums as in the file`, async () => {
      const { requestIds, ...fromFile } = nginxLogTotals(shipped.nginx)
      expect(await pantauTotals(stack.storage!, shipped.instansi, 'nginx')).toEqual(fromFile)
      const ids = await stack.storage!.query<{ request_id: string }>(
        "SELECT request_id FROM request_events WHERE instansi = {i:String} AND source_format = 'nginx' ORDER BY request_id",
        { i: shipped.instansi },
      )
      expect(ids.map((r) => r.request_id)).toEqual(requestIds)
    })

    it(`Envoy JSON access log: ${N_ENVOY} requests as in the file`, async () => {
      expect(await pantauTotals(stack.storage!, shipped.instansi, 'envoy')).toEqual(envoyLogTotals(shipped.envoy))
    })

    it(`WSO2 apim_metrics.log: ${N_WSO2} events (responses and faults), the start-up line filtered out`, async () => {
      const { responses, faults, ...fromFile } = wso2LogTotals(shipped.wso2)
      expect(responses + faults).toBe(N_WSO2)
      expect(await pantauTotals(stack.storage!, shipped.instansi, 'wso2')).toEqual(fromFile)
    })

    it("a local gateway's OTLP record passes through the edge collector", async () => {
      const rows = await stack.storage!.query<Record<string, unknown>>(
        "SELECT method, status, latency_ms, service, source_format FROM request_events WHERE instansi = {i:String} AND source_format = 'otlp_logs'",
        { i: shipped.instansi },
      )
      expect(rows).toEqual([{ method: 'GET', status: 200, latency_ms: 42, service: 'kong-gateway', source_format: 'otlp_logs' }])
    })
  })
}
