/**
 * The two indicators a report can be about, each as its criteria, its
 * evidence gathering and its report body. Adding an indicator means adding
 * an entry here.
 */
import type { GatherContext } from './context.js'
import { I7_CRITERIA } from './indikator7/criteria.js'
import { gatherI7, type I7Evidence } from './indikator7/evidence.js'
import { renderI7 } from './indikator7/sections.js'
import { I18_CRITERIA } from './indikator18/criteria.js'
import { gatherI18, type I18Evidence } from './indikator18/evidence.js'
import { renderI18 } from './indikator18/sections.js'
import type { ReportMeta } from './render/common.js'
import type { ReportDocument } from './render/document.js'
import type { Assessment, Criterion, Indicator } from './types.js'

export interface IndicatorSpec<E> {
  criteria: ReadonlyArray<Criterion<E>>
  gather(ctx: GatherContext): Promise<E>
  /** The body after the cover and the table of contents; `baseUrl` is where Pantau's API is reached. */
  render(rd: ReportDocument, meta: ReportMeta, evidence: E, assessment: Assessment, baseUrl: string): Promise<void>
}

const i7: IndicatorSpec<I7Evidence> = {
  criteria: I7_CRITERIA,
  gather: gatherI7,
  render: (rd, meta, e, a, baseUrl) => renderI7(rd, meta, e, a, (id) => `${baseUrl}/v1/policies/${id}/document`),
}

const i18: IndicatorSpec<I18Evidence> = {
  criteria: I18_CRITERIA,
  gather: gatherI18,
  render: renderI18,
}

// method syntax keeps the evidence parameter bivariant: each spec fits IndicatorSpec<unknown>
export const INDICATORS: Record<Indicator, IndicatorSpec<unknown>> = { i7, i18 }
