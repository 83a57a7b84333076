/**
 * The record-batch codecs the writer registers with kafkajs (collector/kafka/codecs.ts):
 * zstd (a fixture written by the zstd tool), snappy as franz-go writes it (one raw
 * block) and as the Java client writes it (xerial framing), each bounded while it
 * inflates; LZ4 refused with an error that says what to change.
 */
import { readFileSync } from 'node:fs'
import { CompressionCodecs, CompressionTypes } from 'kafkajs'
import { compress as snappyBlock } from 'snappyjs'
import { describe, expect, it } from 'vitest'
import { kafkaSnappy, lz4Codec, snappyCodec, XERIAL_MAGIC, zstdCodec } from '../../collector/kafka/codecs.js'
import { registerCodecs } from '../../collector/kafka/client.js'
import { TooLargeError } from '../../collector/sources/decompress.js'

const plain = readFileSync(new URL('../fixtures/compression/logs.json', import.meta.url))
const zstd = readFileSync(new URL('../fixtures/compression/logs.json.zst', import.meta.url))

/** snappy-java's stream format: magic, version 1, compatible version 1, then [int32 BE length][block] per 4 KiB chunk. */
function xerial(data: Buffer, chunk = 4096): Buffer {
  const parts = [XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])]
  for (let at = 0; at < data.length; at += chunk) {
    const block = Buffer.from(snappyBlock(data.subarray(at, at + chunk)))
    const len = Buffer.alloc(4)
    len.writeInt32BE(block.length)
    parts.push(len, block)
  }
  return Buffer.concat(parts)
}

describe('Kafka record-batch codecs', () => {
  it('zstd decodes a frame written by the zstd tool', async () => {
    expect((await zstdCodec.decompress(zstd)).equals(plain)).toBe(true)
  })

  it('snappy decodes a raw block (franz-go, the OpenTelemetry Collector) and xerial framing (Java clients)', async () => {
    expect((await snappyCodec.decompress(Buffer.from(snappyBlock(plain)))).equals(plain)).toBe(true)
    const framed = xerial(plain)
    expect(framed.length).toBeGreaterThan(4 * (plain.length / 4096))
    expect((await snappyCodec.decompress(framed)).equals(plain)).toBe(true)
    // what Pantau's own snappy compress writes is what franz-go writes: one raw block
    const written = await snappyCodec.compress({ buffer: plain })
    expect(written.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)).toBe(false)
    expect((await snappyCodec.decompress(written)).equals(plain)).toBe(true)
  })

  it('stops at the limit while it inflates, and refuses truncated framing', async () => {
    await expect(kafkaSnappy(xerial(plain), 10_000)).rejects.toBeInstanceOf(TooLargeError)
    await expect(kafkaSnappy(Buffer.from(snappyBlock(plain)), 10_000)).rejects.toBeInstanceOf(TooLargeError)
    const framed = xerial(plain)
    await expect(kafkaSnappy(framed.subarray(0, framed.length - 10))).rejects.toThrow(/truncated/)
  })

  it('reads LZ4 frames (a fixture written by the lz4 tool), and never writes zstd or lz4', async () => {
    const lz4 = readFileSync(new URL('../fixtures/compression/logs.json.lz4', import.meta.url))
    expect((await lz4Codec.decompress(lz4)).equals(readFileSync(new URL('../fixtures/compression/logs.json', import.meta.url)))).toBe(true)
    await expect(lz4Codec.decompress(Buffer.from([4, 0x22, 0x4d, 0x18]))).rejects.toThrow()
    await expect(zstdCodec.compress({ buffer: plain })).rejects.toThrow(/does not write/)
    await expect(lz4Codec.compress({ buffer: plain })).rejects.toThrow(/does not write/)
  })

  it('registers once, process-wide, where kafkajs looks codecs up', () => {
    expect(() => CompressionCodecs[CompressionTypes.ZSTD]()).toThrow(/not implemented/)
    registerCodecs()
    registerCodecs()
    expect(CompressionCodecs[CompressionTypes.ZSTD]()).toBe(zstdCodec)
    expect(CompressionCodecs[CompressionTypes.Snappy]()).toBe(snappyCodec)
    expect(CompressionCodecs[CompressionTypes.LZ4]()).toBe(lz4Codec)
  })
})
