/**
 * A fast yes/"ask zod" check of flat zod object schemas (issue 14: zod parsing
 * of every record was a large share of the ingest profile). The check is
 * built from the schema itself — field types, length and range bounds,
 * enum values — so zod stays the single source of truth for the shape: when
 * the check says yes, zod would accept the record too; anything it does not
 * understand or cannot confirm makes it say no, and the caller then lets zod
 * parse the record (same result, same error messages).
 */
import { z } from 'zod'

type Check = (v: unknown) => boolean

interface CheckDef {
  check?: string
  format?: string
  value?: number
  inclusive?: boolean
  minimum?: number
  maximum?: number
}

const never: Check = () => false

function numberCheck(defs: readonly CheckDef[]): Check {
  let int = false
  let min = -Infinity
  let minIncl = true
  let max = Infinity
  let maxIncl = true
  for (const d of defs) {
    if (d.check === 'number_format' && d.format === 'safeint') int = true
    else if (d.check === 'greater_than' && typeof d.value === 'number') [min, minIncl] = [d.value, d.inclusive === true]
    else if (d.check === 'less_than' && typeof d.value === 'number') [max, maxIncl] = [d.value, d.inclusive === true]
    else return never
  }
  return (v) =>
    typeof v === 'number' && Number.isFinite(v) && (!int || Number.isSafeInteger(v)) && (minIncl ? v >= min : v > min) && (maxIncl ? v <= max : v < max)
}

function stringCheck(defs: readonly CheckDef[]): Check {
  let min = 0
  let max = Infinity
  for (const d of defs) {
    if (d.check === 'min_length' && typeof d.minimum === 'number') min = d.minimum
    else if (d.check === 'max_length' && typeof d.maximum === 'number') max = d.maximum
    else return never
  }
  return (v) => typeof v === 'string' && v.length >= min && v.length <= max
}

function fieldCheck(schema: z.ZodType): Check {
  const def = (schema as unknown as { _zod: { def: { type: string; checks?: Array<{ _zod: { def: CheckDef } }> } } })._zod.def
  const checks = (def.checks ?? []).map((c) => c._zod.def)
  if (schema instanceof z.ZodOptional) {
    const inner = fieldCheck(schema.unwrap() as z.ZodType)
    return checks.length ? never : (v) => v === undefined || inner(v)
  }
  if (schema instanceof z.ZodNullable) {
    const inner = fieldCheck(schema.unwrap() as z.ZodType)
    return checks.length ? never : (v) => v === null || inner(v)
  }
  if (schema instanceof z.ZodNumber) return numberCheck(checks)
  if (schema instanceof z.ZodString) return stringCheck(checks)
  if (schema instanceof z.ZodEnum && !checks.length) {
    const values = new Set<unknown>(schema.options)
    return (v) => values.has(v)
  }
  if (schema instanceof z.ZodBoolean && !checks.length) return (v) => typeof v === 'boolean'
  return never
}

/**
 * A check of plain objects against a flat zod object schema: true only when
 * `schema.safeParse(v)` certainly succeeds with the same values (keys outside
 * the schema are ignored here; zod strips them, and the callers read only the
 * schema's keys).
 */
export function fastCheck(schema: z.ZodObject): (v: unknown) => boolean {
  const fields = Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, s]) => [key, fieldCheck(s)] as const)
  const objectChecks = (schema as unknown as { _zod: { def: { checks?: unknown[] } } })._zod.def.checks ?? []
  if (objectChecks.length) return never
  return (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
    const r = v as Record<string, unknown>
    for (let i = 0; i < fields.length; i++) if (!fields[i][1](r[fields[i][0]])) return false
    return true
  }
}
