/**
 * Nesting depth of decoded JSON, measured without recursion. `JSON.parse`
 * itself copes with any depth, but everything after it that walks a value
 * recursively — zod's recursive schemas, `JSON.stringify`, the redaction of
 * dead letters — overflows the stack somewhere past a few thousand levels,
 * which would turn one hostile record into a 500 for the whole batch. So
 * every decoded record is measured here first and a record nested deeper than
 * its limit is rejected on its own, naming its place.
 */

/** Deepest nesting of a native gateway record (Kong's deepest field is 4 levels down). */
export const MAX_RECORD_DEPTH = 32
/** Deepest nesting of one OTLP leaf (log record, span, metric) or resource: ~12 levels of nested attribute values. */
export const MAX_OTLP_LEAF_DEPTH = 64

/** True when `value` has objects or arrays nested more than `max` levels deep (a scalar is depth 0). */
export function deeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false
  const nodes: object[] = [value]
  const depths: number[] = [1]
  while (nodes.length > 0) {
    const node = nodes.pop()!
    const depth = depths.pop()!
    if (depth > max) return true
    if (Array.isArray(node)) {
      for (const v of node)
        if (v !== null && typeof v === 'object') {
          nodes.push(v)
          depths.push(depth + 1)
        }
    } else {
      for (const k in node) {
        const v = (node as Record<string, unknown>)[k]
        if (v !== null && typeof v === 'object') {
          nodes.push(v)
          depths.push(depth + 1)
        }
      }
    }
  }
  return false
}

export const tooDeep = (max: number) => `nested deeper than ${max} levels`
