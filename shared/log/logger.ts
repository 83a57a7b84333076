/**
 * Pantau's own logs: structured JSON lines (pino), levelled, with the field
 * names Permenkomdigi 3/2025 Pasal 13 asks of every gateway — `timestamp`,
 * `level`, `service`, `message`, and `requestId`, `method`, `endpoint`,
 * `statusCode`, `duration` where a line is about a request. An observability
 * product should log the way it asks others to.
 *
 * `PANTAU_LOG_LEVEL` (trace … fatal, silent; default info) and
 * `PANTAU_LOG_FORMAT=pretty` (one readable line, for a terminal) are read
 * here, once.
 */
import pino, { type Logger } from 'pino'

export type { Logger }

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const
type Level = (typeof LEVELS)[number]

function levelFrom(env: NodeJS.ProcessEnv): Level {
  const v = (env.PANTAU_LOG_LEVEL ?? 'info').toLowerCase()
  return (LEVELS as readonly string[]).includes(v) ? (v as Level) : 'info'
}

/** A line as a person reads it: "2026-12-04T10:00:00.000Z info [collector] message key=value". */
function prettyLine(o: Record<string, unknown>): string {
  const { timestamp, level, service, component, message, ...rest } = o
  const extra = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')
  return `${timestamp} ${level} [${component ?? service}] ${message}${extra ? ` ${extra}` : ''}\n`
}

/** The root logger of a process (`service` names it, e.g. pantau-collector). */
export function createLogger(service: string, env: NodeJS.ProcessEnv = process.env, destination?: pino.DestinationStream): Logger {
  const pretty = env.PANTAU_LOG_FORMAT === 'pretty'
  const stream: pino.DestinationStream =
    destination ?? (pretty ? { write: (line: string) => void process.stdout.write(prettyLine(JSON.parse(line))) } : pino.destination({ sync: false }))
  return pino(
    {
      level: levelFrom(env),
      base: { service },
      messageKey: 'message',
      errorKey: 'error',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  )
}

let root: Logger | undefined

/** The process's root logger: set by the server at start, a default one otherwise (tests, scripts). */
export function rootLogger(): Logger {
  root ??= createLogger('pantau')
  return root
}

export function setRootLogger(logger: Logger): void {
  root = logger
}

/** A logger for one component (`component` field): collector, drain, writer, api, alerts, reports, … */
export function componentLogger(component: string): Logger {
  return rootLogger().child({ component })
}

/** A `(msg) => void` that writes info lines, for code that takes a log callback. */
export const infoLine =
  (logger: Logger) =>
  (message: string): void =>
    logger.info(message)
