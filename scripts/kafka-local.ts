/**
 * Node wrapper around scripts/kafka-local.sh: starts/stops a real single-node Kafka 4 broker
 * (KRaft, jars from Maven Central, no Docker). Meant for vitest globalSetup and dev scripts:
 *
 *   const { brokers } = await startKafka({ reset: true }); // ['127.0.0.1:9092']
 *   ...
 *   await stopKafka();
 *
 * The broker outlives this process (it runs detached, with a pid file in the cache dir), and
 * startKafka() is idempotent: when a broker is already running it just waits until it is ready.
 * Needs `java` (17+) and `mvn` on PATH; see the script's header for the environment it reads.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('./kafka-local.sh', import.meta.url))

export interface StartKafkaOptions {
  /** PLAINTEXT port on 127.0.0.1 (default: KAFKA_PORT or 9092). */
  port?: number
  /** Wipe the broker's data first (KAFKA_DATA_RESET=1); restarts a running broker. */
  reset?: boolean
}

interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

function runScript(command: 'start' | 'stop' | 'status', env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // The script detaches the broker and closes the broker's stdio, so these pipes close
    // (and 'close' fires) as soon as the script itself exits.
    const child = spawn('bash', [SCRIPT, command], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

function failure(command: string, r: RunResult): Error {
  const how = r.signal ? `was killed by ${r.signal}` : `exited with code ${r.code}`
  const tail = r.stderr.trim().split('\n').slice(-80).join('\n')
  return new Error(`scripts/kafka-local.sh ${command} ${how}\n${tail}`)
}

/** Starts (or reuses) the local broker and resolves once it accepts connections. */
export async function startKafka(opts: StartKafkaOptions = {}): Promise<{ brokers: string[] }> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  if (opts.port !== undefined) env.KAFKA_PORT = String(opts.port)
  if (opts.reset) env.KAFKA_DATA_RESET = '1'
  else delete env.KAFKA_DATA_RESET

  const r = await runScript('start', env)
  if (r.code !== 0) throw failure('start', r)
  // The script prints the broker address (host:port) as its last stdout line.
  const address = r.stdout.trim().split('\n').pop()?.trim()
  if (!address || !/^[\w.-]+:\d+$/.test(address)) {
    throw new Error(`scripts/kafka-local.sh start printed no broker address (stdout: ${JSON.stringify(r.stdout)})`)
  }
  return { brokers: [address] }
}

/** Stops the local broker (SIGTERM, then SIGKILL after 30 s); a no-op when it is not running. */
export async function stopKafka(): Promise<void> {
  const r = await runScript('stop', { ...process.env })
  if (r.code !== 0) throw failure('stop', r)
}
