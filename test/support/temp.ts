/** Temporary directories for tests; free of the engine, so unit tests can use them too. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function tempDir(prefix = 'pantau-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}
