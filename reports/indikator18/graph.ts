/**
 * The integration diagram of Indikator 18 from the evidence: consumers
 * (the instansi's own applications and other instansi) → its gateways (the
 * SPL, and proxies that bypass it) → its APIs; the SPL's link to the
 * national SPLP, and the other instansi SPLs it reaches.
 */
import type { GraphLink, GraphNode, IntegrationGraph } from '../../shared/charts/integration-graph.js'
import { t } from '../../shared/i18n/index.js'
import type { I18Evidence } from './evidence.js'

const SPLP = 'splp'

export function integrationGraph(e: I18Evidence): IntegrationGraph {
  const nodes = new Map<string, GraphNode>()
  const links: GraphLink[] = []
  const add = (n: GraphNode) => void (nodes.has(n.id) || nodes.set(n.id, n))
  const gateways = new Map(e.gateways.map((g) => [g.id, g]))
  const gatewayNode = (id: string) => {
    const g = gateways.get(id)
    add({ id: `gw:${id}`, label: g?.name ?? id, kind: g && !g.is_spl ? 'direct' : 'spl' })
    return `gw:${id}`
  }
  for (const f of e.flows.consumers) {
    add({ id: f.id, label: f.label || t('reports.graph.unknown'), kind: f.internal ? 'app' : 'consumer' })
    links.push({ source: f.id, target: gatewayNode(f.gateway_id), calls: f.calls })
  }
  const apiNames = new Map(e.apis.map((a) => [a.id, a.name]))
  for (const f of e.flows.apis) {
    add({ id: `api:${f.api_id}`, label: apiNames.get(f.api_id) ?? f.api_id, kind: 'api' })
    links.push({ source: gatewayNode(f.gateway_id), target: `api:${f.api_id}`, calls: f.calls })
  }
  // registered gateways without traffic are part of the architecture too
  for (const g of e.gateways) gatewayNode(g.id)
  const linked = e.gateways.filter((g) => g.splp_linked)
  if (linked.length > 0) {
    add({ id: SPLP, label: t('reports.graph.kind.splp'), kind: 'splp' })
    for (const g of linked) links.push({ source: gatewayNode(g.id), target: SPLP, calls: Math.max(1, g.calls) })
  }
  const spl = e.gateways.find((g) => g.is_spl)
  for (const p of e.partners.outbound) {
    add({ id: `prov:${p.code}`, label: p.name, kind: 'provider' })
    const via = linked.length > 0 ? SPLP : spl ? gatewayNode(spl.id) : undefined
    if (via) links.push({ source: via, target: `prov:${p.code}`, calls: p.calls })
  }
  return { nodes: [...nodes.values()], links }
}
