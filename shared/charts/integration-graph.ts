/**
 * The integration architecture of one instansi as a drawn node-link
 * diagram: consuming applications / instansi → the instansi SPL (and any
 * point-to-point proxy bypassing it) → its APIs; above, the national SPLP
 * the SPL connects to and the other instansi SPLs reached through it. The
 * layered layout is computed here; Vega-Lite only draws it (rule layers for
 * links, point and text layers for nodes), on identity scales.
 */
import type { TopLevelSpec } from 'vega-lite'
import { t } from '../i18n/index.js'
import type { ChartOptions } from './types.js'

export type GraphNodeKind = 'consumer' | 'app' | 'spl' | 'direct' | 'splp' | 'api' | 'provider'
export interface GraphNode {
  id: string
  label: string
  kind: GraphNodeKind
}
export interface GraphLink {
  source: string
  target: string
  calls: number
}
export interface IntegrationGraph {
  nodes: GraphNode[]
  links: GraphLink[]
}

/** Column (0 left … 2 right) and zone (top: national level, main: the instansi) of each kind. */
const PLACE: Record<GraphNodeKind, { col: 0 | 1 | 2; zone: 'top' | 'main'; shape: string; color: string }> = {
  consumer: { col: 0, zone: 'main', shape: 'circle', color: '#00897b' },
  app: { col: 0, zone: 'main', shape: 'circle', color: '#4db6ac' },
  spl: { col: 1, zone: 'main', shape: 'square', color: '#1f3a5f' },
  direct: { col: 1, zone: 'main', shape: 'square', color: '#c62828' },
  splp: { col: 1, zone: 'top', shape: 'diamond', color: '#6a1b9a' },
  provider: { col: 2, zone: 'top', shape: 'square', color: '#ab47bc' },
  api: { col: 2, zone: 'main', shape: 'circle', color: '#ef6c00' },
}
const KINDS = Object.keys(PLACE) as GraphNodeKind[]
const ROW = 17
const LABEL_ROOM = 150
const LABEL_CHARS = 38
const MAX_PER_COLUMN = { main: 14, top: 6 }

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`)

/** Keep the busiest nodes of each (zone, column); fold the rest into one "n more" node per column. */
function cap(graph: IntegrationGraph, lang: ChartOptions['lang']): IntegrationGraph {
  const weight = new Map<string, number>()
  for (const l of graph.links) for (const id of [l.source, l.target]) weight.set(id, (weight.get(id) ?? 0) + l.calls)
  const rename = new Map<string, string>()
  const nodes: GraphNode[] = []
  for (const zone of ['top', 'main'] as const)
    for (const col of [0, 1, 2]) {
      const group = graph.nodes.filter((n) => PLACE[n.kind].zone === zone && PLACE[n.kind].col === col)
      group.sort((a, b) => (weight.get(b.id) ?? 0) - (weight.get(a.id) ?? 0) || a.label.localeCompare(b.label))
      const max = MAX_PER_COLUMN[zone]
      const kept = group.length > max ? group.slice(0, max - 1) : group
      nodes.push(...kept)
      if (group.length > kept.length) {
        const rest = group.slice(kept.length)
        const id = `more:${zone}:${col}`
        nodes.push({ id, kind: rest[0].kind, label: t('reports.graph.more', { n: rest.length }, lang) })
        for (const n of rest) rename.set(n.id, id)
      }
    }
  const merged = new Map<string, GraphLink>()
  for (const l of graph.links) {
    const link = { source: rename.get(l.source) ?? l.source, target: rename.get(l.target) ?? l.target, calls: l.calls }
    const key = `${link.source}>${link.target}`
    const prev = merged.get(key)
    if (prev) prev.calls += link.calls
    else merged.set(key, link)
  }
  return { nodes, links: [...merged.values()] }
}

/** Node positions in pixels (y down) and the size of the drawing. */
export function layoutIntegrationGraph(input: IntegrationGraph, opts: ChartOptions) {
  const graph = cap(input, opts.lang)
  const width = opts.width ?? 480
  // room for the labels left of the consumers and right of the APIs
  const colX = [LABEL_ROOM, width / 2, width - LABEL_ROOM]
  const count = (zone: 'top' | 'main', col: number) => graph.nodes.filter((n) => PLACE[n.kind].zone === zone && PLACE[n.kind].col === col).length
  const topRows = graph.nodes.some((n) => PLACE[n.kind].zone === 'top') ? Math.max(1, ...[0, 1, 2].map((c) => count('top', c))) : 0
  const mainRows = Math.max(2, ...[0, 1, 2].map((c) => count('main', c)))
  const topStart = 18
  const mainStart = topRows ? topStart + topRows * ROW + 34 : topStart
  const height = mainStart + mainRows * ROW + 6
  const seen = new Map<string, number>()
  const placed = graph.nodes.map((n) => {
    const { col, zone } = PLACE[n.kind]
    const key = `${zone}${col}`
    const i = seen.get(key) ?? 0
    seen.set(key, i + 1)
    const rows = zone === 'top' ? topRows : mainRows
    const slot = (rows * ROW) / count(zone, col)
    const y = (zone === 'top' ? topStart : mainStart) + (i + 0.5) * slot
    const gateway = col === 1 && zone === 'main'
    const label = gateway ? n.label.replace(/ \(/, '\n(') : clip(n.label, LABEL_CHARS)
    return {
      ...n,
      x: colX[col],
      y,
      col,
      label,
      align: col === 0 ? 'right' : col === 2 ? 'left' : 'center',
      kindLabel: t(`reports.graph.kind.${n.kind}`, {}, opts.lang),
    }
  })
  const at = new Map(placed.map((p) => [p.id, p]))
  const max = Math.max(1, ...graph.links.map((l) => l.calls))
  const links = graph.links
    .filter((l) => at.has(l.source) && at.has(l.target))
    .map((l) => {
      const [s, d] = [at.get(l.source)!, at.get(l.target)!]
      const kind = s.kind === 'direct' || d.kind === 'direct' ? 'bypass' : s.kind === 'splp' || d.kind === 'splp' ? 'splp' : 'traffic'
      return { x: s.x, y: s.y, x2: d.x, y2: d.y, w: 0.6 + 4.4 * Math.sqrt(l.calls / max), kind, dashed: kind === 'splp' }
    })
  const headers = [
    ...(topRows ? [{ x: colX[1], y: topStart - 12, text: t('reports.graph.head.national', {}, opts.lang) }] : []),
    { x: colX[0] - LABEL_ROOM / 2, y: mainStart - 12, text: t('reports.graph.head.consumers', {}, opts.lang) },
    { x: colX[1], y: mainStart - 12, text: t('reports.graph.head.gateways', {}, opts.lang) },
    { x: colX[2] + LABEL_ROOM / 2, y: mainStart - 12, text: t('reports.graph.head.apis', {}, opts.lang) },
  ]
  return { width, height, nodes: placed, links, headers }
}

export function integrationGraphSpec(graph: IntegrationGraph, opts: ChartOptions): TopLevelSpec {
  const { width, height, nodes, links, headers } = layoutIntegrationGraph(graph, opts)
  const x = (field: string) => ({ field, type: 'quantitative', scale: { domain: [0, width], nice: false, zero: false }, axis: null })
  const y = (field: string) => ({ field, type: 'quantitative', scale: { domain: [height, 0], nice: false, zero: false }, axis: null })
  const linkColor = {
    condition: [
      { test: "datum.kind === 'bypass'", value: '#e57373' },
      { test: "datum.kind === 'splp'", value: '#9c64b5' },
    ],
    value: '#9fb3c8',
  }
  const label = (align: string, dx: number, dy = 0) => ({
    transform: [{ filter: `datum.align === '${align}'` }],
    mark: { type: 'text', align, dx, dy, fontSize: 7.5, baseline: 'middle', lineBreak: '\n', color: '#1d2733' },
    encoding: { x: x('x'), y: y('y'), text: { field: 'label' } },
  })
  const used = KINDS.filter((k) => nodes.some((n) => n.kind === k))
  const legend = used.map((k) => t(`reports.graph.kind.${k}`, {}, opts.lang))
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(opts.title ? { title: opts.title } : {}),
    width,
    height,
    config: { font: 'sans-serif', view: { stroke: null }, legend: { labelFontSize: 7.5, symbolSize: 60 } },
    layer: [
      {
        data: { values: links.filter((l) => !l.dashed) },
        mark: { type: 'rule', opacity: 0.75 },
        encoding: {
          x: x('x'),
          y: y('y'),
          x2: { field: 'x2' },
          y2: { field: 'y2' },
          strokeWidth: { field: 'w', type: 'quantitative', scale: null },
          color: linkColor,
        },
      },
      {
        data: { values: links.filter((l) => l.dashed) },
        mark: { type: 'rule', strokeDash: [4, 3], opacity: 0.85 },
        encoding: { x: x('x'), y: y('y'), x2: { field: 'x2' }, y2: { field: 'y2' }, strokeWidth: { value: 1.4 }, color: linkColor },
      },
      {
        data: { values: nodes },
        layer: [
          {
            mark: { type: 'point', filled: true, opacity: 1, size: 90, stroke: '#ffffff', strokeWidth: 1 },
            encoding: {
              x: x('x'),
              y: y('y'),
              // color and shape share the field and title: one legend shows both
              shape: { field: 'kindLabel', type: 'nominal', title: null, scale: { domain: legend, range: used.map((k) => PLACE[k].shape) } },
              color: {
                field: 'kindLabel',
                type: 'nominal',
                title: null,
                scale: { domain: legend, range: used.map((k) => PLACE[k].color) },
                legend: { orient: 'bottom', direction: 'horizontal', columns: 4, labelLimit: 220 },
              },
            },
          },
          label('right', -7),
          label('left', 7),
          label('center', 0, 15),
        ],
      },
      {
        data: { values: headers },
        mark: { type: 'text', fontSize: 8, fontWeight: 'bold', color: '#5b6775', align: 'center' },
        encoding: { x: x('x'), y: y('y'), text: { field: 'text' } },
      },
    ],
  } as TopLevelSpec
}
