/**
 * The maintenance windows store (`maintenance_windows`, migration 0016): CRUD
 * with the bounds a window must keep, and `listMaintenance`, the one reader
 * the metrics, the alert evaluator, the reports and the public status page
 * use. Every change also records the time it touched (`maintenance_changes`),
 * so the hourly uptime rows of that time are recomputed (uptime-hours.ts).
 */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import { chTime, count } from '../../storage/columns.js'
import type { Principal } from '../access/principal.js'
import { badRequest, conflict } from '../http/problem.js'
import { EntityTable } from '../registry/entity-table.js'
import { Registry } from '../registry/registry.js'
import { MAX_AHEAD_DAYS, MAX_WINDOW_DAYS, type MaintenanceInput, type MaintenanceSpan, MaintenanceWindow } from './schemas.js'

const DAY = 86400e3
const HOUR = 3600e3

/**
 * The most windows an instansi keeps that still matter: those ending after
 * (now − raw-data retention), the ones a metric, chart or alert can meet.
 * Every availability query and alert evaluation binds the windows of its
 * range (exclusion.ts), so their number is bounded here; older windows no
 * longer count.
 */
export const MAX_WINDOWS_PER_INSTANSI = 200

const Stored = MaintenanceWindow.omit({ status: true })
type Stored = z.infer<typeof Stored>

const COLUMNS = ['id', 'instansi', 'api_id', 'gateway_id', 'starts_at', 'ends_at', 'reason', 'created_by'] as const

function statusAt(w: { starts_at: string; ends_at: string }, now: number): MaintenanceWindow['status'] {
  if (Date.parse(w.ends_at) <= now) return 'ended'
  return Date.parse(w.starts_at) > now ? 'scheduled' : 'active'
}

/** The span form of a window (what metrics and charts need). */
export const spanOf = (w: Stored): MaintenanceSpan => ({
  id: w.id,
  instansi: w.instansi,
  api_id: w.api_id,
  gateway_id: w.gateway_id,
  starts_at: w.starts_at,
  ends_at: w.ends_at,
  reason: w.reason,
})

export interface MaintenanceFilter {
  instansi?: string
  /** Windows of this API or of its whole instansi. */
  api?: string
  /** Windows of this gateway or of its whole instansi. */
  gateway?: string
  /** Overlapping [fromMs, toMs). */
  fromMs: number
  toMs: number
}

const SpanRow = Stored.pick({ id: true, instansi: true, api_id: true, gateway_id: true, starts_at: true, ends_at: true, reason: true })

/**
 * The windows overlapping [fromMs, toMs), oldest first, optionally of one
 * instansi (and those covering one API or gateway of it). For the public
 * status page, the metrics, the alert evaluator and the reports.
 */
export async function listMaintenance(storage: Storage, f: MaintenanceFilter): Promise<MaintenanceSpan[]> {
  const params: Record<string, unknown> = { w_from: f.fromMs, w_to: f.toMs }
  let where = ''
  if (f.instansi !== undefined) (params.w_instansi = f.instansi), (where += ' AND instansi = {w_instansi:String}')
  if (f.api !== undefined) (params.w_api = f.api), (where += ` AND api_id IN ('', {w_api:String})`)
  if (f.gateway !== undefined) (params.w_gateway = f.gateway), (where += ` AND gateway_id IN ('', {w_gateway:String})`)
  const rows = await storage.rows(
    SpanRow.omit({ starts_at: true, ends_at: true }).extend({ s: chTime, e: chTime }),
    `SELECT id, instansi, api_id, gateway_id, toString(starts_at) AS s, toString(ends_at) AS e, reason
     FROM maintenance_windows FINAL
     WHERE deleted = 0 AND ends_at > fromUnixTimestamp64Milli({w_from:Int64}) AND starts_at < fromUnixTimestamp64Milli({w_to:Int64})${where}
     ORDER BY starts_at, id`,
    params,
  )
  return rows.map(({ s, e, ...w }) => ({ ...w, starts_at: s, ends_at: e }))
}

const Ttl = z.object({ engine_full: z.string() })
const Held = z.object({ n: count })
const retention = new WeakMap<Storage, { days: number; at: number }>()

/** Days the raw data (and its minute rollup) is kept: the TTL of `request_rollup_1m`, read at most once a minute. */
export async function rawRetentionDays(storage: Storage, now = Date.now()): Promise<number> {
  const hit = retention.get(storage)
  if (hit && now - hit.at < 60e3) return hit.days
  const [row] = await storage.rows(Ttl, `SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = 'request_rollup_1m'`)
  const days = Number(/toIntervalDay\((\d+)\)/.exec(row?.engine_full ?? '')?.[1] ?? 400)
  retention.set(storage, { days, at: now })
  return days
}

/** The maintenance windows table; rows come back with their status now. */
export class MaintenanceStore extends EntityTable<Stored> {
  private readonly registry: Registry

  constructor(
    private readonly db: Storage,
    private readonly clock: () => number = Date.now,
  ) {
    super(db, 'maintenance_windows', ['id'], COLUMNS, Stored, { times: ['starts_at', 'ends_at'] })
    this.registry = new Registry(db)
  }

  private view(r: Stored): MaintenanceWindow {
    return { ...r, status: statusAt(r, this.clock()) }
  }

  override async list(...args: Parameters<EntityTable<Stored>['list']>): Promise<MaintenanceWindow[]> {
    const [filters, opts] = args
    return (await super.list(filters, { orderBy: 'starts_at', ...opts })).map((r) => this.view(r))
  }

  override async get(key: Record<string, string>): Promise<MaintenanceWindow | undefined> {
    const r = await super.get(key)
    return r && this.view(r)
  }

  async create(who: Principal, input: MaintenanceInput): Promise<MaintenanceWindow> {
    return this.write(who, `mw-${randomUUID().slice(0, 13)}`, input)
  }

  async update(who: Principal, id: string, input: MaintenanceInput): Promise<MaintenanceWindow> {
    return this.write(who, id, input, await super.get({ id }))
  }

  /** Delete a window: its minutes count again, and the hours it touched are recomputed. */
  async delete(id: string): Promise<Stored | undefined> {
    const previous = await super.get({ id })
    if (!previous) return undefined
    await this.recordChange(previous.instansi, [previous])
    await this.remove({ id }, previous)
    await this.recordChange(previous.instansi, [previous])
    return previous
  }

  /**
   * The bounds every window keeps; each refusal is a 400 naming the field (a
   * 409 when the instansi already holds `MAX_WINDOWS_PER_INSTANSI` windows).
   */
  private async validate(id: string, input: MaintenanceInput, previous: Stored | undefined): Promise<{ starts: number; ends: number }> {
    const now = this.clock()
    const starts = Date.parse(input.starts_at)
    const ends = Date.parse(input.ends_at)
    if (ends <= starts) throw badRequest('body.ends_at', 'ends_at must be after starts_at')
    if (ends - starts > MAX_WINDOW_DAYS * DAY) throw badRequest('body.ends_at', `a window lasts at most ${MAX_WINDOW_DAYS} days`)
    const days = await rawRetentionDays(this.db, now)
    if (starts < now - days * DAY) throw badRequest('body.starts_at', `starts_at is older than the raw-data retention (${days} days)`)
    if (starts > now + MAX_AHEAD_DAYS * DAY) throw badRequest('body.starts_at', `starts_at is more than ${MAX_AHEAD_DAYS} days ahead`)
    if (previous && previous.instansi !== input.instansi) throw badRequest('body.instansi', 'a window cannot move to another instansi')
    if (input.api_id && input.gateway_id) throw badRequest('body.gateway_id', 'a window covers one API or one gateway, not both')
    if (!(await this.registry.instansi.get({ code: input.instansi }))) throw badRequest('body.instansi', `instansi '${input.instansi}' is not registered`)
    const [held] = await this.db.rows(
      Held,
      `SELECT count() AS n FROM maintenance_windows FINAL
       WHERE deleted = 0 AND instansi = {instansi:String} AND id != {id:String} AND ends_at > fromUnixTimestamp64Milli({since:Int64})`,
      { instansi: input.instansi, id, since: now - days * DAY },
    )
    if ((held?.n ?? 0) >= MAX_WINDOWS_PER_INSTANSI)
      throw conflict(
        `'${input.instansi}' already has ${held!.n} maintenance windows ending within the raw-data retention (${days} days); at most ${MAX_WINDOWS_PER_INSTANSI}: delete old ones first`,
        'body.instansi',
      )
    if (input.api_id) {
      const api = await this.registry.apis.get({ id: input.api_id })
      if (api?.instansi !== input.instansi) throw badRequest('body.api_id', `API '${input.api_id}' is not an API of '${input.instansi}'`)
    }
    if (input.gateway_id) {
      const gw = await this.registry.gateways.get({ id: input.gateway_id })
      if (gw?.instansi !== input.instansi) throw badRequest('body.gateway_id', `gateway '${input.gateway_id}' is not a gateway of '${input.instansi}'`)
    }
    return { starts, ends }
  }

  private async write(who: Principal, id: string, input: MaintenanceInput, previous?: Stored): Promise<MaintenanceWindow> {
    const { starts, ends } = await this.validate(id, input, previous)
    const next = { starts_at: new Date(starts).toISOString(), ends_at: new Date(ends).toISOString() }
    const spans = previous ? [previous, next] : [next]
    // the change is recorded first: a crash after it leaves hours recomputed for nothing, never stale
    await this.recordChange(input.instansi, spans)
    const row = await this.put({ id, ...input, ...next, created_by: previous?.created_by ?? who.name }, previous)
    // and again once written: hours computed from windows read between the first record and the write are stale too
    await this.recordChange(input.instansi, spans)
    return this.view(row)
  }

  /** Record the spans a change touched, in whole hours (what the hourly uptime rows are keyed by). */
  private async recordChange(instansi: string, spans: Array<{ starts_at: string; ends_at: string }>): Promise<void> {
    await this.db.insertRows(
      'maintenance_changes',
      spans.map((s) => ({
        instansi,
        from_ts: Math.floor(Math.floor(Date.parse(s.starts_at) / HOUR) * 3600),
        to_ts: Math.ceil(Date.parse(s.ends_at) / HOUR) * 3600,
      })),
    )
  }
}

/** The hours a change touched, for recomputing them at once (epoch ms, whole hours). */
export function touchedHours(spans: Array<{ starts_at: string; ends_at: string }>): { fromMs: number; toMs: number } {
  const from = Math.min(...spans.map((s) => Date.parse(s.starts_at)))
  const to = Math.max(...spans.map((s) => Date.parse(s.ends_at)))
  return { fromMs: Math.floor(from / HOUR) * HOUR, toMs: Math.ceil(to / HOUR) * HOUR }
}
