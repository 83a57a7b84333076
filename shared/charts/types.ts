/**
 * A chart is a pure function from rows and options to a Vega-Lite spec. The
 * same builders draw the dashboards (in the browser, through vega-embed) and
 * the PDF reports (in Node, through dashboards/render.ts).
 */
import type { TopLevelSpec } from 'vega-lite'
import type { Lang } from '../i18n/index.js'

/** The requests behind a bucket or bar, as Jelajah filters (times ISO 8601). */
export interface ExploreQuery {
  start?: string
  end?: string
  status?: string
  status_class?: string
  client_address?: string
}

export interface ChartOptions {
  lang: Lang
  width?: number
  height?: number
  title?: string
  /** Bucket size of a time series (ms): empty buckets are drawn as zero. */
  stepMs?: number
  /** The dashboards: each bucket or bar links to its requests in Jelajah (PDFs pass none). */
  explore?: (q: ExploreQuery) => string
}

export type ChartBuilder<Row> = (rows: Row[], opts: ChartOptions) => TopLevelSpec
