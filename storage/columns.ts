/**
 * Zod column helpers for rows read with `Storage.rows`: how ClickHouse
 * JSONEachRow output looks for each column type, so row schemas next to the
 * SQL read like the SELECT list.
 *
 * - 64-bit integers (count(), uniqExact, UInt64/Int64 sums,
 *   toUnixTimestamp64Milli) are JSON numbers in the embedded engine and
 *   strings on a server that quotes them: `count`, `u64`.
 * - Float and Decimal are numbers; NaN and ±Inf come as null: `float`.
 * - DateTime / DateTime64 are 'YYYY-MM-DD hh:mm:ss[.fff]' text: `chText`, or
 *   `chTime` for ISO 8601 UTC.
 * - Bool is true/false, UInt8 flags 0/1: `flag`.
 * - Nullable is null, Array an array, Map an object, named Tuple an object.
 */
import { z } from 'zod'

/** ClickHouse DateTime64 text ('2026-01-01 00:00:00.000') → ISO 8601 UTC ('' stays ''). */
export function chTimeToIso(v: unknown): string {
  if (typeof v !== 'string' || v === '') return ''
  return `${v.replace(' ', 'T')}Z`
}

/** A 64-bit integer: a JSON number, or a decimal string when the server quotes 64-bit integers. */
export const u64 = z.union([z.number(), z.string().regex(/^-?\d+$/)]).pipe(z.coerce.number())

/** count(), uniqExact(…), sums of integers: a number. */
export const count = u64

/** Float64 / Float32 / Decimal, or an aggregate of them: NaN and ±Inf come as null. */
export const float = z.number().nullable()

/** A Bool (true/false) or UInt8 flag (0/1) → boolean. */
export const flag = z.union([z.boolean(), z.number()]).transform(Boolean)

/** DateTime / DateTime64 as ClickHouse writes it ('YYYY-MM-DD hh:mm:ss[.fff]'). */
export const chText = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/)

/** DateTime / DateTime64 of a UTC column → ISO 8601 ('2026-01-01T00:00:00.000Z'). */
export const chTime = chText.transform(chTimeToIso)

/** Nullable(DateTime64) of a UTC column → ISO 8601 or null. */
export const chTimeOrNull = chTime.nullable()

/** DateTime / DateTime64 of a UTC column → epoch milliseconds. */
export const chMs = chTime.transform((iso) => Date.parse(iso))

/** A column holding JSON text, parsed with `schema` ('' reads as `empty`). */
export function jsonText<S extends z.ZodType>(schema: S, empty: string) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text || empty) as unknown
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON text' })
        return z.NEVER
      }
    })
    .pipe(schema)
}

/** The first line of a statement, to name it in errors. */
export function sqlHead(sql: string): string {
  return sql.trim().split('\n')[0]?.replace(/\s+/g, ' ').slice(0, 160) ?? ''
}

/**
 * Parse one stored row. A row that does not match is a server bug (the schema
 * and the SQL disagree), never user input: the error names the statement, the
 * row and the zod issue path.
 */
export function parseRow<S extends z.ZodType>(schema: S, row: unknown, sql: string, index = 0): z.output<S> {
  const out = schema.safeParse(row)
  if (out.success) return out.data
  const issues = out.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(row)'}: ${i.message}`)
    .join('; ')
  throw new Error(`storage: row ${index} of "${sqlHead(sql)}" does not match its schema (${issues})`)
}
