/**
 * The Indikator 7 report body: the register of internal policy documents
 * (each with its stored file and digest), the check of their scope against
 * what the indicator expects, the implementation evidence (integration
 * through the SPL, conformance to the Permenkomdigi 3/2025 standards, month
 * by month), the reviews of the policy, and how it was measured.
 */
import { fmtDate, fmtNumber, fmtPercent, t } from '../../shared/i18n/index.js'
import { CHECKS, READY_SHARE } from '../../shared/metrics/compliance.js'
import { drawMethodology, drawSummary, type ReportMeta } from '../render/common.js'
import { COLORS, type ReportDocument } from '../render/document.js'
import { reviewSection } from '../render/reviews.js'
import { table } from '../render/table.js'
import { dateMs } from '../period.js'
import type { Assessment } from '../types.js'
import type { Conformance, I7Evidence, I7Policy } from './evidence.js'
import { SCOPE_ITEMS } from '../../shared/registers/policy-scope.js'

const n = (x: number) => fmtNumber(x)
const k = (key: string, params?: Record<string, string | number>) => t(`reports.i7.${key}`, params)
/** 'YYYY-MM' → 'Januari 2025'. */
const monthName = (month: string) =>
  new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`))

function status(p: I7Policy): string {
  if (p.status === 'enacted') return p.in_force ? k('status.in_force') : k('status.replaced')
  return k(`status.${p.status}`)
}

export async function renderI7(
  rd: ReportDocument,
  meta: ReportMeta,
  e: I7Evidence,
  assessment: Assessment,
  documentUrl: (id: string) => string,
): Promise<void> {
  drawSummary(rd, meta, assessment)

  rd.heading(`2. ${k('register')}`)
  rd.paragraph(k('register.intro', { n: n(e.policies.length) }))
  const scopeText = new Map<string, string>(SCOPE_ITEMS.map((s) => [s.id, s.text]))
  table(
    rd,
    [
      { header: k('col.policy'), width: 0.28, value: (p) => `${p.number || k('no_number')}\n${p.title}\n${p.id}` },
      { header: k('col.date'), width: 0.11, value: (p) => fmtDate(dateMs(p.date)) },
      { header: k('col.status'), width: 0.12, value: status, color: (p) => (p.in_force ? COLORS.good : undefined), font: 'condBold' },
      { header: k('col.scope'), width: 0.25, value: (p) => (p.scope.length ? p.scope.map((s) => `• ${scopeText.get(s) ?? s}`).join('\n') : '–') },
      {
        header: k('col.document'),
        width: 0.24,
        value: (p) => (p.document ? `${p.document.name} (${n(Math.ceil(p.document.size / 1024))} KB)\nSHA-256 ${p.document.sha256}` : k('no_document')),
        color: (p) => (p.document ? undefined : COLORS.bad),
      },
    ],
    e.policies,
    { empty: k('none') },
  )
  const withFile = e.policies.filter((p) => p.document)
  if (withFile.length > 0) rd.note(k('register.files', { url: documentUrl('{id}') }))

  rd.heading(`3. ${k('scope')}`)
  rd.paragraph(k('scope.intro'))
  const inForce = e.policies.filter((p) => p.in_force && p.document)
  table(
    rd,
    [
      { header: k('col.scope_item'), width: 0.42, value: (s) => s.text },
      { header: k('col.level'), width: 0.08, align: 'center', value: (s) => String(s.level) },
      {
        header: k('col.covered_by'),
        width: 0.35,
        value: (s) =>
          inForce
            .filter((p) => (p.scope as string[]).includes(s.id))
            .map((p) => p.number || p.title)
            .join('\n') || '–',
      },
      {
        header: k('col.covered'),
        width: 0.15,
        value: (s) => t(inForce.some((p) => (p.scope as string[]).includes(s.id)) ? 'yes' : 'no'),
        color: (s) => (inForce.some((p) => (p.scope as string[]).includes(s.id)) ? COLORS.good : COLORS.bad),
        font: 'condBold',
      },
    ],
    SCOPE_ITEMS,
  )

  const im = e.implementation
  rd.heading(`4. ${k('implementation')}`)
  rd.paragraph(k('implementation.intro'))
  rd.keyValues(
    [
      [k('impl.requests'), n(im.requests)],
      [k('impl.via_spl'), `${n(im.via_spl)} (${fmtPercent(im.spl_share)})`],
      [k('impl.apis'), `${n(im.apis_via_spl)} / ${n(im.apis)} (${fmtPercent(im.apis ? im.apis_via_spl / im.apis : null)})`],
      [k('impl.level'), im.conformance ? `${t(`level.${im.conformance.level}`)} (${k('impl.ready', { share: fmtPercent(READY_SHARE, 'id', 0) })})` : '–'],
    ],
    220,
  )
  rd.heading(k('conformance'), 2)
  const share = (c: Conformance | null, id: string) => fmtPercent(c?.pass_share[id] ?? null)
  table(
    rd,
    [
      { header: k('col.check'), width: 0.36, value: (c) => t(`check.${c.id}`) },
      { header: 'Pasal', width: 0.1, value: (c) => c.pasal },
      { header: k('col.tier'), width: 0.12, value: (c) => t(`level.${c.level}`) },
      { header: k('col.pass_share'), width: 0.14, align: 'right', value: (c) => share(im.conformance, c.id) },
      ...im.trend.map((m) => ({
        header: k('col.pass_share_month', { month: monthName(m.month) }),
        width: 0.28 / im.trend.length,
        align: 'right' as const,
        value: (c: (typeof CHECKS)[number]) => share(m.conformance, c.id),
      })),
    ],
    CHECKS,
  )
  if (im.trend.length > 0)
    rd.note(k('trend.levels', { levels: im.trend.map((m) => `${monthName(m.month)}: ${m.conformance ? t(`level.${m.conformance.level}`) : '–'}`).join('; ') }))
  rd.heading(k('monthly'), 2)
  table(
    rd,
    [
      { header: k('col.month'), width: 0.25, value: (m) => monthName(m.month) },
      { header: k('col.requests'), width: 0.25, align: 'right', value: (m) => n(m.requests) },
      { header: k('col.via_spl'), width: 0.25, align: 'right', value: (m) => n(m.via_spl) },
      { header: k('col.spl_share'), width: 0.25, align: 'right', value: (m) => fmtPercent(m.spl_share) },
    ],
    im.monthly,
  )

  reviewSection(rd, 5, k('reviews'), k('reviews.intro'), e.reviews)
  drawMethodology(rd, 6, [
    k('method.register'),
    k('method.scope'),
    k('method.implementation', { share: fmtPercent(READY_SHARE, 'id', 0) }),
    k('method.reviews'),
    t('reports.method.integrity'),
  ])
}
