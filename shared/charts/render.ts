/** Render a Vega-Lite spec to SVG in Node (for PDFs), with the Indonesian or English locale. */
import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import type { Lang } from '../i18n/index.js'
import { NUMBER_LOCALE, TIME_LOCALE } from './locale.js'

export async function renderSvg(spec: TopLevelSpec, lang: Lang = 'id'): Promise<string> {
  vega.formatLocale(NUMBER_LOCALE[lang] as never)
  vega.timeFormatLocale(TIME_LOCALE[lang] as never)
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
