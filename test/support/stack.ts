/** Start a whole Pantau process in-test on a fresh data directory and random ports. */
import { startStack, type Stack } from '../../server/stack.js'
import { tempDir } from './temp.js'

// kept here too for the files that import it with the stack
export { tempDir }

export interface TestStack extends Stack {
  dataDir: string
  api: string
  ingest: string
  grpcPort: number
  adminToken: string
  /** Call the API as admin (or with another token); returns status and parsed JSON. */
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any; headers: Headers }>
  /** Register an instansi and a gateway; returns the ingest token. */
  gateway(instansi: string, opts?: { kind?: string; product?: string; name?: string }): Promise<string>
  /** Wait until everything ingested so far is in ClickHouse. */
  flushed(): Promise<void>
}

export async function startTestStack(env: Record<string, string> = {}, dataDir = tempDir()): Promise<TestStack> {
  const stack = await startStack({
    roles: new Set(['collector', 'api']),
    env: {
      ...process.env,
      PANTAU_DATA_DIR: dataDir,
      PANTAU_API_PORT: '0',
      PANTAU_OTLP_HTTP_PORT: '0',
      PANTAU_OTLP_GRPC_PORT: '0',
      PANTAU_API_HOST: '127.0.0.1',
      PANTAU_COLLECTOR_HOST: '127.0.0.1',
      PANTAU_BATCH_LINGER_MS: '20',
      ...env,
    },
    log: () => undefined,
  })
  const api = `http://127.0.0.1:${stack.apiPort}`
  const adminToken = stack.adminToken!
  const call: TestStack['call'] = async (method, path, body, token = adminToken) => {
    const res = await fetch(api + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers }
  }
  return {
    ...stack,
    dataDir,
    api,
    ingest: `http://127.0.0.1:${stack.collector!.httpPort}`,
    grpcPort: stack.collector!.grpcPort,
    adminToken,
    call,
    async gateway(instansi, opts = {}) {
      const i = await call('GET', `/v1/registry/instansi?instansi=${instansi}`)
      if (!i.body.data?.length) {
        const r = await call('POST', '/v1/registry/instansi', { code: instansi, name: `Instansi ${instansi}`, kind: opts.kind ?? 'kementerian' })
        if (r.status !== 201) throw new Error(JSON.stringify(r.body))
      }
      const g = await call('POST', '/v1/registry/gateways', {
        instansi,
        name: opts.name ?? `gw ${Math.random().toString(36).slice(2, 8)}`,
        product: opts.product ?? 'kong',
      })
      if (g.status !== 201) throw new Error(JSON.stringify(g.body))
      return g.body.data.ingest_token as string
    },
    flushed: () => stack.collector!.drain.flushed(),
  }
}
