/**
 * Every Content-Encoding / grpc-encoding the shippers send decodes to the
 * same bytes, within the body limit: gzip, deflate (zlib-wrapped and raw), br,
 * zstd and lz4 (fixtures written by the zstd and lz4 tools), snappy block and framed.
 */
import { readFileSync } from 'node:fs'
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { compress as snappyBlock } from 'snappyjs'
import { describe, expect, it } from 'vitest'
import { canDecode, decompress, TooLargeError } from '../../collector/sources/decompress.js'

const plain = readFileSync(new URL('../fixtures/compression/logs.json', import.meta.url))
const zstd = readFileSync(new URL('../fixtures/compression/logs.json.zst', import.meta.url))
const lz4 = readFileSync(new URL('../fixtures/compression/logs.json.lz4', import.meta.url))

/** The Snappy framing format around one block (CRC left zero: the decoder does not check it). */
function framed(data: Buffer): Buffer {
  const magic = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59])
  const chunks = [magic]
  for (let at = 0; at < data.length; at += 65536) {
    const block = Buffer.from(snappyBlock(data.subarray(at, at + 65536)))
    const head = Buffer.alloc(8)
    head[0] = 0x00
    head.writeUIntLE(block.length + 4, 1, 3)
    chunks.push(head, block)
  }
  return Buffer.concat(chunks)
}

const CASES: Array<[string, Buffer]> = [
  ['gzip', gzipSync(plain)],
  ['deflate', deflateSync(plain)],
  ['deflate', deflateRawSync(plain)],
  ['br', brotliCompressSync(plain)],
  ['zstd', zstd],
  ['lz4', lz4],
  ['snappy', Buffer.from(snappyBlock(plain))],
  ['snappy', framed(plain)],
  ['x-snappy-framed', framed(plain)],
  ['identity', plain],
]

describe('body decompression', () => {
  it.each(CASES)('%s decodes to the original bytes', async (encoding, body) => {
    expect(canDecode(encoding)).toBe(true)
    expect((await decompress(encoding, body, 1 << 20)).equals(plain)).toBe(true)
  })

  it.each(CASES.filter(([e]) => e !== 'identity'))('%s stops at the limit while it inflates', async (encoding, body) => {
    await expect(decompress(encoding, body, 1000)).rejects.toBeInstanceOf(TooLargeError)
  })

  it('names what it cannot read, and refuses a body that is not in its encoding', async () => {
    expect(canDecode('compress')).toBe(false)
    await expect(decompress('zstd', Buffer.from('not zstd at all'), 1 << 20)).rejects.toThrow()
    await expect(decompress('snappy', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 1 << 20)).rejects.toThrow()
  })
})
