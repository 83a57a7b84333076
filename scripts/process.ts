/** Run Pantau as a child process (crash tests, benchmarks): start, wait until ready, kill. */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

export interface PantauProcess {
  child: ChildProcess
  output: () => string
  /** SIGKILL and wait for the exit. */
  kill9(): Promise<void>
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>
}

/**
 * The Node.js flags an npm script starts Pantau with (`node --max-old-space-size=… --import tsx …`),
 * so that a benchmark runs a role as its script does.
 */
export function npmScriptNodeFlags(script: string): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const words = (pkg.scripts[script] ?? '').split(/\s+/)
  if (words[0] !== 'node') return []
  const end = words.indexOf('--import')
  return words.slice(1, end < 0 ? undefined : end).filter((w) => w.startsWith('--'))
}

export function spawnPantau(args: string[], env: Record<string, string>, nodeFlags: string[] = []): PantauProcess {
  let out = ''
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    child,
    output: () => out,
    async kill9() {
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      child.kill('SIGTERM')
      return exited
    },
  }
}

/** Poll `url` until it answers 2xx (or fail with the process output). */
export async function waitForHttp(url: string, proc: PantauProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`process exited (${proc.child.exitCode}):\n${proc.output()}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms:\n${proc.output()}`)
}

/** The ports one Pantau process listens on. */
export interface PantauPorts {
  api: number
  otlpHttp: number
  otlpGrpc: number
}

export interface RunningPantau {
  proc: PantauProcess
  /** Base URLs of the API and of the collector's HTTP source. */
  api: string
  ingest: string
  ports: PantauPorts
}

/**
 * The single-process stack (`server/start.ts`, every role) with `env`, on
 * `ports` (free ones by default; pass the same ones to restart it in place),
 * once the API and the collector both answer.
 */
export async function startPantau(env: Record<string, string>, opts: { ports?: PantauPorts; timeoutMs?: number } = {}): Promise<RunningPantau> {
  const ports = opts.ports ?? { api: await freePort(), otlpHttp: await freePort(), otlpGrpc: await freePort() }
  const proc = spawnPantau(['server/start.ts'], {
    ...env,
    PANTAU_API_PORT: String(ports.api),
    PANTAU_OTLP_HTTP_PORT: String(ports.otlpHttp),
    PANTAU_OTLP_GRPC_PORT: String(ports.otlpGrpc),
  })
  const running = { proc, api: `http://127.0.0.1:${ports.api}`, ingest: `http://127.0.0.1:${ports.otlpHttp}`, ports }
  await waitForHttp(`${running.api}/healthz`, proc, opts.timeoutMs)
  await waitForHttp(`${running.ingest}/healthz`, proc, opts.timeoutMs)
  return running
}
