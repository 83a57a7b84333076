/**
 * The parts every report has: the cover (instansi, indicator, period,
 * generation time, report id, evidence digest, the verification QR code)
 * and the summary (the supported level, and each criterion met or not with
 * its data and reason).
 */
import { fmtDateTime, t } from '../../shared/i18n/index.js'
import { periodText } from '../period.js'
import type { Assessment, Indicator, Period, Trigger } from '../types.js'
import { COLORS, PAGE, type ReportDocument } from './document.js'
import { drawQr } from './qr.js'
import { table } from './table.js'

/** What the cover and the running header say about the report. */
export interface ReportMeta {
  id: string
  indicator: Indicator
  instansi: { code: string; name: string; kind: string }
  period: Period
  generatedAt: number
  trigger: Trigger
  evidenceSha256: string
  verifyUrl: string
}

export const levelName = (level: number) => t(`reports.level.${level}`)
export const indicatorTitle = (i: Indicator) => `${t(`reports.indicator.${i}`)} — ${t(`reports.indicator.${i}.name`)}`

export function drawCover(rd: ReportDocument, meta: ReportMeta, assessment: Assessment): void {
  const { doc } = rd
  const w = rd.contentWidth
  doc.save().rect(0, 0, PAGE.width, 150).fill(COLORS.brand).restore()
  rd.font('bold', 12, '#cfe0f5').doc.text(t('app.name').toUpperCase(), PAGE.left, 46, { width: w, characterSpacing: 2 })
  rd.font('bold', 20, '#ffffff').doc.text(t('reports.title'), PAGE.left, 66, { width: w })
  rd.font('body', 10.5, '#dce7f3').doc.text(t('app.tagline'), PAGE.left, 98, { width: w })

  rd.font('bold', 15, COLORS.brand).doc.text(t(`reports.indicator.${meta.indicator}`), PAGE.left, 180, { width: w })
  rd.font('body', 12.5, COLORS.ink).doc.text(t(`reports.indicator.${meta.indicator}.name`), { width: w })
  doc.moveDown(0.8)
  rd.font('bold', 17, COLORS.ink).doc.text(meta.instansi.name, { width: w })
  rd.font('body', 10, COLORS.muted).doc.text(`${t(`kind.${meta.instansi.kind}`)} · ${meta.instansi.code}`, { width: w })
  doc.moveDown(1.2)
  rd.rule()
  doc.moveDown(0.4)
  rd.keyValues([
    [t('reports.cover.period'), `${periodText(meta.period)} (${meta.period.label})`],
    [t('reports.cover.level'), `Level ${assessment.level} – ${levelName(assessment.level)}`],
    [t('reports.cover.generated'), `${fmtDateTime(meta.generatedAt)} (${t(`reports.cover.trigger.${meta.trigger}`)})`],
    [t('reports.cover.id'), meta.id],
  ])
  rd.keyValues([[t('reports.cover.digest'), meta.evidenceSha256]], 150, 'mono', 8.5)

  const boxTop = Math.max(doc.y + 10, 520)
  const qr = 112
  doc
    .save()
    .roundedRect(PAGE.left, boxTop, w, qr + 24, 6)
    .lineWidth(0.8)
    .strokeColor(COLORS.rule)
    .stroke()
    .restore()
  drawQr(doc, meta.verifyUrl, PAGE.left + 12, boxTop + 12, qr)
  const tx = PAGE.left + qr + 28
  const tw = w - qr - 40
  rd.font('bold', 11, COLORS.brand).doc.text(t('reports.cover.verify'), tx, boxTop + 16, { width: tw })
  rd.font('mono', 8.5, COLORS.ink).doc.text(meta.verifyUrl, tx, doc.y + 4, { width: tw, link: meta.verifyUrl })
  rd.font('body', 8.5, COLORS.muted).doc.text(t('reports.cover.verify_text'), tx, doc.y + 6, { width: tw, lineGap: 1 })
  rd.font('body', 8.5, COLORS.muted).doc.text(t('reports.cover.about'), PAGE.left, boxTop + qr + 40, { width: w, lineGap: 1 })
}

export function drawSummary(rd: ReportDocument, meta: ReportMeta, assessment: Assessment): void {
  rd.heading(`1. ${t('reports.summary')}`)
  const { doc } = rd
  const top = doc.y
  doc
    .save()
    .roundedRect(PAGE.left, top, rd.contentWidth, 44, 5)
    .fill(assessment.level >= 3 ? '#e8f3ec' : '#fdf3e6')
    .restore()
  rd.font('bold', 20, COLORS.brand).doc.text(`Level ${assessment.level}`, PAGE.left + 14, top + 11, { width: 110 })
  rd.font('bold', 12, COLORS.ink).doc.text(levelName(assessment.level), PAGE.left + 120, top + 9, { width: rd.contentWidth - 134 })
  rd.font('body', 8.5, COLORS.muted).doc.text(
    `${t(`reports.indicator.${meta.indicator}`)} · ${meta.instansi.name} · ${meta.period.label}`,
    PAGE.left + 120,
    doc.y + 1,
    { width: rd.contentWidth - 134 },
  )
  doc.y = top + 54
  rd.paragraph(t('reports.summary.intro', { indicator: t(`reports.indicator.${meta.indicator}`), level: assessment.level, name: levelName(assessment.level) }))
  const rows = assessment.levels.flatMap((l) => l.criteria.map((c) => ({ ...c, levelReached: l.reached })))
  table(
    rd,
    [
      { header: t('reports.col.level'), width: 0.1, value: (r) => `${r.level}\n${levelName(r.level)}`, font: 'condBold' },
      { header: t('reports.col.criterion'), width: 0.28, value: (r) => r.text },
      {
        header: t('reports.col.status'),
        width: 0.11,
        value: (r) => t(r.met ? 'reports.status.met' : 'reports.status.not_met'),
        color: (r) => (r.met ? COLORS.good : COLORS.bad),
        font: 'condBold',
      },
      { header: t('reports.col.data'), width: 0.23, value: (r) => r.data },
      { header: t('reports.col.reason'), width: 0.28, value: (r) => r.reason },
    ],
    rows,
  )
}

/** The closing section: how every number was computed, and where it came from. */
export function drawMethodology(rd: ReportDocument, number: number, paragraphs: readonly string[]): void {
  rd.heading(`${number}. ${t('reports.methodology')}`)
  for (const p of paragraphs) rd.paragraph(p, { size: 8.5 })
}
