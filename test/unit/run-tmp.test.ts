/** The run's temporary directory (test/support/run-tmp.ts) is where tests make theirs. */
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../support/temp.js'

describe('temporary directories of a test run', () => {
  it('are made inside the run directory, which the run removes at its end', () => {
    expect(basename(tmpdir())).toMatch(/^pantau-run-/)
    // one level only, whatever the number of projects: nested ones made paths too long for Chromium's socket
    expect(basename(dirname(tmpdir()))).not.toMatch(/^pantau-run-/)
    const dir = tempDir()
    expect(dirname(dir)).toBe(tmpdir())
    expect(existsSync(dir)).toBe(true)
  })
})
