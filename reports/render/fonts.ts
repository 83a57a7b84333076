/**
 * Fonts of the reports: DejaVu (npm `dejavu-fonts-ttf`), embedded and
 * subset by pdfkit. A Unicode TrueType font keeps every name (instansi, API,
 * documents) and symbol (≥, –, →) intact, and lets pdftotext read it back.
 * The files are read once per process.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export const FONTS = {
  body: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  cond: 'DejaVuSansCondensed.ttf',
  condBold: 'DejaVuSansCondensed-Bold.ttf',
  mono: 'DejaVuSansMono.ttf',
} as const
export type FontName = keyof typeof FONTS

let cache: Record<FontName, Buffer> | undefined

export function fontFiles(): Record<FontName, Buffer> {
  if (cache) return cache
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')
  cache = Object.fromEntries(Object.entries(FONTS).map(([name, file]) => [name, readFileSync(join(dir, file))])) as Record<FontName, Buffer>
  return cache
}
