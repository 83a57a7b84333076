/**
 * Start Pantau. `npm start` runs every role in one process on the embedded
 * ClickHouse engine; `--role=collector|writer|api` (or PANTAU_ROLES) runs
 * one piece alone, as compose.yaml does.
 */
import { startTelemetry } from './telemetry.js'

const telemetry = startTelemetry(`pantau-${process.env.PANTAU_ROLES ?? 'stack'}`)
// Instruments are created at import time, after the meter provider exists.
const { startStack, rolesFrom } = await import('./stack.js')

const roles = rolesFrom(process.argv.slice(2), process.env)
const stack = await startStack({ roles, telemetry })

let stopping = false
const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  console.log(`\n${signal}: stopping…`)
  const force = setTimeout(() => process.exit(1), 20_000)
  force.unref()
  await stack.stop()
  await telemetry.shutdown()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
