/** Gateway-format fixtures (test/fixtures/gateways) and the adapter round trip, for the format tests. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { RawRequest } from '../../collector/event.js'
import type { FormatAdapter } from '../../collector/sources/formats/adapter.js'
import { formats, type NativeFormatName } from '../../collector/sources/formats/index.js'

export const FIXTURES = fileURLToPath(new URL('../fixtures/gateways/', import.meta.url))

export function fixture(format: NativeFormatName, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, format, file), 'utf8')) as Record<string, unknown>
}

/** Parse with the adapter's schema (must succeed) and map to a RawRequest. */
export function toRaw(format: NativeFormatName, record: unknown): RawRequest {
  const adapter = formats[format] as FormatAdapter
  const parsed = adapter.schema.safeParse(record)
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues))
  const raw = adapter.toRaw(parsed.data)
  RawRequest.parse(raw) // every adapter must produce a valid RawRequest
  return raw
}

export const raw = (format: NativeFormatName, file: string) => toRaw(format, fixture(format, file))

export const allFixtures = (Object.keys(formats) as NativeFormatName[]).flatMap((format) =>
  readdirSync(join(FIXTURES, format))
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ format, file })),
)
