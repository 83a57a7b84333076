/** Capture the lines of the process's root logger (shared/log) during a test. */
import { createLogger, LogConfig, rootLogger, setRootLogger } from '../../shared/log/logger.js'

export interface CapturedLines {
  lines: Array<Record<string, unknown>>
  restore(): void
}

export function captureLog(): CapturedLines {
  const previous = rootLogger()
  const lines: Array<Record<string, unknown>> = []
  setRootLogger(createLogger('test', LogConfig.parse({ level: 'debug' }), { write: (line: string) => void lines.push(JSON.parse(line)) }))
  return { lines, restore: () => setRootLogger(previous) }
}
