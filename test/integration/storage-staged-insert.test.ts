/**
 * The embedded engine's inserts are staged through files (storage/staged-insert.ts):
 * the rows arrive whole, no file outlives its insert (whatever the outcome),
 * files left by a process that died are removed when the next one opens the
 * directory, and an engine error keeps the shape poison isolation reads.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compactRows, STREAM_SPECS } from '../../collector/streams.js'
import { openStorage, type Storage } from '../../storage/client.js'
import { StorageConfig } from '../../storage/config.js'
import { migrate } from '../../storage/migrate.js'
import { eventRow } from '../support/event-row.js'
import { tempDir } from '../support/stack.js'

const cfg = StorageConfig.parse({ dataDir: tempDir('pantau-staged-') })
const staging = join(cfg.dataDir, 'insert-staging')
// a directory as a process that died mid-insert leaves it (no process has pid 2^22 + 1: above Linux's pid_max)
const orphan = join(staging, '4194305-dead')
let storage: Storage
/** The staging directory of `storage`. */
let ownDir: string

// a directory of an earlier process that had this one's pid (containers start every process as pid 1)
const samePid = join(staging, `${process.pid}-earlier`)

beforeAll(async () => {
  for (const dir of [orphan, samePid]) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, '7.rows'), '["half a batch"\n')
  }
  storage = await openStorage(cfg)
  ownDir = join(staging, readdirSync(staging)[0]!)
  await migrate(storage, cfg)
})
afterAll(() => storage?.close())

const filesLeft = () => readdirSync(staging).flatMap((d) => readdirSync(join(staging, d)))
const { table, columns } = STREAM_SPECS.events

describe('staged inserts (embedded engine)', () => {
  it('removes the staging files of a process that is no longer running, and keeps its own directory', () => {
    expect(existsSync(orphan)).toBe(false)
    expect(existsSync(samePid)).toBe(false)
    expect(readdirSync(staging)).toEqual([expect.stringMatching(new RegExp(`^${process.pid}-`))])
  })

  it('keeps the directory of a storage this process opened before (the same data directory opened twice)', async () => {
    const first = readdirSync(staging)
    const second = await openStorage(cfg)
    try {
      expect(readdirSync(staging)).toEqual(expect.arrayContaining(first))
      expect(readdirSync(staging)).toHaveLength(2)
    } finally {
      await second.close()
    }
  })

  it('stores every row of a batch of 1,000 large rows, with nothing left in the staging directory', async () => {
    const now = Date.now()
    const rows = Array.from({ length: 1000 }, (_, i) =>
      eventRow({ ts: now - i, instansi: 'kota-staged', message: `'quote' \\ back\tslash ${'x'.repeat(2000)} ${i}` }),
    )
    await storage.insertCompact(table, columns, compactRows(columns, rows), 'staged:1')
    const [r] = await storage.query<{ n: number; m: number }>(
      "SELECT count() AS n, countIf(startsWith(message, '''quote'' \\\\ back\tslash xx')) AS m FROM request_events WHERE instansi = 'kota-staged'",
    )
    expect([Number(r?.n), Number(r?.m)]).toEqual([1000, 1000])
    expect(filesLeft()).toEqual([])
  })

  it('answers a row the engine refuses with its ClickHouse type and removes the file', async () => {
    const bad = Buffer.from('["not a time", "x"]\n')
    const e = await storage.insertCompact(table, ['ts', 'instansi'], bad, 'staged:2').then(
      () => null,
      (err: unknown) => err as { type?: string; message: string },
    )
    expect(e?.type).toMatch(/^CANNOT_PARSE/)
    expect(filesLeft()).toEqual([])
  })

  it('answers a staging directory that vanished with an error without a ClickHouse type (retried, not set aside)', async () => {
    const own = ownDir
    rmSync(own, { recursive: true })
    try {
      const row = compactRows(columns, [eventRow({ ts: Date.now(), instansi: 'kota-staged' })])
      const e = await storage.insertCompact(table, columns, row, 'staged:3').then(
        () => null,
        (err: unknown) => err as { type?: string; code?: string },
      )
      expect(e?.code).toBe('ENOENT')
      expect(e?.type).toBeUndefined()
    } finally {
      mkdirSync(own)
    }
  })
})
