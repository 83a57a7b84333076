/**
 * Bulk registry import (a national catalogue at once): instansi, unit kerja,
 * gateways, APIs and consumers, validated as a whole against the entity
 * schemas of schemas.ts and against each other and what is stored (an API's
 * gateway may come in the same import), then written with one insert per
 * table. All or nothing: any failing row refuses the import with every
 * failing row named (its index and field), and nothing is written.
 * Idempotent on ids: a row equal to the stored one is left alone and counted
 * as unchanged, so importing the same file twice changes nothing; ids are
 * generated as the single-row routes generate them. New gateways get their
 * ingest tokens, shown once in the answer. One audit row per import, and the
 * collector's view is updated with what changed.
 */
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import type { Principal } from '../access/principal.js'
import { audit } from '../access/audit.js'
import { newToken } from '../access/tokens.js'
import { parseCsv, schemaType } from '../http/csv.js'
import { badRequest, type FieldError, forbidden } from '../http/problem.js'
import { hashToken, type RegistryChange } from './cache.js'
import type { Row } from './entity-table.js'
import { apiView, consumerView, type Registry, slug, withDeprecationDate } from './registry.js'
import { ApiInput, ConsumerInput, GatewayInput, InstansiInput, UnitKerjaInput } from './schemas.js'

/** The entities of an import, in the order they are checked and written. */
export const IMPORT_ENTITIES = ['instansi', 'unit_kerja', 'gateways', 'apis', 'consumers'] as const
export type ImportEntity = (typeof IMPORT_ENTITIES)[number]
export const ImportEntity = z.enum(IMPORT_ENTITIES)

const INPUTS: Record<ImportEntity, z.ZodObject> = {
  instansi: InstansiInput,
  unit_kerja: UnitKerjaInput,
  gateways: GatewayInput,
  apis: ApiInput,
  consumers: ConsumerInput,
}

/** Most rows one import takes (all entities together). */
export const IMPORT_MAX_ROWS = 100_000
/** Most failing rows listed in the answer. */
const MAX_ERRORS = 1000

export type ImportRows = Partial<Record<ImportEntity, unknown[]>>

const Counts = z.object(Object.fromEntries(IMPORT_ENTITIES.map((e) => [e, z.number().int()])) as Record<ImportEntity, z.ZodNumber>)
export const ImportSummary = z.object({
  dry_run: z.boolean().describe('Checked only: nothing was written'),
  created: Counts,
  updated: Counts,
  unchanged: Counts,
  gateway_tokens: z.array(z.object({ id: z.string(), ingest_token: z.string() })).describe('Ingest tokens of the gateways created, shown once'),
})
export type ImportSummary = z.infer<typeof ImportSummary>

/** CSV text of one entity as rows for its schema: empty cells absent, booleans, numbers and lists read back as the CSV export writes them. */
export function csvRows(entity: ImportEntity, text: string): unknown[] {
  const { records, semicolon } = parseCsv(text)
  const shape = INPUTS[entity].shape as Record<string, z.ZodType>
  return records.map((r) => {
    const out: Record<string, unknown> = {}
    for (const [k, raw] of Object.entries(r)) {
      const field = shape[k]
      if (!field || raw === '') continue
      // the export's guard against formulas, undone
      const text = /^'[=+\-@\t\r]/.test(raw) ? raw.slice(1) : raw
      const type = schemaType(field)
      if (type === 'boolean') out[k] = /^(true|1|ya|yes)$/i.test(text) ? true : /^(false|0|tidak|no)$/i.test(text) ? false : text
      else if (type === 'number')
        out[k] = Number.isNaN(Number(semicolon ? text.replace(',', '.') : text)) ? text : Number(semicolon ? text.replace(',', '.') : text)
      else if (type === 'array')
        out[k] = text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      else out[k] = text
    }
    return out
  })
}

interface Item {
  index: number
  key: string
  input: Row
  existing?: Row
}

const keyOf: Record<ImportEntity, (r: Row) => string> = {
  instansi: (r) => String(r.code),
  unit_kerja: (r) => `${r.instansi}/${r.code}`,
  gateways: (r) => String(r.id ?? `${r.instansi}-${slug(String(r.name))}`),
  apis: (r) => String(r.id ?? `${r.instansi}.${slug(String(r.name))}.v${/^(\d+)/.exec(String(r.version))?.[1] ?? '1'}`),
  consumers: (r) => String(r.id ?? `${r.instansi}.${slug(String(r.name))}`),
}
const KEY_FIELD: Record<ImportEntity, string> = { instansi: 'code', unit_kerja: 'code', gateways: 'id', apis: 'id', consumers: 'id' }

const norm = (k: string, v: unknown) => (k.endsWith('_at') && typeof v === 'string' ? Date.parse(v) : (v ?? null))
/** The stored row already says what the input says (every input field but the id). */
function same(entity: ImportEntity, input: Row, existing: Row): boolean {
  return Object.keys(INPUTS[entity].shape).every((k) => k === 'id' || JSON.stringify(norm(k, input[k])) === JSON.stringify(norm(k, existing[k])))
}

const TokenHash = z.object({ id: z.string(), token_hash: z.string() })
const MatchOwner = z.object({ id: z.string(), instansi: z.string(), match_ids: z.array(z.string()) })

/** Check the whole import; the items of each entity, or a 400 naming every failing row. */
async function check(registry: Registry, storage: Storage, who: Principal, rows: ImportRows): Promise<Record<ImportEntity, Item[]>> {
  const errors: FieldError[] = []
  const fail = (entity: ImportEntity, index: number, field: string, reason: string) => errors.push({ index, field: `${entity}[${index}].${field}`, reason })
  const items = {} as Record<ImportEntity, Item[]>
  for (const entity of IMPORT_ENTITIES) {
    items[entity] = []
    const seen = new Map<string, number>()
    ;(rows[entity] ?? []).forEach((raw, index) => {
      const parsed = INPUTS[entity].safeParse(raw)
      if (!parsed.success) {
        for (const issue of parsed.error.issues) fail(entity, index, issue.path.map(String).join('.') || '(row)', issue.message)
        return
      }
      const input = parsed.data as Row
      const owner = String(entity === 'instansi' ? input.code : input.instansi)
      if (who.role === 'operator' && (entity === 'instansi' || owner !== who.instansi))
        throw forbidden(
          entity === 'instansi' ? 'operators cannot register instansi' : `operator of '${who.instansi}' may not write instansi '${owner}'`,
          `${entity}[${index}].${entity === 'instansi' ? 'code' : 'instansi'}`,
        )
      const key = keyOf[entity](input)
      const first = seen.get(key)
      if (first !== undefined) {
        fail(entity, index, KEY_FIELD[entity], `'${key}' is also row ${first} of this import`)
        return
      }
      seen.set(key, index)
      items[entity].push({ index, key, input })
    })
  }

  // what is stored: the rows themselves and everything they refer to, one query per table
  const col = (e: ImportEntity, f: string) => items[e].map((i) => String(i.input[f]))
  const [instansi, unitKerja, gateways, apis, consumers] = await Promise.all([
    registry.instansi.getMany('code', [...col('instansi', 'code'), ...IMPORT_ENTITIES.slice(1).flatMap((e) => col(e, 'instansi'))]),
    registry.unitKerja.getMany('instansi', [...col('unit_kerja', 'instansi'), ...col('apis', 'instansi')]),
    registry.gateways.getMany('id', [...items.gateways.map((i) => i.key), ...col('apis', 'gateway_id').filter(Boolean)]),
    registry.apis.getMany(
      'id',
      items.apis.map((i) => i.key),
    ),
    registry.consumers.getMany(
      'id',
      items.consumers.map((i) => i.key),
    ),
  ])
  const known = {
    instansi: new Set([...instansi.map((r) => r.code), ...items.instansi.map((i) => i.key)]),
    unitKerja: new Set([...unitKerja.map((r) => `${r.instansi}/${r.code}`), ...items.unit_kerja.map((i) => i.key)]),
    gateways: new Set([...gateways.map((r) => r.id), ...items.gateways.map((i) => i.key)]),
  }
  const stored: Record<ImportEntity, Map<string, Row>> = {
    instansi: new Map(instansi.map((r) => [r.code, r])),
    unit_kerja: new Map(unitKerja.map((r) => [`${r.instansi}/${r.code}`, r])),
    gateways: new Map(gateways.map((r) => [r.id, r])),
    apis: new Map(apis.map((r) => [r.id, r])),
    consumers: new Map(consumers.map((r) => [r.id, r])),
  }
  for (const entity of IMPORT_ENTITIES) {
    for (const item of items[entity]) {
      const { input, index } = item
      item.existing = stored[entity].get(item.key)
      if (entity !== 'instansi' && !known.instansi.has(String(input.instansi))) fail(entity, index, 'instansi', `unknown instansi '${input.instansi}'`)
      // a stored row stays with its instansi, and an operator writes only rows their instansi owns (as `owned()` of the single-row routes)
      if (entity !== 'instansi' && item.existing) {
        const storedOwner = String(item.existing.instansi)
        if (who.role === 'operator' && storedOwner !== who.instansi)
          throw forbidden(`'${item.key}' belongs to '${storedOwner}': operator of '${who.instansi}' may not write it`, `${entity}[${index}].instansi`)
        if (storedOwner !== input.instansi) fail(entity, index, 'instansi', `'${item.key}' belongs to '${storedOwner}' and cannot move`)
      }
      if (entity === 'apis' && input.gateway_id && !known.gateways.has(String(input.gateway_id)))
        fail(entity, index, 'gateway_id', `unknown gateway '${input.gateway_id}'`)
      if (entity === 'apis' && input.unit_kerja && !known.unitKerja.has(`${input.instansi}/${input.unit_kerja}`))
        fail(entity, index, 'unit_kerja', `unknown unit kerja '${input.unit_kerja}' of '${input.instansi}'`)
    }
  }
  await checkMatchIds(storage, items.consumers, fail)
  if (errors.length) {
    const shown = errors.slice(0, MAX_ERRORS)
    const rowsFailing = new Set(errors.map((e) => e.field.replace(/\].*/, ']'))).size
    const problem = badRequest(shown[0]!.field, shown[0]!.reason, shown)
    problem.extra.detail = `${rowsFailing} row(s) refused, nothing was written; first: ${shown[0]!.field}: ${shown[0]!.reason}`
    throw problem
  }
  return items
}

/** Each consumer id a gateway logs belongs to one consumer only: within the import and against the stored ones. */
async function checkMatchIds(storage: Storage, items: Item[], fail: (e: ImportEntity, i: number, f: string, r: string) => void): Promise<void> {
  const owner = new Map<string, Item>()
  for (const item of items)
    for (const m of [item.key, ...(item.input.match_ids as string[])]) {
      const other = owner.get(m)
      if (other && other !== item) fail('consumers', item.index, 'match_ids', `'${m}' is also claimed by row ${other.index} of this import`)
      else owner.set(m, item)
    }
  if (owner.size === 0) return
  const taken = await storage.rows(
    MatchOwner,
    `SELECT id, instansi, match_ids FROM consumers FINAL
     WHERE deleted = 0 AND NOT has({own:Array(String)}, id) AND (has({ids:Array(String)}, id) OR hasAny(match_ids, {ids:Array(String)}))`,
    { own: items.map((i) => i.key), ids: [...owner.keys()] },
  )
  for (const t of taken)
    for (const m of [t.id, ...t.match_ids]) {
      const item = owner.get(m)
      if (item) fail('consumers', item.index, 'match_ids', `'${m}' is already used by consumer '${t.id}' of '${t.instansi}'`)
    }
}

/** Check and (unless `dryRun`) write an import; what was created, updated and left unchanged. */
export async function importRegistry(
  registry: Registry,
  storage: Storage,
  who: Principal,
  rows: ImportRows,
  opts: { dryRun?: boolean; onChange?: (change: RegistryChange) => void | Promise<void> } = {},
): Promise<ImportSummary> {
  const total = IMPORT_ENTITIES.reduce((n, e) => n + (rows[e]?.length ?? 0), 0)
  if (total === 0) throw badRequest('body', 'nothing to import: no rows')
  if (total > IMPORT_MAX_ROWS) throw badRequest('body', `at most ${IMPORT_MAX_ROWS} rows per import (got ${total})`)
  const items = await check(registry, storage, who, rows)
  const zero = () => Object.fromEntries(IMPORT_ENTITIES.map((e) => [e, 0])) as Record<ImportEntity, number>
  const summary: ImportSummary = { dry_run: !!opts.dryRun, created: zero(), updated: zero(), unchanged: zero(), gateway_tokens: [] }
  const writes = {} as Record<ImportEntity, Array<{ row: Row; previous?: Row; hidden?: Row }>>
  for (const entity of IMPORT_ENTITIES) {
    writes[entity] = []
    for (const { input, existing, key } of items[entity]) {
      let row: Row = entity === 'gateways' || entity === 'apis' || entity === 'consumers' ? { ...input, id: key } : input
      if (entity === 'apis')
        row = withDeprecationDate({
          ...(row as ApiInput),
          // a deprecation keeps its date (the notice period runs from it)
          deprecated_at:
            (input.deprecated_at as string | null) ??
            (row.lifecycle === 'deprecated' ? ((existing?.deprecated_at as string | null | undefined) ?? null) : null),
        })
      if (existing && same(entity, row, existing)) {
        summary.unchanged[entity]++
        continue
      }
      summary[existing ? 'updated' : 'created'][entity]++
      writes[entity].push({ row, previous: existing })
    }
  }
  if (opts.dryRun) return summary

  // gateways: new ones get a token, replaced ones keep theirs
  const change: RegistryChange = { gateways: [], apis: [], consumers: [] }
  const replaced = writes.gateways.filter((w) => w.previous).map((w) => String(w.row.id))
  const hashes = replaced.length
    ? new Map(
        (await storage.rows(TokenHash, 'SELECT id, token_hash FROM gateways FINAL WHERE deleted = 0 AND id IN {ids:Array(String)}', { ids: replaced })).map(
          (r) => [r.id, r.token_hash],
        ),
      )
    : new Map<string, string>()
  for (const w of writes.gateways) {
    const id = String(w.row.id)
    let hash = hashes.get(id) ?? ''
    if (!w.previous) {
      const token = newToken('pgw')
      summary.gateway_tokens.push({ id, ingest_token: token })
      hash = hashToken(token)
      w.row = { ...w.row, token_prefix: token.slice(0, 8) }
    } else w.row = { ...w.row, token_prefix: w.previous.token_prefix }
    w.hidden = { token_hash: hash }
    change.gateways!.push({ id, instansi: String(w.row.instansi), token_hash: hash })
  }
  for (const w of writes.apis) change.apis!.push(apiView(w.row as Parameters<typeof apiView>[0]))
  for (const w of writes.consumers) change.consumers!.push(consumerView(w.row as Parameters<typeof consumerView>[0]))

  const tables = {
    instansi: registry.instansi,
    unit_kerja: registry.unitKerja,
    gateways: registry.gateways,
    apis: registry.apis,
    consumers: registry.consumers,
  }
  // one insert per table, in dependency order
  for (const entity of IMPORT_ENTITIES) if (writes[entity].length) await tables[entity].putMany(writes[entity])
  await Promise.all([
    audit(storage, who, {
      action: 'registry.import',
      resource: `${total} rows`,
      instansi: who.role === 'operator' ? who.instansi : '',
      detail: { created: summary.created, updated: summary.updated, unchanged: summary.unchanged },
    }),
    opts.onChange?.(change),
  ])
  return summary
}
