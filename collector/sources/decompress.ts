/**
 * Request body decompression for every Content-Encoding the shippers use —
 * gzip, deflate (zlib-wrapped, as HTTP defines it, or raw), br, zstd and
 * snappy (the block format of the OpenTelemetry Collector, Fluent Bit and
 * Vector, or the framed format of `x-snappy-framed`) and lz4 (frames) — each bounded by the
 * body limit while it inflates, so a small bomb cannot become a large
 * allocation. Node 20 has no zstd in zlib: fzstd, snappyjs and lz4js are pure JS.
 * Shared by the HTTP source (Content-Encoding) and the gRPC source
 * (grpc-encoding).
 */
import { promisify } from 'node:util'
import { brotliDecompress, gunzip, inflate, inflateRaw } from 'node:zlib'
import { Decompress as ZstdStream } from 'fzstd'
import { decompressBound as lz4Bound, decompressFrame as lz4Frame } from 'lz4js'
import { uncompress as snappyBlock } from 'snappyjs'

/** The body would be larger than allowed once decompressed. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body exceeds ${maxBytes} bytes decompressed`)
  }
}

type Decoder = (body: Buffer, maxBytes: number) => Promise<Buffer>

const zlib =
  (fn: (b: Buffer, o: { maxOutputLength: number }, cb: (e: Error | null, r: Buffer) => void) => void): Decoder =>
  async (body, maxBytes) => {
    try {
      return await promisify(fn)(body, { maxOutputLength: maxBytes })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLargeError(maxBytes)
      throw e
    }
  }

const gzip = zlib(gunzip)
const zlibDeflate = zlib(inflate)
const rawDeflate = zlib(inflateRaw)

/** HTTP's deflate is zlib-wrapped (RFC 9110); some clients send raw deflate: the first byte tells. */
const deflate: Decoder = (body, maxBytes) => ((body[0]! & 0x0f) === 8 && ((body[0]! << 8) | body[1]!) % 31 === 0 ? zlibDeflate : rawDeflate)(body, maxBytes)

const zstd: Decoder = async (body, maxBytes) => {
  const out: Uint8Array[] = []
  let size = 0
  const stream = new ZstdStream((chunk) => {
    size += chunk.length
    if (size > maxBytes) throw new TooLargeError(maxBytes)
    out.push(chunk)
  })
  stream.push(body, true)
  return Buffer.concat(out, size)
}

/** The uncompressed length a snappy block declares (its leading varint). */
function snappyLength(block: Uint8Array): number {
  let n = 0
  for (let i = 0, shift = 0; i < 5 && i < block.length; i++, shift += 7) {
    n += (block[i]! & 0x7f) * 2 ** shift
    if (block[i]! < 0x80) return n
  }
  throw new Error('not a snappy block: bad length prefix')
}

const FRAME_MAGIC = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59])

/** The Snappy framing format (chunks with masked CRC-32C; the CRC is not checked: the transport has its own). */
function snappyFramed(body: Buffer, maxBytes: number): Buffer {
  const out: Buffer[] = []
  let size = 0
  for (let at = 0; at < body.length; ) {
    const type = body[at]!
    const length = body.readUIntLE(at + 1, 3)
    const chunk = body.subarray(at + 4, at + 4 + length)
    at += 4 + length
    if (chunk.length < length) throw new Error('truncated snappy frame')
    let data: Buffer | undefined
    if (type === 0x00) {
      const block = chunk.subarray(4)
      if (size + snappyLength(block) > maxBytes) throw new TooLargeError(maxBytes)
      data = Buffer.from(snappyBlock(block))
    } else if (type === 0x01) data = chunk.subarray(4)
    else if (type === 0xff || type >= 0x80)
      continue // stream identifier, padding, skippable
    else throw new Error(`unknown snappy frame chunk type ${type}`)
    size += data.length
    if (size > maxBytes) throw new TooLargeError(maxBytes)
    out.push(data)
  }
  return Buffer.concat(out, size)
}

const snappy: Decoder = async (body, maxBytes) => {
  if (body.subarray(0, FRAME_MAGIC.length).equals(FRAME_MAGIC)) return snappyFramed(body, maxBytes)
  if (snappyLength(body) > maxBytes) throw new TooLargeError(maxBytes)
  return Buffer.from(snappyBlock(body, maxBytes))
}

const DECODERS: Record<string, Decoder> = {
  gzip,
  'x-gzip': gzip,
  deflate,
  zlib: zlibDeflate,
  br: zlib(brotliDecompress),
  zstd,
  snappy,
  'x-snappy-framed': async (b, max) => snappyFramed(b, max),
  lz4: async (body, maxBytes) => {
    // the LZ4 frame format (what the OpenTelemetry Collector and Kafka producers write); the output
    // buffer is at most one byte past the limit, so a frame that declares or writes more is refused
    const out = new Uint8Array(Math.min(lz4Bound(body), maxBytes + 1))
    const written = lz4Frame(body, out)
    if (written > maxBytes) throw new TooLargeError(maxBytes)
    return Buffer.from(out.buffer, 0, written)
  },
}

/** The encodings this collector reads (besides identity), for 415 answers and grpc-accept-encoding. */
export const ENCODINGS = Object.keys(DECODERS)

/** Is `encoding` (a Content-Encoding or grpc-encoding value) one we can read? identity counts. */
export const canDecode = (encoding: string): boolean => encoding === '' || encoding === 'identity' || encoding in DECODERS

/**
 * The decompressed body; throws TooLargeError past `maxBytes`, and an Error
 * saying why for a body that is not valid in its encoding.
 */
export function decompress(encoding: string, body: Buffer, maxBytes: number): Promise<Buffer> {
  if (encoding === '' || encoding === 'identity') return Promise.resolve(body)
  const decoder = DECODERS[encoding]
  if (!decoder) return Promise.reject(new Error(`unsupported encoding '${encoding}'`))
  return decoder(body, maxBytes)
}
