/**
 * A small JSON Schema checker for the subset /v1/openapi.json uses (OpenAPI
 * 3.1 as @hono/zod-openapi writes it from zod): $ref into components, type
 * (also as a list, for nullable), enum, const, properties / required /
 * additionalProperties, items, allOf / anyOf / oneOf, and the numeric,
 * length and pattern bounds. No JSON Schema library is installed; a keyword
 * this checker does not know fails loudly instead of passing silently.
 * `strict` also refuses undeclared object properties: zod strips them on
 * input, but a handler's answer is not parsed, so an extra field would be
 * an undocumented part of the API.
 */

type Schema = Record<string, unknown>
interface Doc {
  components?: { schemas?: Record<string, Schema> }
}

/** Keywords that only describe. */
const ANNOTATIONS = new Set(['description', 'default', 'example', 'examples', 'title', 'format', 'deprecated', 'readOnly', 'writeOnly', 'nullable'])
const KNOWN = new Set([
  ...ANNOTATIONS,
  '$ref',
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'allOf',
  'anyOf',
  'oneOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
])

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'null':
      return v === null
    case 'boolean':
      return typeof v === 'boolean'
    case 'string':
      return typeof v === 'string'
    case 'number':
      return typeof v === 'number' && Number.isFinite(v)
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v)
    case 'array':
      return Array.isArray(v)
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v)
    default:
      throw new Error(`unknown JSON Schema type '${type}'`)
  }
}

function resolve(doc: Doc, schema: Schema, path: string): Schema {
  if (typeof schema.$ref !== 'string') return schema
  const target = doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]
  if (!target) throw new Error(`${path}: unresolved $ref ${schema.$ref}`)
  return resolve(doc, target, path)
}

/** The property names an object schema declares, through $ref and allOf; undefined when it admits others. */
function declared(doc: Doc, schema: Schema, path: string): Set<string> | undefined {
  const s = resolve(doc, schema, path)
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) return undefined
  const names = new Set(Object.keys((s.properties ?? {}) as object))
  for (const part of (s.allOf ?? []) as Schema[]) {
    const more = declared(doc, part, path)
    if (!more) return undefined
    for (const n of more) names.add(n)
  }
  if (!s.properties && !s.allOf) return undefined
  return names
}

export interface CheckOptions {
  /** Also refuse object properties the schema does not declare (the document leaves objects open). */
  strict?: boolean
}

/** The problems of `value` against `schema` (empty: it conforms), each naming the path. */
export function check(doc: Doc, schema: Schema | boolean, value: unknown, path = '$', options: CheckOptions = {}): string[] {
  return checkAt(doc, schema, value, path, options, true)
}

function checkAt(doc: Doc, schema: Schema | boolean, value: unknown, path: string, options: CheckOptions, whole: boolean): string[] {
  const check = (d: Doc, s: Schema | boolean, v: unknown, p: string) => checkAt(d, s, v, p, options, true)
  if (schema === true) return []
  if (schema === false) return [`${path}: no value is allowed here`]
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`${path}: the checker does not know the keyword '${k}'`)
  if (typeof schema.$ref === 'string') return checkAt(doc, resolve(doc, schema, path), value, path, options, whole)
  const out: string[] = []
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]
    if (!types.some((t) => typeOk(t, value))) return [`${path}: ${JSON.stringify(value)?.slice(0, 80)} is not ${types.join(' | ')}`]
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value))
    out.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`)
  if ('const' in schema && schema.const !== value) out.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`)
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) out.push(`${path}: ${value} < ${schema.minimum}`)
    if (typeof schema.maximum === 'number' && value > schema.maximum) out.push(`${path}: ${value} > ${schema.maximum}`)
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) out.push(`${path}: ${value} <= ${schema.exclusiveMinimum}`)
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) out.push(`${path}: ${value} >= ${schema.exclusiveMaximum}`)
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) out.push(`${path}: shorter than ${schema.minLength}`)
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) out.push(`${path}: longer than ${schema.maxLength}`)
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) out.push(`${path}: '${value}' does not match ${schema.pattern}`)
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) out.push(`${path}: fewer than ${schema.minItems} items`)
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) out.push(`${path}: more than ${schema.maxItems} items`)
    if (schema.items !== undefined) for (const [i, v] of value.entries()) out.push(...check(doc, schema.items as Schema, v, `${path}[${i}]`))
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>
    const names = options.strict && whole ? declared(doc, schema, path) : undefined
    if (names) for (const k of Object.keys(obj)) if (!names.has(k)) out.push(`${path}.${k}: not declared`)
    const props = (schema.properties ?? {}) as Record<string, Schema>
    for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) out.push(`${path}.${r}: required, missing`)
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) out.push(...check(doc, props[k], v, `${path}.${k}`))
      else if (schema.additionalProperties !== undefined) out.push(...check(doc, schema.additionalProperties as Schema | boolean, v, `${path}.${k}`))
    }
  }
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf as Schema[]) out.push(...checkAt(doc, s, value, path, options, false))
  if (Array.isArray(schema.anyOf) && !(schema.anyOf as Schema[]).some((s) => check(doc, s, value, path).length === 0))
    out.push(`${path}: matches none of anyOf (${(schema.anyOf as Schema[]).map((s) => check(doc, s, value, path)[0]).join('; ')})`)
  if (Array.isArray(schema.oneOf) && (schema.oneOf as Schema[]).filter((s) => check(doc, s, value, path).length === 0).length !== 1)
    out.push(`${path}: does not match exactly one of oneOf`)
  return out
}
