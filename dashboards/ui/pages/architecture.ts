/**
 * The integration architecture of one instansi (for the Adopsi page), built
 * from the metrics the API serves and drawn by the reports' integration-graph
 * spec: consumers → the instansi's gateways (SPL or direct) → its APIs, and
 * the SPL → SPLP → provider instansi it consumes from.
 */
import type { GatewayRow } from '../api-client.js'
import { tr } from '../i18n.js'
import type { GraphLink, GraphNode, IntegrationGraph } from '../../../shared/charts/integration-graph.js'
import type { Adoption, AvailabilityApi, Integrations } from '../types.js'

export interface ArchitectureInput {
  code: string
  integrations: Integrations
  apis: AvailabilityApi[]
  gateways: GatewayRow[]
  adoption: Adoption
  name: (code: string) => string
}

export function architecture(x: ArchitectureInput): IntegrationGraph {
  const nodes = new Map<string, GraphNode>()
  const links = new Map<string, GraphLink>()
  const node = (id: string, label: string, kind: GraphNode['kind']) => nodes.get(id) ?? (nodes.set(id, { id, label, kind }), nodes.get(id)!)
  const link = (source: string, target: string, calls: number) => {
    if (calls <= 0) return
    const key = `${source}>${target}`
    const l = links.get(key)
    if (l) l.calls += calls
    else links.set(key, { source, target, calls })
  }
  const gateways = x.gateways.filter((g) => g.instansi === x.code)
  for (const g of gateways) node(`g:${g.id}`, g.name, g.is_spl ? 'spl' : 'direct')
  const apis = x.apis.filter((a) => a.instansi === x.code && a.requests > 0)
  // The gateway(s) that served each API, with their share of its requests (evenly when several).
  const served = new Map<string, string[]>()
  for (const a of apis) {
    const gws = a.gateways.filter((id) => nodes.has(`g:${id}`))
    served.set(a.api, gws)
    node(`a:${a.api}`, a.api_name || a.api, 'api')
    for (const gw of gws) link(`g:${gw}`, `a:${a.api}`, a.requests / gws.length)
  }
  for (const e of x.integrations.edges) {
    if (e.to === x.code) {
      const id = `c:${e.from}`
      node(id, e.from === x.code ? tr('ui.arch.own_apps') : x.name(e.from), e.from === x.code ? 'app' : 'consumer')
      const via = [...new Set(e.apis.flatMap((a) => served.get(a.id) ?? []))]
      for (const gw of via.length ? via : gateways.slice(0, 1).map((g) => g.id)) link(id, `g:${gw}`, e.calls / Math.max(1, via.length))
    }
  }
  const splp = x.adoption.splp.find((s) => s.instansi === x.code)
  const spl = gateways.find((g) => g.is_spl && g.splp_linked) ?? gateways.find((g) => g.is_spl)
  if (spl && splp?.status === 'linked') {
    node('splp', tr('ui.arch.splp'), 'splp')
    for (const e of x.integrations.edges) {
      if (e.from !== x.code || e.to === x.code) continue
      node(`p:${e.to}`, x.name(e.to), 'provider')
      link(`g:${spl.id}`, 'splp', e.calls)
      link('splp', `p:${e.to}`, e.calls)
    }
  }
  const used = new Set([...links.values()].flatMap((l) => [l.source, l.target]))
  return {
    nodes: [...nodes.values()].filter((n) => used.has(n.id) || n.kind === 'spl'),
    links: [...links.values()].map((l) => ({ ...l, calls: Math.round(l.calls) })),
  }
}
