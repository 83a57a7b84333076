/**
 * Configuration of probes, SLOs, alert rules and receivers: versioned
 * registry-style tables, writes validated against the registry (instansi,
 * API) and audited. Silences live in silences.ts.
 */
import type { Storage } from '../../storage/client.js'
import { jsonText } from '../../storage/columns.js'
import { audit } from '../access/audit.js'
import type { Principal } from '../access/principal.js'
import { badRequest, forbidden, conflict, notFound } from '../http/problem.js'
import { EntityTable, type Row } from '../registry/entity-table.js'
import { Registry, slug } from '../registry/registry.js'
import { ReceiverConfig } from './receivers/types.js'
import { Probe, Receiver, Rule, Slo, type ProbeInput, type ReceiverInput, type RuleInput, type SloInput } from './schemas.js'
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

/** Receivers keep settings and matchers as JSON text; rows (and the API) have them as values. */
const RECEIVER_JSON = { settings: '{}', matchers: '[]' }

/** A receiver with its secret, for delivery. */
const ReceiverConfigRow = ReceiverConfig.extend({
  settings: jsonText(ReceiverConfig.shape.settings, RECEIVER_JSON.settings),
  matchers: jsonText(ReceiverConfig.shape.matchers, RECEIVER_JSON.matchers),
})

export class AlertStore {
  readonly registry: Registry
  readonly probes: EntityTable<Probe>
  readonly slos: EntityTable<Slo>
  readonly rules: EntityTable<Rule>
  readonly receivers: EntityTable<Receiver>
  readonly silences: SilenceTable

  constructor(
    private readonly storage: Storage,
    clock: () => number = Date.now,
  ) {
    this.registry = new Registry(storage)
    this.probes = new EntityTable(storage, 'probes', ['id'], PROBE_COLUMNS, Probe)
    this.slos = new EntityTable(storage, 'slos', ['id'], SLO_COLUMNS, Slo)
    this.rules = new EntityTable(storage, 'alert_rules', ['id'], RULE_COLUMNS, Rule)
    this.receivers = new EntityTable(storage, 'alert_receivers', ['id'], RECEIVER_COLUMNS, Receiver, { json: RECEIVER_JSON })
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
  private async save<T extends Row>(who: Principal, table: EntityTable<T>, what: string, id: string, row: Row, creating: boolean, hidden?: Row): Promise<T> {
    const previous = await table.get({ id })
    if (creating && previous) throw conflict(`${what} '${id}' exists`, 'id')
    if (!creating && !previous) throw notFound(`${what} '${id}'`, 'id')
    const saved = await table.put({ ...row, id }, previous, hidden)
    await audit(this.storage, who, {
      action: `${what}.${creating ? 'create' : 'update'}`,
      resource: id,
      instansi: String(row.instansi ?? ''),
      detail: { ...row, secret: undefined, headers: row.headers ? Object.keys(row.headers as object) : undefined },
    })
    return saved
  }

  async remove<T extends Row>(who: Principal, table: EntityTable<T>, what: string, id: string): Promise<void> {
    const previous = await table.get({ id })
    if (!previous) throw notFound(`${what} '${id}'`, 'id')
    await table.remove({ id }, previous)
    await audit(this.storage, who, { action: `${what}.delete`, resource: id, instansi: String(previous.instansi ?? '') })
  }

  /* ── probes ── */
  async saveProbe(who: Principal, input: ProbeInput, id?: string): Promise<Probe> {
    await this.owner(input.instansi)
    if (id !== undefined) {
      // GET answers header values as '••••': a replace that sends them back keeps the stored values.
      const previous = (await this.probes.get({ id }))?.headers
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
  async saveSlo(who: Principal, input: SloInput, id?: string): Promise<Slo> {
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
  async saveRule(who: Principal, input: RuleInput, id?: string): Promise<Rule> {
    await this.owner(input.instansi)
    if (input.api_id && input.instansi) await this.api(input.api_id, input.instansi)
    const ruleId = id ?? input.id ?? `${input.instansi || 'all'}.${input.kind}.${slug(input.name)}`
    return this.save(who, this.rules, 'alert_rule', ruleId, input, id === undefined)
  }

  /* ── receivers ── */
  async saveReceiver(who: Principal, input: ReceiverInput, id?: string): Promise<Receiver> {
    await this.owner(input.instansi)
    validateMatchers(input.matchers, 'body.matchers')
    if (input.kind !== 'telegram' && !input.url) throw badRequest('body.url', `a ${input.kind} receiver needs a url`)
    if (input.kind === 'telegram' && !input.settings.chat_id) throw badRequest('body.settings.chat_id', 'a telegram receiver needs the chat id')
    if (input.kind === 'email' && !input.settings.to?.length) throw badRequest('body.settings.to', 'an email receiver needs recipients')
    const receiverId = id ?? input.id ?? `${input.instansi || 'all'}.${input.kind}.${slug(input.name)}`
    const { secret, ...rest } = input
    const keep = secret === undefined && id !== undefined ? ((await this.receivers.hiddenValue({ id }, 'secret')) ?? '') : (secret ?? '')
    const row = { ...rest, settings: JSON.stringify(input.settings), matchers: JSON.stringify(input.matchers) }
    return this.save(who, this.receivers, 'receiver', receiverId, row, id === undefined, { secret: keep })
  }

  /* ── what the evaluator reads ── */
  async enabledSlos(): Promise<Slo[]> {
    return (await this.slos.list({}, { limit: 100_000 })).filter((s) => s.enabled)
  }

  async enabledRules(): Promise<Rule[]> {
    return (await this.rules.list({}, { limit: 100_000 })).filter((r) => r.enabled)
  }

  /** Receivers with their secrets, for delivery only. */
  async receiverConfigs(): Promise<ReceiverConfig[]> {
    return this.storage.rows(
      ReceiverConfigRow,
      `SELECT id, name, kind, instansi, url, settings, matchers, send_resolved, enabled, secret FROM alert_receivers FINAL WHERE deleted = 0`,
    )
  }
}
