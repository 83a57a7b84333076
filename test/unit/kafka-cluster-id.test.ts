/**
 * scripts/kafka-local.sh formats the broker's storage with a random cluster id
 * passed as `-t <id>`: an id starting with '-' would be read as an option (1
 * run in 64 failed). The script's generator is run many times here.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const SCRIPT = new URL('../../scripts/kafka-local.sh', import.meta.url).pathname

describe('kafka-local cluster id', () => {
  it('never starts with "-" and is 22 URL-safe base64 characters (a Kafka Uuid)', () => {
    const runs = 1000 // P(no leading '-' in 1000 draws of the old generator) = (63/64)^1000 < 2e-7
    const out = execFileSync(
      'bash',
      [
        '-c',
        `set -euo pipefail; eval "$(sed -n '/^random_cluster_id() {/,/^}/p' "$1")"; for _ in $(seq ${runs}); do printf "%s\\n" "$(random_cluster_id)"; done`,
        '_',
        SCRIPT,
      ],
      { encoding: 'utf8' },
    )
    const ids = out.trim().split('\n')
    expect(ids).toHaveLength(runs)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/)
    expect(new Set(ids).size).toBe(runs)
  })
})
