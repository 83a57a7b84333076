/**
 * The registry: instansi, unit kerja, gateways (with ingest tokens), APIs and
 * consumers. Writes are validated against each other (a gateway needs its
 * instansi, …) and audited.
 */
import { hashToken } from './cache.js'
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
    private readonly onChange: () => void | Promise<void> = () => undefined,
  ) {
    this.instansi = new EntityTable(storage, 'instansi', ['code'], ['code', 'name', 'kind', 'region', 'parent'], Instansi)
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

  /** A registry write is audited, and then the collector's view refreshed (`onChange`). */
  private async written(who: Principal, event: AuditEvent): Promise<void> {
    await audit(this.storage, who, event)
    await this.onChange()
  }

  async requireInstansi(code: string, field = 'instansi'): Promise<InstansiRow> {
    const row = await this.instansi.get({ code })
    if (!row) throw badRequest(field, `unknown instansi '${code}'`)
    return row
  }

  async createInstansi(who: Principal, input: InstansiInput): Promise<InstansiRow> {
    if (await this.instansi.get({ code: input.code })) throw conflict(`instansi '${input.code}' exists`, 'code')
    const row = await this.instansi.put(input)
    await this.written(who, { action: 'instansi.create', resource: input.code, instansi: input.code, detail: input })
    return row
  }

  async createUnitKerja(who: Principal, input: UnitKerjaInput): Promise<UnitKerjaRow> {
    await this.requireInstansi(input.instansi)
    const previous = await this.unitKerja.get({ instansi: input.instansi, code: input.code })
    const row = await this.unitKerja.put(input, previous)
    await this.written(who, { action: 'unit_kerja.put', resource: `${input.instansi}/${input.code}`, instansi: input.instansi, detail: input })
    return row
  }

  async updateInstansi(who: Principal, code: string, input: InstansiInput): Promise<InstansiRow> {
    const previous = await this.instansi.get({ code })
    if (!previous) throw notFound(`instansi '${code}'`, 'code')
    if (input.code !== code) throw badRequest('body.code', 'the code of an instansi cannot change')
    const row = await this.instansi.put(input, previous)
    await this.written(who, { action: 'instansi.update', resource: code, instansi: code, detail: input })
    return row
  }

  async deleteInstansi(who: Principal, code: string): Promise<void> {
    const previous = await this.instansi.get({ code })
    if (!previous) throw notFound(`instansi '${code}'`, 'code')
    const [gateways, apis] = await Promise.all([this.gateways.count({ instansi: code }), this.apis.count({ instansi: code })])
    if (gateways + apis > 0) throw conflict(`instansi '${code}' still has ${gateways} gateway(s) and ${apis} API(s)`, 'code')
    await this.instansi.remove({ code }, previous)
    await this.written(who, { action: 'instansi.delete', resource: code, instansi: code })
  }

  /** Register a gateway; the ingest token is returned once and stored only hashed. */
  async createGateway(who: Principal, input: GatewayInput): Promise<{ gateway: GatewayRow; ingest_token: string }> {
    await this.requireInstansi(input.instansi)
    const id = input.id ?? `${input.instansi}-${slug(input.name)}`
    if (await this.gateways.get({ id })) throw conflict(`gateway '${id}' exists`, 'id')
    const token = newToken('pgw')
    const gateway = await this.gateways.put({ ...input, id, token_prefix: token.slice(0, 8) }, undefined, { token_hash: hashToken(token) })
    await this.written(who, { action: 'gateway.create', resource: id, instansi: input.instansi, detail: { ...input, id } })
    return { gateway, ingest_token: token }
  }

  async updateGateway(who: Principal, id: string, input: GatewayInput): Promise<GatewayRow> {
    const previous = await this.gateways.get({ id })
    if (!previous) throw notFound(`gateway '${id}'`, 'id')
    if (input.instansi !== previous.instansi) throw badRequest('body.instansi', 'a gateway cannot move to another instansi; register a new one')
    const tokenHash = await this.gateways.hiddenValue({ id }, 'token_hash')
    const row = await this.gateways.put({ ...input, id, token_prefix: previous.token_prefix }, previous, { token_hash: tokenHash })
    await this.written(who, { action: 'gateway.update', resource: id, instansi: previous.instansi, detail: input })
    return row
  }

  async rotateGatewayToken(who: Principal, id: string): Promise<{ gateway: GatewayRow; ingest_token: string }> {
    const previous = await this.gateways.get({ id })
    if (!previous) throw notFound(`gateway '${id}'`, 'id')
    const token = newToken('pgw')
    const gateway = await this.gateways.put({ ...previous, token_prefix: token.slice(0, 8) }, previous, { token_hash: hashToken(token) })
    await this.written(who, { action: 'gateway.rotate_token', resource: id, instansi: previous.instansi })
    return { gateway, ingest_token: token }
  }

  async deleteGateway(who: Principal, id: string): Promise<void> {
    const previous = await this.gateways.get({ id })
    if (!previous) throw notFound(`gateway '${id}'`, 'id')
    await this.gateways.remove({ id }, previous)
    await this.written(who, { action: 'gateway.delete', resource: id, instansi: previous.instansi })
  }

  private async checkApi(input: ApiInput): Promise<ApiInput> {
    await this.requireInstansi(input.instansi, 'body.instansi')
    if (input.gateway_id && !(await this.gateways.get({ id: input.gateway_id }))) throw badRequest('body.gateway_id', `unknown gateway '${input.gateway_id}'`)
    if (input.unit_kerja && !(await this.unitKerja.get({ instansi: input.instansi, code: input.unit_kerja })))
      throw badRequest('body.unit_kerja', `unknown unit kerja '${input.unit_kerja}' of '${input.instansi}'`)
    // Deprecation is dated: the notice period (Pasal 9) is measured from it.
    if (input.lifecycle === 'deprecated' && !input.deprecated_at) return { ...input, deprecated_at: new Date().toISOString() }
    return input
  }

  async createApi(who: Principal, input: ApiInput): Promise<ApiRow> {
    const checked = await this.checkApi(input)
    const major = /^(\d+)/.exec(input.version)?.[1] ?? '1'
    const id = input.id ?? `${input.instansi}.${slug(input.name)}.v${major}`
    if (await this.apis.get({ id })) throw conflict(`API '${id}' exists`, 'id')
    const row = await this.apis.put({ ...checked, id })
    await this.written(who, { action: 'api.create', resource: id, instansi: input.instansi, detail: { ...input, openapi: input.openapi ? '(document)' : '' } })
    return row
  }

  async updateApi(who: Principal, id: string, input: ApiInput): Promise<ApiRow> {
    const previous = await this.apis.get({ id })
    if (!previous) throw notFound(`API '${id}'`, 'id')
    if (input.instansi !== previous.instansi) throw badRequest('body.instansi', 'an API cannot move to another instansi')
    const checked = await this.checkApi(
      input.lifecycle === 'deprecated' && previous.deprecated_at && !input.deprecated_at ? { ...input, deprecated_at: previous.deprecated_at } : input,
    )
    const row = await this.apis.put({ ...checked, id }, previous)
    await this.written(who, {
      action: 'api.update',
      resource: id,
      instansi: previous.instansi,
      detail: { ...input, openapi: input.openapi ? '(document)' : '' },
    })
    return row
  }

  async deleteApi(who: Principal, id: string): Promise<void> {
    const previous = await this.apis.get({ id })
    if (!previous) throw notFound(`API '${id}'`, 'id')
    await this.apis.remove({ id }, previous)
    await this.written(who, { action: 'api.delete', resource: id, instansi: previous.instansi })
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
    await this.requireInstansi(input.instansi, 'body.instansi')
    const id = input.id ?? `${input.instansi}.${slug(input.name)}`
    if (await this.consumers.get({ id })) throw conflict(`consumer '${id}' exists`, 'id')
    await this.checkMatchIds(id, input)
    const row = await this.consumers.put({ ...input, id })
    await this.written(who, { action: 'consumer.create', resource: id, instansi: input.instansi, detail: input })
    return row
  }

  async updateConsumer(who: Principal, id: string, input: ConsumerInput): Promise<ConsumerRow> {
    const previous = await this.consumers.get({ id })
    if (!previous) throw notFound(`consumer '${id}'`, 'id')
    await this.requireInstansi(input.instansi, 'body.instansi')
    await this.checkMatchIds(id, input)
    const row = await this.consumers.put({ ...input, id }, previous)
    await this.written(who, { action: 'consumer.update', resource: id, instansi: input.instansi, detail: input })
    return row
  }

  async deleteConsumer(who: Principal, id: string): Promise<void> {
    const previous = await this.consumers.get({ id })
    if (!previous) throw notFound(`consumer '${id}'`, 'id')
    await this.consumers.remove({ id }, previous)
    await this.written(who, { action: 'consumer.delete', resource: id, instansi: previous.instansi })
  }
}
