/** Secrets generated once and kept in the data directory (mode 0600). */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export function loadOrCreateSecret(
  dataDir: string,
  name: string,
  make: () => string = () => randomBytes(32).toString('base64url'),
): { value: string; created: boolean } {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, name)
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), created: false }
  const value = make()
  writeFileSync(file, value + '\n', { mode: 0o600, flag: 'wx' })
  return { value, created: true }
}
