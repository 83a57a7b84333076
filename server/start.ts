/**
 * Start Pantau. `npm start` runs every role in one process on the embedded
 * ClickHouse engine; `--role=collector|writer|api` (or PANTAU_ROLES) runs
 * one piece alone, as compose.yaml does. The process's root logger and
 * telemetry are created here, before any component.
 */
import { createLogger, logConfigFromEnv, setRootLogger } from '../shared/log/logger.js'
import { rolesFrom, serviceName, telemetryConfigFromEnv } from './config.js'
import { startStack } from './stack.js'
import { startTelemetry } from './telemetry.js'

const env = process.env
const roles = rolesFrom(process.argv.slice(2), env)
const service = serviceName(roles)
const log = createLogger(service, logConfigFromEnv(env))
setRootLogger(log)
const telemetry = startTelemetry(service, telemetryConfigFromEnv(env))
const stack = await startStack({ roles, env, telemetry, log }).catch((error: unknown) => {
  log.fatal({ error }, 'start failed')
  process.exit(1)
})

let stopping = false
const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  log.info({ signal }, 'stopping…')
  const force = setTimeout(() => process.exit(1), 20_000)
  force.unref()
  await stack.stop()
  await telemetry.shutdown()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
