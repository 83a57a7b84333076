/**
 * Charts: a Vega-Lite spec drawn by vega-embed (the browser builds served
 * from node_modules, loaded as globals) with the Indonesian or English
 * number and time locale. Views are finalized when the page changes.
 */
import type { EmbedOptions, Result, VisualizationSpec } from 'vega-embed'
import type { TopLevelSpec } from 'vega-lite'
import { NUMBER_LOCALE, TIME_LOCALE } from '../../../shared/charts/locale.js'
import { digest } from '../dom.js'
import { getLang } from '../i18n.js'

declare global {
  interface Window {
    vegaEmbed: (el: HTMLElement, spec: VisualizationSpec, opts?: EmbedOptions) => Promise<Result>
  }
}

const views = new Set<Result>()

type Data = { data?: { values?: unknown[] }; layer?: Data[] }

/** The data rows of a spec: its inline values, or else those of its layers. */
export function specRows(spec: TopLevelSpec): unknown[] {
  const walk = (s: Data): unknown[] => s.data?.values ?? (s.layer ?? []).flatMap(walk)
  return walk(spec as Data)
}

/**
 * Draw `spec` into `el`, keeping its data row count and a digest of the data
 * on the element. `zoom` enlarges specs sized for print (the PDF reports' own).
 * The embed result is returned for pages that listen to the view (a brush).
 */
export async function drawChart(el: HTMLElement, spec: TopLevelSpec, zoom = 1): Promise<Result> {
  const lang = getLang()
  const values = specRows(spec)
  el.classList.add('chart')
  el.dataset.rows = String(values.length)
  el.dataset.digest = digest(values)
  const result = await window.vegaEmbed(el, spec as VisualizationSpec, {
    actions: false,
    renderer: 'svg',
    formatLocale: NUMBER_LOCALE[lang] as Record<string, unknown>,
    timeFormatLocale: TIME_LOCALE[lang] as Record<string, unknown>,
    tooltip: { theme: 'light' },
  })
  views.add(result)
  const svg = el.querySelector('svg')
  if (svg) {
    svg.setAttribute('role', 'img')
    svg.setAttribute('aria-label', (spec as { description?: string }).description ?? el.closest('section')?.querySelector('h2')?.textContent ?? '')
    if (zoom !== 1) svg.style.width = `${Number(svg.getAttribute('width')) * zoom}px`
  }
  el.dataset.rendered = 'true'
  return result
}

export function disposeCharts(): void {
  for (const v of views) v.finalize()
  views.clear()
}
