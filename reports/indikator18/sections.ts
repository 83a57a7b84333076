/**
 * The Indikator 18 report body: APIs through the SPL with calls, consumers,
 * uptime and SLA; the monthly SLA chart; the integration architecture;
 * coverage across unit kerja / perangkat daerah; the SPLP connection; the
 * reviews and their follow-ups; and how it was measured.
 */
import { fmtNumber, fmtPercent, t } from '../../shared/i18n/index.js'
import { growthChart } from '../../shared/charts/growth.js'
import { integrationGraphSpec } from '../../shared/charts/integration-graph.js'
import { slaChart } from '../../shared/charts/sla.js'
import { BAD_5XX_SHARE } from '../../shared/metrics/bad-minute.js'
import { drawChart } from '../render/chart.js'
import { drawMethodology, drawSummary, type ReportMeta } from '../render/common.js'
import { maintenanceMethod, maintenanceTable } from '../render/maintenance.js'
import { COLORS, type ReportDocument } from '../render/document.js'
import { table } from '../render/table.js'
import { reviewSection } from '../render/reviews.js'
import type { Assessment } from '../types.js'
import type { I18Api, I18Evidence } from './evidence.js'
import { integrationGraph } from './graph.js'

const n = (x: number) => fmtNumber(x)
const pct = (x: number | null) => (x === null ? '–' : `${fmtNumber(x, 'id', 2)} %`)
const k = (key: string, params?: Record<string, string | number>) => t(`reports.i18.${key}`, params)

function apiTable(rd: ReportDocument, apis: I18Api[], e: I18Evidence): void {
  const units = new Map(e.units.map((u) => [u.code, u.name]))
  const gateways = new Map(e.gateways.map((g) => [g.id, g.name]))
  table(
    rd,
    [
      { header: k('col.api'), width: 0.22, value: (a) => `${a.name}\n${a.id}` },
      { header: k('col.unit'), width: 0.15, value: (a) => units.get(a.unit_kerja) ?? (a.unit_kerja || '–') },
      { header: k('col.gateway'), width: 0.13, value: (a) => gateways.get(a.gateway_id) ?? (a.gateway_id || '–') },
      { header: k('col.calls'), width: 0.1, align: 'right', value: (a) => n(a.calls) },
      { header: k('col.consumers'), width: 0.11, align: 'right', value: (a) => `${n(a.consumers)} / ${n(a.consumer_instansi)}` },
      { header: k('col.uptime'), width: 0.13, align: 'right', value: (a) => pct(a.uptime_pct) },
      {
        header: k('col.sla'),
        width: 0.16,
        value: (a) => `${pct(a.sla_availability)}, p95 ≤ ${n(a.sla_p95_ms)} ms\n${k('sla_months', { met: a.months_meeting_sla, of: a.months_with_traffic })}`,
        color: (a) => (a.months_with_traffic > 0 && a.months_meeting_sla < a.months_with_traffic ? COLORS.bad : undefined),
      },
    ],
    apis,
    { empty: k('none') },
  )
}

export async function renderI18(rd: ReportDocument, meta: ReportMeta, e: I18Evidence, assessment: Assessment): Promise<void> {
  drawSummary(rd, meta, assessment)

  const through = e.apis.filter((a) => a.via_spl)
  const bypass = e.apis.filter((a) => !a.via_spl)
  rd.heading(`2. ${k('apis')}`)
  rd.paragraph(k('apis.intro', { n: n(through.length), total: n(e.apis.length), calls: n(e.traffic.via_spl), share: fmtPercent(e.traffic.spl_share) }))
  apiTable(rd, through, e)
  if (bypass.length > 0) {
    rd.heading(k('bypass'), 2)
    rd.paragraph(k('bypass.intro', { n: n(bypass.length), calls: n(e.traffic.direct) }))
    apiTable(rd, bypass, e)
  }

  rd.heading(`3. ${k('sla')}`)
  rd.paragraph(k('sla.intro', { share: n(BAD_5XX_SHARE * 100) }))
  const order = new Map(e.apis.map((a, i) => [a.id, i]))
  const cells = e.sla.filter((c) => order.has(c.api)).sort((a, b) => order.get(a.api)! - order.get(b.api)! || a.month.localeCompare(b.month))
  if (cells.length > 0) await drawChart(rd, slaChart(cells, { lang: 'id', width: 380 }))
  else rd.note(k('none'))
  maintenanceTable(rd, e.maintenance ?? [])

  rd.heading(`4. ${k('architecture')}`)
  rd.paragraph(k('architecture.intro'))
  await drawChart(rd, integrationGraphSpec(integrationGraph(e), { lang: 'id', width: rd.contentWidth }))
  rd.note(k('architecture.note'))

  rd.heading(`5. ${k('coverage')}`)
  const applied = e.units.filter((u) => u.applied).length
  rd.paragraph(k('coverage.intro', { applied: n(applied), total: n(e.units.length) }))
  table(
    rd,
    [
      { header: k('col.unit'), width: 0.34, value: (u) => u.name },
      { header: k('col.apis'), width: 0.12, align: 'right', value: (u) => `${n(u.apis_spl)} / ${n(u.apis)}` },
      { header: k('col.calls_spl'), width: 0.14, align: 'right', value: (u) => n(u.calls_spl) },
      { header: k('col.apps'), width: 0.1, align: 'right', value: (u) => n(u.apps) },
      { header: k('col.app_calls'), width: 0.15, align: 'right', value: (u) => n(u.app_calls_spl) },
      {
        header: k('col.applied'),
        width: 0.15,
        value: (u) => t(u.applied ? 'yes' : 'no'),
        color: (u) => (u.applied ? COLORS.good : COLORS.bad),
        font: 'condBold',
      },
    ],
    e.units,
    { empty: k('none') },
  )

  rd.heading(`6. ${k('splp')}`)
  rd.paragraph(k(`splp.status.${e.splp_status}`))
  rd.keyValues(
    [
      [k('splp.requests'), n(e.traffic.requests)],
      [k('splp.via_spl'), `${n(e.traffic.via_spl)} (${fmtPercent(e.traffic.spl_share)})`],
      [k('splp.direct'), n(e.traffic.direct)],
      [k('splp.via_splp'), n(e.traffic.via_splp_linked)],
    ],
    220,
  )
  if (e.growth.some((m) => m.requests > 0)) {
    rd.paragraph(k('growth'))
    await drawChart(rd, growthChart(e.growth, { lang: 'id', width: rd.contentWidth, height: 150 }))
  }
  table(
    rd,
    [
      { header: k('col.gateway'), width: 0.4, value: (g) => `${g.name}\n${g.id}` },
      { header: k('col.product'), width: 0.14, value: (g) => g.product },
      { header: k('col.is_spl'), width: 0.12, value: (g) => t(g.is_spl ? 'yes' : 'no') },
      { header: k('col.splp'), width: 0.16, value: (g) => t(g.splp_linked ? 'yes' : 'no'), color: (g) => (g.splp_linked ? COLORS.good : undefined) },
      { header: k('col.calls'), width: 0.18, align: 'right', value: (g) => n(g.calls) },
    ],
    e.gateways,
    { empty: k('none') },
  )
  for (const side of ['inbound', 'outbound'] as const) {
    rd.heading(k(`partners.${side}`), 2)
    table(
      rd,
      [
        { header: k('col.instansi'), width: 0.6, value: (p) => `${p.name} (${p.code})` },
        { header: k('col.apis'), width: 0.15, align: 'right', value: (p) => n(p.apis) },
        { header: k('col.calls'), width: 0.25, align: 'right', value: (p) => n(p.calls) },
      ],
      e.partners[side],
      { empty: k('none') },
    )
  }

  reviewSection(rd, 7, k('reviews'), k('reviews.intro'), e.reviews)
  drawMethodology(rd, 8, [
    k('method.traffic'),
    k('method.spl'),
    k('method.uptime', { share: n(BAD_5XX_SHARE * 100) }),
    maintenanceMethod(e.maintenance ?? []),
    k('method.coverage'),
    k('method.reviews'),
    t('reports.method.integrity'),
  ])
}
