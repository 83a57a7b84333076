/**
 * The registry: instansi, unit kerja, gateways (with ingest tokens), APIs and
 * consumers. Writes are validated against each other (a gateway needs its
 * instansi, …) and audited.
 */
import { hashToken, type RegistryChange } from './cache.js'
import type { Storage } from '../../storage/client.js'
import { newToken } from '../access/tokens.js'
import { audit, type AuditEvent } from '../access/audit.js'
import type { Principal } from '../access/principal.js'
import { badRequest, conflict, notFound } from '../http/problem.js'
import { EntityTable } from './entity-table.js'
import { z } from 'zod'
import {
  Api,
  Consumer,
  Gateway,
  Instansi,
  UnitKerja,
  type ApiInput,
  type ConsumerInput,
  type GatewayInput,
  type InstansiInput,
  type UnitKerjaInput,
} from './schemas.js'

export type InstansiRow = z.infer<typeof Instansi>
export type GatewayRow = z.infer<typeof Gateway>
export type ApiRow = z.infer<typeof Api>
export type ConsumerRow = z.infer<typeof Consumer>
export type UnitKerjaRow = z.infer<typeof UnitKerja>

const MatchIdOwner = z.object({ id: z.string(), instansi: z.string() })
const Exists = z.object({ k: z.string(), n: z.coerce.number(), d: z.coerce.number() })

/** The collector's view of an API row. */
export const apiView = (a: ApiRow) => ({ id: a.id, instansi: a.instansi, gateway_id: a.gateway_id, name: a.name, version: a.version, base_path: a.base_path })
/** The collector's view of a consumer row. */
export const consumerView = (c: ConsumerRow) => ({ id: c.id, instansi: c.instansi, match_ids: c.match_ids })

/** Deprecation is dated: the notice period (Pasal 9) is measured from it. */
export function withDeprecationDate(input: ApiInput): ApiInput {
  return input.lifecycle === 'deprecated' && !input.deprecated_at ? { ...input, deprecated_at: new Date().toISOString() } : input
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
}

export class Registry {
  readonly instansi: EntityTable<InstansiRow>
  readonly unitKerja: EntityTable<UnitKerjaRow>
  readonly gateways: EntityTable<GatewayRow>
  readonly apis: EntityTable<ApiRow>
  readonly consumers: EntityTable<ConsumerRow>

  /**
   * `onChange` runs after every registry write (and only then: other audited
   * writes go to shared/access/audit.ts directly) and is awaited: the
   * in-process collector has reloaded its view before the write is answered,
   * so a rotated or deleted ingest token is refused from that moment on.
   */
  constructor(
    private readonly storage: Storage,
    private readonly onChange: (change?: RegistryChange) => void | Promise<void> = () => undefined,
  ) {
    this.instansi = new EntityTable(storage, 'instansi', ['code'], ['code', 'name', 'kind', 'region', 'parent', 'public_status'], Instansi)
    this.unitKerja = new EntityTable(storage, 'unit_kerja', ['instansi', 'code'], ['instansi', 'code', 'name'], UnitKerja)
    this.gateways = new EntityTable(
      storage,
      'gateways',
      ['id'],
      ['id', 'instansi', 'name', 'product', 'is_spl', 'splp_linked', 'base_url', 'token_prefix'],
      Gateway,
    )
    this.apis = new EntityTable(
      storage,
      'apis',
      ['id'],
      [
        'id',
        'instansi',
        'unit_kerja',
        'gateway_id',
        'name',
        'version',
        'base_path',
        'host',
        'auth_type',
        'openapi',
        'published_via_spl',
        'lifecycle',
        'deprecated_at',
        'removal_at',
        'sla_availability',
        'sla_p95_ms',
        'tags',
      ],
      Api,
      { times: ['deprecated_at', 'removal_at'] },
    )
    this.consumers = new EntityTable(storage, 'consumers', ['id'], ['id', 'name', 'instansi', 'owner_unit', 'match_ids'], Consumer)
  }

  /**
   * A registry write is audited and the collector's view updated with what
   * changed (`onChange`; no change: a reload), both at once.
   */
  private async written(who: Principal, event: AuditEvent, change?: RegistryChange): Promise<void> {
    await Promise.all([audit(this.storage, who, event), this.onChange(change)])
  }

  /**
   * Which of these registry rows exist, in one query (a write checks its
   * references and its own id at once, not one query each).
   */
  async exists(refs: { instansi?: string; gateway?: string; unitKerja?: { instansi: string; code: string }; api?: string; consumer?: string }) {
    const parts: string[] = []
    const params: Record<string, unknown> = {}
    // the newest version of each key decides (what FINAL reads), without FINAL's cost per subquery
    const add = (name: string, from: string, values: Record<string, string>) => {
      parts.push(`SELECT '${name}' AS k, count() AS n, argMax(deleted, updated_at) AS d FROM ${from}`)
      Object.assign(params, values)
    }
    if (refs.instansi !== undefined) add('instansi', 'instansi WHERE code = {e_instansi:String}', { e_instansi: refs.instansi })
    if (refs.gateway !== undefined) add('gateway', 'gateways WHERE id = {e_gateway:String}', { e_gateway: refs.gateway })
    if (refs.unitKerja !== undefined)
      add('unit_kerja', 'unit_kerja WHERE instansi = {e_uk_i:String} AND code = {e_uk_c:String}', {
        e_uk_i: refs.unitKerja.instansi,
        e_uk_c: refs.unitKerja.code,
      })
    if (refs.api !== undefined) add('api', 'apis WHERE id = {e_api:String}', { e_api: refs.api })
    if (refs.consumer !== undefined) add('consumer', 'consumers WHERE id = {e_consumer:String}', { e_consumer: refs.consumer })
    const rows = parts.length ? await this.storage.rows(Exists, parts.join(' UNION ALL '), params) : []
    const found = new Set(rows.filter((r) => r.n > 0 && r.d === 0).map((r) => r.k))
    return {
      instansi: found.has('instansi'),
      gateway: found.has('gateway'),
      unitKerja: found.has('unit_kerja'),
      api: found.has('api'),
      consumer: found.has('consumer'),
    }
  }

  async requireInstansi(code: string, field = 'instansi'): Promise<InstansiRow> {
    const row = await this.instansi.get({ code })
    if (!row) throw badRequest(field, `unknown instansi '${code}'`)
    return row
  }

  async createInstansi(who: Principal, input: InstansiInput): Promise<InstansiRow> {
    if (await this.instansi.get({ code: input.code })) throw conflict(`instansi '${input.code}' exists`, 'code')
    const row = await this.instansi.put(input)
    await this.written(who, { action: 'instansi.create', resource: input.code, instansi: input.code, detail: input }, {})
    return row
  }

  async createUnitKerja(who: Principal, input: UnitKerjaInput): Promise<UnitKerjaRow> {
    await this.requireInstansi(input.instansi)
    const previous = await this.unitKerja.get({ instansi: input.instansi, code: input.code })
    const row = await this.unitKerja.put(input, previous)
    await this.written(who, { action: 'unit_kerja.put', resource: `${input.instansi}/${input.code}`, instansi: input.instansi, detail: input }, {})
    return row
  }

  async updateInstansi(who: Principal, code: string, input: InstansiInput): Promise<InstansiRow> {
    const previous = await this.instansi.get({ code })
    if (!previous) throw notFound(`instansi '${code}'`, 'code')
    if (input.code !== code) throw badRequest('body.code', 'the code of an instansi cannot change')
    const row = await this.instansi.put(input, previous)
    await this.written(who, { action: 'instansi.update', resource: code, instansi: code, detail: input }, {})
    return row
  }

  async deleteInstansi(who: Principal, code: string): Promise<void> {
    const previous = await this.instansi.get({ code })
    if (!previous) throw notFound(`instansi '${code}'`, 'code')
    const [gateways, apis] = await Promise.all([this.gateways.count({ instansi: code }), this.apis.count({ instansi: code })])
    if (gateways + apis > 0) throw conflict(`instansi '${code}' still has ${gateways} gateway(s) and ${apis} API(s)`, 'code')
    await this.instansi.remove({ code }, previous)
    await this.written(who, { action: 'instansi.delete', resource: code, instansi: code }, {})
  }

  /** Register a gateway; the ingest token is returned once and stored only hashed. */
  async createGateway(who: Principal, input: GatewayInput): Promise<{ gateway: GatewayRow; ingest_token: string }> {
    const id = input.id ?? `${input.instansi}-${slug(input.name)}`
    const found = await this.exists({ instansi: input.instansi, gateway: id })
    if (!found.instansi) throw badRequest('instansi', `unknown instansi '${input.instansi}'`)
    if (found.gateway) throw conflict(`gateway '${id}' exists`, 'id')
    const token = newToken('pgw')
    const tokenHash = hashToken(token)
    const gateway = await this.gateways.put({ ...input, id, token_prefix: token.slice(0, 8) }, undefined, { token_hash: tokenHash })
    await this.written(
      who,
      { action: 'gateway.create', resource: id, instansi: input.instansi, detail: { ...input, id } },
      { gateways: [{ id, instansi: input.instansi, token_hash: tokenHash }] },
    )
    return { gateway, ingest_token: token }
  }

  async updateGateway(who: Principal, id: string, input: GatewayInput): Promise<GatewayRow> {
    const previous = await this.gateways.get({ id })
    if (!previous) throw notFound(`gateway '${id}'`, 'id')
    if (input.instansi !== previous.instansi) throw badRequest('body.instansi', 'a gateway cannot move to another instansi; register a new one')
    const tokenHash = await this.gateways.hiddenValue({ id }, 'token_hash')
    const row = await this.gateways.put({ ...input, id, token_prefix: previous.token_prefix }, previous, { token_hash: tokenHash })
    await this.written(
      who,
      { action: 'gateway.update', resource: id, instansi: previous.instansi, detail: input },
      tokenHash === undefined ? undefined : { gateways: [{ id, instansi: previous.instansi, token_hash: tokenHash }] },
    )
    return row
  }

  async rotateGatewayToken(who: Principal, id: string): Promise<{ gateway: GatewayRow; ingest_token: string }> {
    const previous = await this.gateways.get({ id })
    if (!previous) throw notFound(`gateway '${id}'`, 'id')
    const token = newToken('pgw')
    const tokenHash = hashToken(token)
    const gateway = await this.gateways.put({ ...previous, token_prefix: token.slice(0, 8) }, previous, { token_hash: tokenHash })
    await this.written(
      who,
      { action: 'gateway.rotate_token', resource: id, instansi: previous.instansi },
      { gateways: [{ id, instansi: previous.instansi, token_hash: tokenHash }] },
    )
    return { gateway, ingest_token: token }
  }

  async deleteGateway(who: Principal, id: string): Promise<void> {
    const previous = await this.gateways.get({ id })
    if (!previous) throw notFound(`gateway '${id}'`, 'id')
    await this.gateways.remove({ id }, previous)
    await this.written(who, { action: 'gateway.delete', resource: id, instansi: previous.instansi }, { removed: { gateways: [id] } })
  }

  /** An API's references checked (and, with `id`, whether it exists), in one query. */
  private async checkApi(input: ApiInput, id?: string): Promise<{ checked: ApiInput; exists: boolean }> {
    const found = await this.exists({
      instansi: input.instansi,
      gateway: input.gateway_id || undefined,
      unitKerja: input.unit_kerja ? { instansi: input.instansi, code: input.unit_kerja } : undefined,
      api: id,
    })
    if (!found.instansi) throw badRequest('body.instansi', `unknown instansi '${input.instansi}'`)
    if (input.gateway_id && !found.gateway) throw badRequest('body.gateway_id', `unknown gateway '${input.gateway_id}'`)
    if (input.unit_kerja && !found.unitKerja) throw badRequest('body.unit_kerja', `unknown unit kerja '${input.unit_kerja}' of '${input.instansi}'`)
    return { checked: withDeprecationDate(input), exists: found.api }
  }

  async createApi(who: Principal, input: ApiInput): Promise<ApiRow> {
    const major = /^(\d+)/.exec(input.version)?.[1] ?? '1'
    const id = input.id ?? `${input.instansi}.${slug(input.name)}.v${major}`
    const { checked, exists } = await this.checkApi(input, id)
    if (exists) throw conflict(`API '${id}' exists`, 'id')
    const row = await this.apis.put({ ...checked, id })
    await this.written(
      who,
      { action: 'api.create', resource: id, instansi: input.instansi, detail: { ...input, openapi: input.openapi ? '(document)' : '' } },
      { apis: [apiView(row)] },
    )
    return row
  }

  async updateApi(who: Principal, id: string, input: ApiInput): Promise<ApiRow> {
    const previous = await this.apis.get({ id })
    if (!previous) throw notFound(`API '${id}'`, 'id')
    if (input.instansi !== previous.instansi) throw badRequest('body.instansi', 'an API cannot move to another instansi')
    const { checked } = await this.checkApi(
      input.lifecycle === 'deprecated' && previous.deprecated_at && !input.deprecated_at ? { ...input, deprecated_at: previous.deprecated_at } : input,
    )
    const row = await this.apis.put({ ...checked, id }, previous)
    await this.written(
      who,
      { action: 'api.update', resource: id, instansi: previous.instansi, detail: { ...input, openapi: input.openapi ? '(document)' : '' } },
      { apis: [apiView(row)] },
    )
    return row
  }

  async deleteApi(who: Principal, id: string): Promise<void> {
    const previous = await this.apis.get({ id })
    if (!previous) throw notFound(`API '${id}'`, 'id')
    await this.apis.remove({ id }, previous)
    await this.written(who, { action: 'api.delete', resource: id, instansi: previous.instansi }, { removed: { apis: [id] } })
  }

  /**
   * The consumer ids gateways log attribute calls to a consuming instansi:
   * each may belong to one consumer only, or one instansi could claim
   * another's calls (and its integration evidence).
   */
  private async checkMatchIds(id: string, input: ConsumerInput): Promise<void> {
    const ids = [id, ...input.match_ids]
    const taken = await this.storage.rows(
      MatchIdOwner,
      `SELECT id, instansi FROM consumers FINAL
       WHERE deleted = 0 AND id != {id:String} AND (has({ids:Array(String)}, id) OR hasAny(match_ids, {ids:Array(String)}))
       LIMIT 1`,
      { id, ids },
    )
    if (taken[0]) throw conflict(`a consumer id in match_ids is already used by consumer '${taken[0].id}' of '${taken[0].instansi}'`, 'body.match_ids')
  }

  async createConsumer(who: Principal, input: ConsumerInput): Promise<ConsumerRow> {
    const id = input.id ?? `${input.instansi}.${slug(input.name)}`
    const found = await this.exists({ instansi: input.instansi, consumer: id })
    if (!found.instansi) throw badRequest('body.instansi', `unknown instansi '${input.instansi}'`)
    if (found.consumer) throw conflict(`consumer '${id}' exists`, 'id')
    await this.checkMatchIds(id, input)
    const row = await this.consumers.put({ ...input, id })
    await this.written(who, { action: 'consumer.create', resource: id, instansi: input.instansi, detail: input }, { consumers: [consumerView(row)] })
    return row
  }

  async updateConsumer(who: Principal, id: string, input: ConsumerInput): Promise<ConsumerRow> {
    const previous = await this.consumers.get({ id })
    if (!previous) throw notFound(`consumer '${id}'`, 'id')
    await this.requireInstansi(input.instansi, 'body.instansi')
    await this.checkMatchIds(id, input)
    const row = await this.consumers.put({ ...input, id }, previous)
    await this.written(who, { action: 'consumer.update', resource: id, instansi: input.instansi, detail: input }, { consumers: [consumerView(row)] })
    return row
  }

  async deleteConsumer(who: Principal, id: string): Promise<void> {
    const previous = await this.consumers.get({ id })
    if (!previous) throw notFound(`consumer '${id}'`, 'id')
    await this.consumers.remove({ id }, previous)
    await this.written(who, { action: 'consumer.delete', resource: id, instansi: previous.instansi }, { removed: { consumers: [id] } })
  }
}
