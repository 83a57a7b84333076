/**
 * vitest globalSetup: one temporary directory per test run, removed when the
 * run ends. Every test file, and every process a test starts, inherits it as
 * TMPDIR, so the data directories of stacks, crash tests, brokers and peers
 * (~200 MB each; a full run made ~80 of them, never removed) go under it
 * wherever they are made (`os.tmpdir()`). A run that is killed leaves its
 * directory, named `pantau-run-*`. Each vitest project runs the global setup
 * again: the first one makes the directory, the others use it (nesting them
 * made paths too long for Chromium's socket).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const MARK = 'PANTAU_TEST_RUN_TMP'

export default function setup(): () => void {
  if (process.env[MARK]) return () => undefined
  const dir = mkdtempSync(join(tmpdir(), 'pantau-run-'))
  const previous = process.env.TMPDIR
  process.env.TMPDIR = dir
  process.env[MARK] = dir
  return () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    delete process.env[MARK]
    rmSync(dir, { recursive: true, force: true })
  }
}
