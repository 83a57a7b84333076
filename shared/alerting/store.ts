/**
 * Configuration of probes, SLOs, alert rules and receivers: versioned
 * registry-style tables, writes validated against the registry (instansi,
 * API) and audited. Silences live in silences.ts.
 */
import type { Storage } from '../../storage/client.js'
import type { Principal } from '../access/principal.js'
import { badRequest, forbidden, conflict, notFound } from '../http/problem.js'
import { EntityTable, type Row } from '../registry/entity-table.js'
import { Registry, slug } from '../registry/registry.js'
import type { ReceiverConfig } from './receivers/types.js'
import type { ProbeInput, ReceiverInput, Rule, RuleInput, Slo, SloInput } from './schemas.js'
import { SilenceTable, validateMatchers } from './silences.js'

const PROBE_COLUMNS = [
  'id',
  'instansi',
  'api_id',
  'name',
  'url',
  'method',
  'headers',
  'expected_status',
  'body_contains',
  'interval_s',
  'timeout_ms',
  'tls_verify',
  'enabled',
]
const SLO_COLUMNS = ['id', 'instansi', 'api_id', 'name', 'sli', 'objective', 'latency_ms', 'window_days', 'enabled']
const RULE_COLUMNS = ['id', 'instansi', 'name', 'kind', 'api_id', 'gateway_id', 'probe_id', 'threshold', 'window_min', 'for_s', 'severity', 'enabled']
const RECEIVER_COLUMNS = ['id', 'instansi', 'name', 'kind', 'url', 'settings', 'matchers', 'send_resolved', 'enabled']

/** Receivers keep settings and matchers as JSON text; the API shows them as objects. */
class ReceiverTable extends EntityTable<Row> {
  private static view(r: Row): Row {
    const parse = (v: unknown, empty: string) => (typeof v === 'string' ? JSON.parse(v || empty) : v)
    return { ...r, settings: parse(r.settings, '{}'), matchers: parse(r.matchers, '[]') }
  }
  override async list(...args: Parameters<EntityTable<Row>['list']>): Promise<Row[]> {
    return (await super.list(...args)).map(ReceiverTable.view)
  }
  override async get(key: Record<string, string>): Promise<Row | undefined> {
    const r = await super.get(key)
    return r && ReceiverTable.view(r)
  }
  override async put(row: Row, previous?: Row, hidden?: Row): Promise<Row> {
    return ReceiverTable.view(await super.put(row, previous, hidden))
  }
  /** Deletes write the stored (JSON text) version, not the view. */
  override async remove(key: Record<string, string>): Promise<void> {
    const raw = await super.get(key)
    if (raw) await super.remove(key, raw)
  }
}

export class AlertStore {
  readonly registry: Registry
  readonly probes: EntityTable<Row>
  readonly slos: EntityTable<Row>
  readonly rules: EntityTable<Row>
  readonly receivers: ReceiverTable
  readonly silences: SilenceTable

  constructor(
    private readonly storage: Storage,
    clock: () => number = Date.now,
  ) {
    this.registry = new Registry(storage)
    this.probes = new EntityTable(storage, 'probes', ['id'], PROBE_COLUMNS)
    this.slos = new EntityTable(storage, 'slos', ['id'], SLO_COLUMNS)
    this.rules = new EntityTable(storage, 'alert_rules', ['id'], RULE_COLUMNS)
    this.receivers = new ReceiverTable(storage, 'alert_receivers', ['id'], RECEIVER_COLUMNS)
    this.silences = new SilenceTable(storage, clock)
  }

  private async owner(instansi: string, field = 'body.instansi'): Promise<void> {
    if (instansi) await this.registry.requireInstansi(instansi, field)
  }

  private async api(id: string, instansi: string, field = 'body.api_id') {
    const api = await this.registry.apis.get({ id })
    if (!api) throw badRequest(field, `unknown API '${id}'`)
    if (api.instansi !== instansi) throw badRequest(field, `API '${id}' belongs to '${api.instansi}', not '${instansi}'`)
    return api
  }

  /** Create (id absent) or replace one row of `table`, audited as `<what>.create|update`. */
  private async save(who: Principal, table: EntityTable<Row>, what: string, id: string, row: Row, creating: boolean, hidden?: Row): Promise<Row> {
    const previous = await table.get({ id })
    if (creating && previous) throw conflict(`${what} '${id}' exists`, 'id')
    if (!creating && !previous) throw notFound(`${what} '${id}'`, 'id')
    const saved = await table.put({ ...row, id }, previous, hidden)
    await this.registry.audit(who, `${what}.${creating ? 'create' : 'update'}`, id, {
      ...row,
      secret: undefined,
      headers: row.headers ? Object.keys(row.headers as object) : undefined,
    })
    return saved
  }

  async remove(who: Principal, table: EntityTable<Row>, what: string, id: string): Promise<void> {
    const previous = await table.get({ id })
    if (!previous) throw notFound(`${what} '${id}'`, 'id')
    await table.remove({ id }, previous)
    await this.registry.audit(who, `${what}.delete`, id)
  }

  /* ── probes ── */
  async saveProbe(who: Principal, input: ProbeInput, id?: string): Promise<Row> {
    await this.owner(input.instansi)
    if (id !== undefined) {
      // GET answers header values as '••••': a replace that sends them back keeps the stored values.
      const previous = (await this.probes.get({ id }))?.headers as Record<string, string> | undefined
      input = {
        ...input,
        headers: Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k, v === '••••' && previous?.[k] !== undefined ? previous[k] : v])),
      }
    }
    let url = input.url
    if (input.api_id) {
      const api = await this.api(input.api_id, input.instansi)
      if (!/^https?:\/\//.test(url)) {
        const gw = api.gateway_id ? await this.registry.gateways.get({ id: api.gateway_id }) : undefined
        const base = api.host ? `https://${api.host}` : (gw?.base_url ?? '').replace(/\/+$/, '')
        if (!base) throw badRequest('body.url', `API '${api.id}' has no host and its gateway no base_url: give an absolute url`)
        url = `${base}${api.base_path.replace(/\/+$/, '')}${url.startsWith('/') || url === '' ? url : `/${url}`}`
      }
    }
    let host: string
    try {
      const u = new URL(url)
      if (!/^https?:$/.test(u.protocol)) throw new Error('scheme')
      host = u.hostname
    } catch {
      throw badRequest('body.url', 'an absolute http(s) URL is needed (or api_id with a path)')
    }
    // The collector makes the request from inside the network: an operator may
    // probe only the hosts its own instansi registered (admins and SREs: any).
    if (who.role === 'operator' && !(await this.instansiHosts(input.instansi)).has(host))
      throw forbidden(`an operator may probe only hosts of its registered APIs and gateways, not '${host}'`, 'body.url')
    const probeId = id ?? input.id ?? `${input.instansi}.${slug(input.name)}`
    return this.save(who, this.probes, 'probe', probeId, { ...input, url }, id === undefined)
  }

  private async instansiHosts(instansi: string): Promise<Set<string>> {
    const [apis, gateways] = await Promise.all([this.registry.apis.list({ instansi }), this.registry.gateways.list({ instansi })])
    const hosts = new Set<string>()
    for (const a of apis) if (a.host) hosts.add(a.host)
    for (const g of gateways) {
      try {
        if (g.base_url) hosts.add(new URL(g.base_url).hostname)
      } catch {
        /* not a URL: nothing to allow */
      }
    }
    return hosts
  }

  /* ── SLOs ── */
  async saveSlo(who: Principal, input: SloInput, id?: string): Promise<Row> {
    await this.owner(input.instansi)
    const api = await this.api(input.api_id, input.instansi)
    const objective = input.objective ?? (input.sli === 'latency' ? 95 : api.sla_availability)
    if (!(objective > 0 && objective < 100)) throw badRequest('body.objective', `objective must be between 0 and 100 (exclusive), got ${objective}`)
    const latency = input.latency_ms ?? api.sla_p95_ms
    const sloId = id ?? input.id ?? `${input.api_id}.${input.sli}`
    const name = input.name || `${input.sli === 'latency' ? `Latensi ≤ ${latency} ms` : 'Ketersediaan'} ${objective} % / ${input.window_days} hari`
    return this.save(who, this.slos, 'slo', sloId, { ...input, name, objective, latency_ms: latency }, id === undefined)
  }

  /* ── rules ── */
  async saveRule(who: Principal, input: RuleInput, id?: string): Promise<Row> {
    await this.owner(input.instansi)
    if (input.api_id && input.instansi) await this.api(input.api_id, input.instansi)
    const ruleId = id ?? input.id ?? `${input.instansi || 'all'}.${input.kind}.${slug(input.name)}`
    return this.save(who, this.rules, 'alert_rule', ruleId, input, id === undefined)
  }

  /* ── receivers ── */
  async saveReceiver(who: Principal, input: ReceiverInput, id?: string): Promise<Row> {
    await this.owner(input.instansi)
    validateMatchers(input.matchers, 'body.matchers')
    if (input.kind !== 'telegram' && !input.url) throw badRequest('body.url', `a ${input.kind} receiver needs a url`)
    if (input.kind === 'telegram' && !input.settings.chat_id) throw badRequest('body.settings.chat_id', 'a telegram receiver needs the chat id')
    if (input.kind === 'email' && !input.settings.to?.length) throw badRequest('body.settings.to', 'an email receiver needs recipients')
    const receiverId = id ?? input.id ?? `${input.instansi || 'all'}.${input.kind}.${slug(input.name)}`
    const { secret, ...rest } = input
    const keep = secret === undefined && id !== undefined ? String((await this.receivers.hiddenValue({ id }, 'secret')) ?? '') : (secret ?? '')
    const row = { ...rest, settings: JSON.stringify(input.settings), matchers: JSON.stringify(input.matchers) }
    return this.save(who, this.receivers, 'receiver', receiverId, row, id === undefined, { secret: keep })
  }

  /* ── what the evaluator reads ── */
  async enabledSlos(): Promise<Slo[]> {
    return (await this.slos.list({}, { limit: 100_000 })).filter((s) => s.enabled) as unknown as Slo[]
  }

  async enabledRules(): Promise<Rule[]> {
    return (await this.rules.list({}, { limit: 100_000 })).filter((r) => r.enabled) as unknown as Rule[]
  }

  /** Receivers with their secrets, for delivery only. */
  async receiverConfigs(): Promise<ReceiverConfig[]> {
    const rows = await this.storage.query<Record<string, unknown>>(
      `SELECT id, name, kind, instansi, url, settings, matchers, send_resolved, enabled, secret FROM alert_receivers FINAL WHERE deleted = 0`,
    )
    return rows.map((r) => ({
      ...(r as unknown as ReceiverConfig),
      settings: JSON.parse(String(r.settings || '{}')),
      matchers: JSON.parse(String(r.matchers || '[]')),
      send_resolved: Boolean(r.send_resolved),
      enabled: Boolean(r.enabled),
    }))
  }
}
