/**
 * Pantau's own logs: structured JSON lines (pino), levelled, with the field
 * names Permenkomdigi 3/2025 Pasal 13 asks of every gateway — `timestamp`,
 * `level`, `service`, `message`, and `requestId`, `method`, `endpoint`,
 * `statusCode`, `duration` where a line is about a request. An observability
 * product should log the way it asks others to.
 *
 * `PANTAU_LOG_LEVEL` (trace … fatal, silent; default info) and
 * `PANTAU_LOG_FORMAT` (`json`, the default, or `pretty`: one readable line,
 * for a terminal) are read here, once, through one zod schema.
 *
 * The server creates the root logger at start (`setRootLogger`) and hands
 * children to the components it wires; a component built without one uses
 * `componentLogger(name)`. Call that when the component is created, never at
 * module top level: a module-level logger would be bound before the server
 * sets the root. Errors go under `error` (`log.error({ error }, '…')`).
 */
import pino, { type Logger } from 'pino'
import { z } from 'zod'

export type { Logger }

export const LogConfig = z.object({
  level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  format: z.enum(['json', 'pretty']).default('json'),
})
export type LogConfig = z.infer<typeof LogConfig>

export function logConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LogConfig {
  return LogConfig.parse({
    level: env.PANTAU_LOG_LEVEL?.toLowerCase() || undefined,
    format: env.PANTAU_LOG_FORMAT?.toLowerCase() || undefined,
  })
}

/** An error as one short text: its message (pino serializes errors to `{ type, message, stack }`). */
function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message)
  return typeof error === 'string' ? error : JSON.stringify(error)
}

/** A line's message and extra fields as a person reads them: "message key=value error=…". */
function readable(o: Record<string, unknown>): { tag: unknown; text: string } {
  const { timestamp: _t, level: _l, service, component, message, error, ...rest } = o
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
  if (error !== undefined) fields.push(`error=${errorText(error)}`)
  return { tag: component ?? service, text: `${message ?? ''}${fields.length ? ` ${fields.join(' ')}` : ''}` }
}

/**
 * "2026-12-04T10:00:00.000Z info  [collector] message key=value" (the tag is
 * left out when the message names its source, "collector: …"); an error line
 * is followed by its stack.
 */
function prettyLine(o: Record<string, unknown>): string {
  const { tag, text } = readable(o)
  const tagged = /^[a-z][\w-]*: /.test(text) ? text : `[${tag}] ${text}`
  const stack = (o.level === 'error' || o.level === 'fatal') && (o.error as { stack?: unknown } | undefined)?.stack
  return `${o.timestamp} ${String(o.level).padEnd(5)} ${tagged}\n${typeof stack === 'string' ? `${stack.replace(/^/gm, '    ')}\n` : ''}`
}

/** The root logger of a process (`service` names it, e.g. pantau-collector). */
export function createLogger(service: string, config: LogConfig = logConfigFromEnv(), destination?: pino.DestinationStream): Logger {
  const stream: pino.DestinationStream =
    destination ??
    (config.format === 'pretty' ? { write: (line: string) => void process.stdout.write(prettyLine(JSON.parse(line))) } : pino.destination({ sync: false }))
  return pino(
    {
      level: config.level,
      base: { service },
      messageKey: 'message',
      errorKey: 'error',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  )
}

/** Where a caller wants lines: a logger, or a `(line) => void` callback (e.g. `() => undefined` for a silent in-process stack). */
export type LogSink = Logger | ((line: string) => void)

/** A logger for a sink: a logger as is, a callback fed each line's message and fields (no JSON). */
export function toLogger(sink: LogSink, service = 'pantau'): Logger {
  if (typeof sink !== 'function') return sink
  return createLogger(service, LogConfig.parse({}), { write: (line: string) => sink(readable(JSON.parse(line)).text) })
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
