/** Types of the pure-JS LZ4 codec (lz4js): the frame format. */
declare module 'lz4js' {
  /** The largest size the frame can decompress to (its declared content size, else blocks × block size). */
  export function decompressBound(src: Uint8Array): number
  /** Decompress a frame into `dst`; returns the bytes written (writes past `dst`'s end are dropped). */
  export function decompressFrame(src: Uint8Array, dst: Uint8Array): number
}
