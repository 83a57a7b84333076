/**
 * The evidence pack of a finished batch as a streamed ZIP (fflate): each PDF
 * as stored (no recompression: PDFs are compressed already), then a manifest
 * naming every report with its id and SHA-256 — JSON, CSV (`;`, for id-ID
 * spreadsheets) and a `SHA256SUMS` that `sha256sum -c` checks. PDFs are read
 * from the blob store one at a time, as the client reads the stream, so a
 * pack of 600 reports never sits in memory.
 */
import { Zip, ZipPassThrough } from 'fflate'

export interface PackEntry {
  name: string
  bytes: Uint8Array
}

/** A ZIP of the entries, produced as the consumer pulls; `mtime` is written on every entry. */
export function zipStream(entries: AsyncIterable<PackEntry>, mtime: number): ReadableStream<Uint8Array> {
  const it = entries[Symbol.asyncIterator]()
  let sink: ReadableStreamDefaultController<Uint8Array>
  const zip = new Zip((err, chunk, final) => {
    if (err) return sink.error(err)
    if (chunk.length) sink.enqueue(chunk)
    if (final) sink.close()
  })
  return new ReadableStream<Uint8Array>({
    start(controller) {
      sink = controller
    },
    async pull() {
      const next = await it.next()
      if (next.done) return zip.end()
      const file = new ZipPassThrough(next.value.name)
      file.mtime = mtime
      zip.add(file)
      file.push(next.value.bytes, true)
    },
    async cancel() {
      zip.terminate()
      await it.return?.()
    },
  })
}

export interface ManifestReport {
  instansi: string
  report_id: string
  sha256: string
  level: number | null
  size: number
  file: string
}

export interface Manifest {
  batch: string
  indicator: string
  period: string
  generated_at: string
  reports: ManifestReport[]
  failed: Array<{ instansi: string; reason: string }>
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v)
  return /[;"\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** The manifest files of a pack. */
export function manifestEntries(m: Manifest): PackEntry[] {
  const enc = new TextEncoder()
  const csv = [
    ['instansi', 'report_id', 'sha256', 'level', 'size', 'file'].join(';'),
    ...m.reports.map((r) => [r.instansi, r.report_id, r.sha256, r.level, r.size, r.file].map(csvCell).join(';')),
  ].join('\r\n')
  const sums = m.reports.map((r) => `${r.sha256}  ${r.file}\n`).join('')
  return [
    { name: 'manifest.json', bytes: enc.encode(`${JSON.stringify(m, null, 2)}\n`) },
    // UTF-8 byte-order mark: spreadsheets then read the names right
    { name: 'manifest.csv', bytes: enc.encode(`\ufeff${csv}\r\n`) },
    { name: 'SHA256SUMS', bytes: enc.encode(sums) },
  ]
}
