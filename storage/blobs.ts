/**
 * File contents addressed by SHA-256, in ClickHouse (`blobs`): uploaded
 * policy documents and generated report PDFs. Kept in the database rather
 * than the data directory so that every API process (and a ClickHouse
 * server deployment with several of them) sees the same files, and backups
 * of the database carry the evidence with it. Writing the same content twice
 * stores it once.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Storage } from './client.js'
import { u64 } from './columns.js'

export const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex')

const BlobInfo = z.object({ sha256: z.string(), size: u64, content_type: z.string() })
export type BlobInfo = z.infer<typeof BlobInfo>
const BlobContent = z.object({ c: z.string() })

export class BlobStore {
  constructor(private readonly storage: Storage) {}

  async info(digest: string): Promise<BlobInfo | undefined> {
    const rows = await this.storage.rows(BlobInfo, 'SELECT sha256, size, content_type FROM blobs WHERE sha256 = {d:String} LIMIT 1', { d: digest })
    return rows[0]
  }

  /** Store bytes (once per content); returns their SHA-256. */
  async put(bytes: Buffer, contentType: string): Promise<string> {
    const digest = sha256(bytes)
    if (await this.info(digest)) return digest
    await this.storage.insertRows('blobs', [
      { sha256: digest, size: bytes.length, content_type: contentType, content_b64: bytes.toString('base64'), created_at: Date.now() },
    ])
    return digest
  }

  async get(digest: string): Promise<Buffer | undefined> {
    const rows = await this.storage.rows(BlobContent, 'SELECT content_b64 AS c FROM blobs WHERE sha256 = {d:String} LIMIT 1', { d: digest })
    return rows[0] ? Buffer.from(rows[0].c, 'base64') : undefined
  }
}
