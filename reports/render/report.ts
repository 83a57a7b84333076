/**
 * Render a report PDF from its metadata, evidence and assessment — nothing
 * else. Rendering the stored inputs of a report again gives the same bytes.
 */
import { t } from '../../shared/i18n/index.js'
import { INDICATORS } from '../indicators.js'
import type { Assessment } from '../types.js'
import { drawCover, indicatorTitle, type ReportMeta } from './common.js'
import { ReportDocument } from './document.js'

/** Bumped when the layout changes, so a stored report says which renderer drew it. */
export const RENDERER = 'pantau-report/1'

export interface RenderInput {
  meta: ReportMeta
  evidence: unknown
  assessment: Assessment
  /** Public base URL of the API (document links). */
  baseUrl: string
}

export async function renderReport({ meta, evidence, assessment, baseUrl }: RenderInput): Promise<{ bytes: Buffer; pages: number }> {
  const rd = new ReportDocument({
    title: `${indicatorTitle(meta.indicator)} — ${meta.instansi.name} — ${meta.period.label}`,
    subject: t('reports.title'),
    keywords: `SPBE, ${t(`reports.indicator.${meta.indicator}`)}, ${meta.instansi.code}, ${meta.period.label}, ${meta.id}, evidence-sha256:${meta.evidenceSha256}`,
    headerLeft: `${t('app.name')} · ${t('reports.title')} · ${t(`reports.indicator.${meta.indicator}`)} · ${meta.period.label}`,
    headerRight: meta.instansi.name,
    reportId: meta.id,
    verifyUrl: meta.verifyUrl,
    generatedAt: meta.generatedAt,
  })
  drawCover(rd, meta, assessment)
  rd.reserveToc()
  await INDICATORS[meta.indicator].render(rd, meta, evidence, assessment, baseUrl)
  return rd.finish()
}
