/**
 * Evidence for Indikator 18 (maturity of SPL use), gathered from the
 * registry, the shared metrics (adoption, integrations, monthly SLA) and the
 * review register: which APIs go through the SPL and how they did, which
 * unit kerja / perangkat daerah use it, the link to the national SPLP and to
 * other instansi, and the dated reviews with their follow-ups.
 */
import { adoption, integrations } from '../../shared/metrics/adoption.js'
import { slaCompliance } from '../../shared/metrics/sla.js'
import type { MaintenanceSpan } from '../../shared/maintenance/schemas.js'
import { listMaintenance } from '../../shared/maintenance/store.js'
import { availabilitySignals, header, type EvidenceHeader, type GatherContext } from '../context.js'
import { inboundFlows, outboundFlows } from '../flows.js'
import { apiViaSpl, i18Core, type I18Core } from './core.js'

export interface I18Api {
  id: string
  name: string
  unit_kerja: string
  gateway_id: string
  lifecycle: string
  via_spl: boolean
  calls: number
  consumers: number
  consumer_instansi: number
  uptime_pct: number | null
  sla_availability: number
  sla_p95_ms: number
  months_with_traffic: number
  months_meeting_sla: number
}

/** The evidence of an Indikator 18 report: what the criteria decide on (core.ts) and what the PDF shows besides. */
export interface I18Evidence extends EvidenceHeader, I18Core {
  apis: I18Api[]
  splp_status: 'linked' | 'spl_not_linked' | 'no_spl'
  /** Calls per consumer node and gateway, and per gateway and API: the integration diagram. */
  flows: {
    consumers: Array<{ id: string; label: string; internal: boolean; gateway_id: string; calls: number }>
    apis: Array<{ gateway_id: string; api_id: string; calls: number }>
  }
  sla: Array<{ api: string; api_name: string; month: string; uptime_pct: number | null; meets_sla: boolean | null }>
  /** Calls and integrations (consumer → provider instansi pairs) per WIB month. */
  growth: Array<{ month: string; requests: number; integrations: number; complete: boolean }>
  /** Maintenance windows of the period: their minutes are left out of uptime and SLA (shared/maintenance/). */
  maintenance?: MaintenanceSpan[]
}

export async function gatherI18(ctx: GatherContext): Promise<I18Evidence> {
  const { storage, registers, range, instansi } = ctx
  const code = instansi.code
  const reg = registers.registry
  const signals = availabilitySignals(range)
  const maintenance = await listMaintenance(storage, { instansi: code, fromMs: ctx.period.fromMs, toMs: ctx.period.toMs })
  const [units, ownGateways, allGateways, apiRows, consumers, adopt, graph, sla, inbound, outbound, reviews] = await Promise.all([
    reg.unitKerja.list({ instansi: code }),
    reg.gateways.list({ instansi: code }),
    reg.gateways.list(),
    reg.apis.list({ instansi: code }),
    reg.consumers.list({ instansi: code }),
    adoption(storage, range, 10),
    integrations(storage, range),
    slaCompliance(storage, range, signals),
    inboundFlows(storage, range),
    outboundFlows(storage, range, code),
    registers.reviews.list({ instansi: code, subject: 'spl' }),
  ])
  const splGateways = new Set(allGateways.filter((g) => g.is_spl).map((g) => g.id))
  const usage = new Map(adopt.consumers_per_api.map((a) => [a.api_id, a]))
  // uptime over the period from the monthly SLA rows: minutes are additive, and the minute scan runs once
  const minutes = new Map<string, { active: number; down: number }>()
  for (const m of sla.apis) {
    const t = minutes.get(m.api) ?? minutes.set(m.api, { active: 0, down: 0 }).get(m.api)!
    t.active += m.active_minutes
    t.down += m.down_minutes
  }
  const uptimePct = (api: string) => {
    const t = minutes.get(api)
    return t && t.active > 0 ? (100 * (t.active - t.down)) / t.active : null
  }

  const apis: I18Api[] = apiRows
    .filter((a) => a.lifecycle !== 'retired')
    .map((a) => {
      const months = sla.apis.filter((m) => m.api === a.id)
      return {
        id: a.id,
        name: a.name,
        unit_kerja: a.unit_kerja,
        gateway_id: a.gateway_id,
        lifecycle: a.lifecycle,
        via_spl: apiViaSpl(a, splGateways, inbound),
        calls: usage.get(a.id)?.requests ?? 0,
        consumers: usage.get(a.id)?.consumers ?? 0,
        consumer_instansi: usage.get(a.id)?.consumer_instansi ?? 0,
        uptime_pct: uptimePct(a.id),
        sla_availability: a.sla_availability,
        sla_p95_ms: a.sla_p95_ms,
        months_with_traffic: months.filter((m) => m.meets_sla !== null).length,
        months_meeting_sla: months.filter((m) => m.meets_sla === true).length,
      }
    })
    .sort((x, y) => y.calls - x.calls || x.id.localeCompare(y.id))

  const names = new Map(graph.nodes.map((n) => [n.code, n.name || n.code]))
  const appNames = new Map(consumers.map((c) => [c.id, c.name]))
  const consumerFlows = new Map<string, I18Evidence['flows']['consumers'][number]>()
  for (const f of inbound) {
    const internal = f.consumer_instansi === code && f.consumer_id !== ''
    const id = internal ? `app:${f.consumer_id}` : `instansi:${f.consumer_instansi || '?'}`
    const label = internal ? (appNames.get(f.consumer_id) ?? f.consumer_id) : (names.get(f.consumer_instansi) ?? (f.consumer_instansi || ''))
    const key = `${id}|${f.gateway_id}`
    const row = consumerFlows.get(key) ?? consumerFlows.set(key, { id, label, internal, gateway_id: f.gateway_id, calls: 0 }).get(key)!
    row.calls += f.calls
  }
  const apiFlows = new Map<string, { gateway_id: string; api_id: string; calls: number }>()
  for (const f of inbound.filter((x) => x.api_id !== '')) {
    const key = `${f.gateway_id}|${f.api_id}`
    const row = apiFlows.get(key) ?? apiFlows.set(key, { gateway_id: f.gateway_id, api_id: f.api_id, calls: 0 }).get(key)!
    row.calls += f.calls
  }

  const core = i18Core({
    code,
    gateways: ownGateways,
    splGateways,
    apis,
    units,
    consumers,
    inbound,
    outbound,
    traffic: adopt.traffic,
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, calls: e.calls, apis: e.apis.length })),
    name: (other) => names.get(other) ?? other,
    reviews,
    period: ctx.period,
  })
  return {
    ...header(ctx),
    gateways: core.gateways,
    apis,
    units: core.units,
    traffic: core.traffic,
    splp_status: adopt.splp.find((s) => s.instansi === code)?.status ?? 'no_spl',
    partners: core.partners,
    flows: { consumers: [...consumerFlows.values()], apis: [...apiFlows.values()] },
    sla: sla.apis.map((m) => ({ api: m.api, api_name: m.api_name, month: m.month, uptime_pct: m.uptime_pct, meets_sla: m.meets_sla })),
    growth: adopt.growth.map(({ month, requests, integrations, complete }) => ({ month, requests, integrations, complete })),
    reviews: core.reviews,
    maintenance,
  }
}
