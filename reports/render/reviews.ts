/** The dated record of reviews (reviu) and evaluations (evaluasi), their findings and follow-ups (tindak lanjut). */
import { fmtDate, fmtNumber, t } from '../../shared/i18n/index.js'
import type { Review } from '../../shared/registers/schemas.js'
import { dateMs } from '../period.js'
import { COLORS, type ReportDocument } from './document.js'
import { table } from './table.js'

type ReviewRow = Omit<Review, 'created_at' | 'updated_at'> & { in_period: boolean }

const k = (key: string) => t(`reports.reviews.${key}`)
const day = (d: string | null) => (d ? fmtDate(dateMs(d)) : '–')

export function reviewSection(rd: ReportDocument, number: number, title: string, intro: string, reviews: readonly ReviewRow[]): void {
  rd.heading(`${number}. ${title}`)
  rd.paragraph(intro)
  table(
    rd,
    [
      { header: k('col.date'), width: 0.13, value: (r) => day(r.date) },
      { header: k('col.kind'), width: 0.1, value: (r) => k(`kind.${r.kind}`) },
      { header: k('col.title'), width: 0.3, value: (r) => (r.reviewer ? `${r.title}\n${r.reviewer}` : r.title) },
      { header: k('col.findings'), width: 0.35, value: (r) => (r.findings.length ? r.findings.map((f, i) => `${i + 1}. ${f}`).join('\n') : '–') },
      { header: k('col.period'), width: 0.12, value: (r) => t(r.in_period ? 'yes' : 'no') },
    ],
    reviews,
    { empty: k('none') },
  )

  const followUps = reviews.flatMap((r) => r.follow_ups.map((f) => ({ ...f, review: r })))
  rd.heading(k('follow_ups'), 2)
  const done = followUps.filter((f) => f.status === 'selesai').length
  rd.paragraph(t('reports.reviews.follow_ups.intro', { done: fmtNumber(done), total: fmtNumber(followUps.length) }))
  table(
    rd,
    [
      { header: k('col.review'), width: 0.2, value: (f) => `${day(f.review.date)}\n${k(`kind.${f.review.kind}`)}` },
      { header: k('col.action'), width: 0.32, value: (f) => f.action },
      {
        header: k('col.status'),
        width: 0.1,
        value: (f) => k(`status.${f.status}`),
        color: (f) => (f.status === 'selesai' ? COLORS.good : f.status === 'rencana' ? COLORS.bad : undefined),
        font: 'condBold',
      },
      { header: k('col.due'), width: 0.12, value: (f) => day(f.due) },
      { header: k('col.done'), width: 0.12, value: (f) => day(f.done_at) },
      { header: k('col.evidence'), width: 0.14, value: (f) => f.evidence || '–' },
    ],
    followUps,
    { empty: k('none') },
  )
}
