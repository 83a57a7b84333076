/**
 * Where the spool's consumer stands, persisted atomically (write, fsync,
 * rename). Before a batch is handed to its target the consumer records the
 * batch's exact range as `pending`; after a crash the same range is replayed
 * with the same idempotency token, so the target can drop what it already has.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'

export const Position = z.object({ seg: z.number().int().nonnegative(), off: z.number().int().nonnegative() })
export type Position = z.infer<typeof Position>

export const CursorState = z.object({
  committed: Position,
  pending: z.object({ start: Position, end: Position }).optional(),
})
export type CursorState = z.infer<typeof CursorState>

export const comparePos = (a: Position, b: Position): number => a.seg - b.seg || a.off - b.off

export class SpoolCursor {
  private readonly file: string
  state: CursorState

  constructor(dir: string, initial: Position) {
    this.file = join(dir, 'cursor.json')
    this.state = this.load() ?? { committed: initial }
  }

  private load(): CursorState | undefined {
    try {
      return CursorState.parse(JSON.parse(readFileSync(this.file, 'utf8')))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new Error(`spool cursor ${this.file} is unreadable: ${(e as Error).message}`)
    }
  }

  begin(start: Position, end: Position): void {
    this.save({ committed: this.state.committed, pending: { start, end } })
  }

  commit(end: Position): void {
    this.save({ committed: end })
  }

  private save(state: CursorState): void {
    const tmp = `${this.file}.tmp`
    const fd = openSync(tmp, 'w')
    try {
      writeSync(fd, JSON.stringify(state))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, this.file)
    syncDir(dirname(this.file))
    this.state = state
  }
}

/** fsync a directory, so a file just created or renamed in it survives a power loss. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
