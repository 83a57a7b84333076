/** Types of the pure-JS Snappy codec (snappyjs ships none): the block format. */
declare module 'snappyjs' {
  export function uncompress<T extends Uint8Array>(compressed: T, maxLength?: number): T
  export function compress<T extends Uint8Array>(uncompressed: T): T
}
