/**
 * Record-batch compression codecs kafkajs lacks. kafkajs 2.2.4 reads only
 * gzip; the OpenTelemetry Collector's kafka exporter (franz-go) also writes
 * zstd, snappy and lz4, and Java producers write snappy in xerial framing.
 * The writer must read what the edge collectors write, so zstd and snappy
 * (raw block as franz-go and librdkafka write it, or xerial-framed as the
 * Java client does) decode here with the same pure-JS decoders as HTTP
 * bodies (sources/decompress.ts), bounded so a small bomb cannot become a
 * large allocation; LZ4 batches are LZ4 frames (lz4js). client.ts registers these.
 */
import { compress as snappyBlockCompress } from 'snappyjs'
import { decompress } from '../sources/decompress.js'

/**
 * Largest decompressed record batch. The broker bounds a compressed batch
 * (max.message.bytes, 1 MB by default for the collector's topics), and a
 * batch that inflates past this is refused rather than held in memory.
 */
export const MAX_BATCH_BYTES = 256 * 1024 * 1024

/** The shape kafkajs expects of a codec (`CompressionCodecs[type] = () => codec`). */
export interface KafkaCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>
  decompress(buffer: Buffer): Promise<Buffer>
}

/** Magic of the xerial snappy framing (snappy-java), followed by two int32: version and compatible version. */
export const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00])
const XERIAL_HEADER = XERIAL_MAGIC.length + 8

/** A snappy-compressed record batch: xerial framing ([int32 BE length][block]…) or one raw block. */
export async function kafkaSnappy(buffer: Buffer, maxBytes = MAX_BATCH_BYTES): Promise<Buffer> {
  if (!(buffer.length >= XERIAL_HEADER && buffer.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC))) return decompress('snappy', buffer, maxBytes)
  const out: Buffer[] = []
  let size = 0
  for (let at = XERIAL_HEADER; at < buffer.length; ) {
    if (at + 4 > buffer.length) throw new Error('truncated xerial snappy chunk header')
    const length = buffer.readInt32BE(at)
    const block = buffer.subarray(at + 4, at + 4 + length)
    if (length < 0 || block.length < length) throw new Error('truncated xerial snappy chunk')
    at += 4 + length
    const data = await decompress('snappy', block, maxBytes - size)
    size += data.length
    out.push(data)
  }
  return Buffer.concat(out, size)
}

const produceOnly = (what: string) => async (): Promise<Buffer> => {
  throw new Error(`Pantau reads ${what} Kafka batches but does not write them`)
}

export const zstdCodec: KafkaCodec = {
  compress: produceOnly('zstd'),
  decompress: (buffer) => decompress('zstd', buffer, MAX_BATCH_BYTES),
}

export const snappyCodec: KafkaCodec = {
  /** A raw block, as franz-go (the OpenTelemetry Collector) writes it. */
  compress: async ({ buffer }) => Buffer.from(snappyBlockCompress(buffer)),
  decompress: (buffer) => kafkaSnappy(buffer),
}

export const lz4Codec: KafkaCodec = {
  compress: produceOnly('LZ4'),
  /** Kafka's LZ4 is the standard frame format (message format v1 and later). */
  decompress: (buffer) => decompress('lz4', buffer, MAX_BATCH_BYTES),
}
