/**
 * On-disk framing of the spool. A segment file is a sequence of frames:
 *
 *   u32 LE  body length (bytes after the 8-byte header)
 *   u32 LE  CRC-32 of the body
 *   body:   u8 stream id · u8 key length · key (utf-8) · payload
 *
 * The payload is newline-delimited JSON rows for the stream's table. A frame
 * whose length runs past the end of the file or whose CRC does not match is a
 * torn write from a crash; recovery truncates the segment there.
 */
import { crc32 } from 'node:zlib'

export const HEADER_BYTES = 8
export const MAX_FRAME_BYTES = 256 * 1024 * 1024

/**
 * The streams a spool carries, each bound for one table / topic. A frame
 * stores its stream's index here: new streams are appended, never inserted.
 */
export const STREAMS = ['events', 'metrics', 'dlq', 'raw'] as const
export type Stream = (typeof STREAMS)[number]

export interface Frame {
  stream: Stream
  /** Partitioning key: the gateway that sent the data. */
  key: string
  payload: Buffer
}

/**
 * A frame as [header with key, payload]: the payload is not copied (a large
 * request's rows are written as they are, issue 14); the CRC runs over both.
 */
export function encodeFrameParts(frame: Frame): [Buffer, Buffer] {
  const key = Buffer.from(frame.key, 'utf8')
  if (key.length > 255) throw new Error('frame key longer than 255 bytes')
  const bodyLength = 2 + key.length + frame.payload.length
  if (bodyLength > MAX_FRAME_BYTES) throw new Error(`frame of ${bodyLength} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit`)
  const head = Buffer.allocUnsafe(HEADER_BYTES + 2 + key.length)
  head.writeUInt32LE(bodyLength, 0)
  head.writeUInt8(STREAMS.indexOf(frame.stream), HEADER_BYTES)
  head.writeUInt8(key.length, HEADER_BYTES + 1)
  key.copy(head, HEADER_BYTES + 2)
  head.writeUInt32LE(crc32(frame.payload, crc32(head.subarray(HEADER_BYTES))), 4)
  return [head, frame.payload]
}

export type DecodeResult = { ok: true; frame: Frame; size: number } | { ok: false; reason: 'incomplete' | 'corrupt' }

/** Decode the frame at `offset` of `buf` (which may hold a partial tail). */
export function decodeFrame(buf: Buffer, offset: number): DecodeResult {
  if (buf.length - offset < HEADER_BYTES) return { ok: false, reason: 'incomplete' }
  const bodyLength = buf.readUInt32LE(offset)
  if (bodyLength < 2 || bodyLength > MAX_FRAME_BYTES) return { ok: false, reason: 'corrupt' }
  const end = offset + HEADER_BYTES + bodyLength
  if (end > buf.length) return { ok: false, reason: 'incomplete' }
  const body = buf.subarray(offset + HEADER_BYTES, end)
  if (crc32(body) !== buf.readUInt32LE(offset + 4)) return { ok: false, reason: 'corrupt' }
  const stream = STREAMS[body.readUInt8(0)]
  if (stream === undefined) return { ok: false, reason: 'corrupt' }
  const keyLength = body.readUInt8(1)
  return {
    ok: true,
    size: HEADER_BYTES + bodyLength,
    frame: {
      stream,
      key: body.toString('utf8', 2, 2 + keyLength),
      payload: body.subarray(2 + keyLength),
    },
  }
}

/** Segment files are named by a zero-padded sequence number. */
export const segmentName = (seq: number): string => `${String(seq).padStart(12, '0')}.seg`
export const segmentSeq = (name: string): number | undefined => (/^\d{12}\.seg$/.test(name) ? Number(name.slice(0, 12)) : undefined)
