/**
 * Real log shippers as test peers (the OpenTelemetry Collector, nginx,
 * syslog-ng): run one as a foreground child with its own config and state
 * dirs, wait until it is ready, stop it. The lines they ship and the totals
 * the tests compare are in gateway-logs.ts.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../scripts/process.js'
import { waitFor } from './wait.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** A collector/examples file by its path under collector/examples/. */
export const example = (path: string): string => fileURLToPath(new URL(`../../collector/examples/${path}`, import.meta.url))

// ---------------------------------------------------------------------------
// child processes
// ---------------------------------------------------------------------------

export interface Peer {
  name: string
  child: ChildProcess
  /** stdout + stderr so far (the last 256 KiB). */
  output(): string
  exited: Promise<number | null>
  /** SIGTERM (SIGKILL after `graceMs`) and wait for the exit. */
  stop(graceMs?: number): Promise<number | null>
}

const KEEP = 256 * 1024

export function runPeer(name: string, command: string, args: string[], env: Record<string, string> = {}): Peer {
  let out = ''
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const append = (d: Buffer) => {
    out += d.toString('utf8')
    if (out.length > 2 * KEEP) out = out.slice(-KEEP)
  }
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.once('error', (e) => {
      append(Buffer.from(`\n[${name}] spawn failed: ${e.message}\n`))
      resolve(-1)
    })
  })
  return {
    name,
    child,
    output: () => out.slice(-KEEP),
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}

/** Wait until `ready()` holds, failing at once (with the output) if the peer exits first. */
export async function peerReady(peer: Peer, what: string, ready: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    `${peer.name}: ${what}`,
    async () => {
      if (peer.child.exitCode !== null || peer.child.signalCode !== null)
        throw new Error(`${peer.name} exited (${peer.child.exitCode ?? peer.child.signalCode}):\n${peer.output()}`)
      return ready()
    },
    timeoutMs,
    () => `${peer.name} output:\n${peer.output().slice(-6000)}`,
  )
}

// ---------------------------------------------------------------------------
// the OpenTelemetry Collector (built once, cached: scripts/otelcol-build.sh)
// ---------------------------------------------------------------------------

let built: Promise<string> | undefined

/**
 * Path of the collector binary built by scripts/otelcol-build.sh from the Go
 * module proxy: minutes when cold, instant when cached (.cache/otelcol/<hash>).
 * Concurrent test files wait on the script's lock rather than build twice.
 */
export function otelcolBinary(): Promise<string> {
  built ??= new Promise((resolve, reject) => {
    execFile('bash', [`${ROOT}scripts/otelcol-build.sh`], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`scripts/otelcol-build.sh failed: ${err.message}\n${stderr.slice(-4000)}`))
      const bin = stdout.trim().split('\n').pop()?.trim()
      if (!bin) return reject(new Error(`scripts/otelcol-build.sh printed no binary path\n${stderr.slice(-4000)}`))
      resolve(bin)
    })
  })
  return built
}

/** Start the collector with these config files (later ones merge over earlier ones) and wait until it runs. */
export async function startOtelcol(bin: string, configs: string[], env: Record<string, string>, name = 'otelcol'): Promise<Peer> {
  const peer = runPeer(
    name,
    bin,
    configs.flatMap((c) => ['--config', c]),
    env,
  )
  await peerReady(peer, 'ready', () => peer.output().includes('Everything is ready'))
  return peer
}

/** Collector log lines that say it lost data (an export given up, a queue full). */
export const otelcolDrops = (output: string): string[] => output.split('\n').filter((l) => /Exporting failed|[Dd]ropping data|[Dd]ropped/.test(l))

/**
 * The overlay an edge-collector test lays over a tested example config: the filelog receivers
 * pointed at the test's files, the otlp receiver on free ports, no :8888 listener per collector,
 * and `extra` (e.g. an exporter's compression). Written as `overlay.yaml` in `dir`.
 */
export async function edgeOverlay(
  dir: string,
  files: { wso2: string; nginx: string; envoy: string },
  extra: Record<string, unknown> = {},
): Promise<{ path: string; otlpHttpPort: number }> {
  const [grpc, http] = [await freePort(), await freePort()]
  const path = join(dir, 'overlay.yaml')
  writeFileSync(
    path,
    JSON.stringify({
      receivers: {
        'filelog/wso2': { include: [files.wso2] },
        'filelog/nginx': { include: [files.nginx] },
        'filelog/envoy': { include: [files.envoy] },
        otlp: { protocols: { grpc: { endpoint: `127.0.0.1:${grpc}` }, http: { endpoint: `127.0.0.1:${http}` } } },
      },
      ...extra,
      service: { telemetry: { metrics: { level: 'none' } } },
    }),
  )
  return { path, otlpHttpPort: http }
}
