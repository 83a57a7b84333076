/**
 * Charts in the PDF: the dashboards' Vega-Lite specs rendered to SVG
 * (dashboards/render.ts) and drawn as vectors with svg-to-pdfkit, in the
 * report's fonts, scaled to the content width when wider.
 */
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import * as vega from 'vega'
import type { TopLevelSpec } from 'vega-lite'
import { renderSvg } from '../../shared/charts/render.js'
import { PAGE, type ReportDocument } from './document.js'
import { fontFiles } from './fonts.js'

let measurer: PDFKit.PDFDocument | undefined

/**
 * Make Vega measure text with the fonts the PDF draws it in (without a
 * canvas it guesses 0.8 em per character), so labels, legends and the
 * chart's size come out as drawn. A document of its own, only for measuring.
 */
function useReportFontMetrics(): void {
  if (!measurer) {
    measurer = new PDFDocument({ autoFirstPage: false })
    measurer.registerFont('cond', fontFiles().cond).registerFont('condBold', fontFiles().condBold)
  }
  const doc = measurer
  // exported at runtime (from vega-scenegraph) but missing from vega's typings
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics
  metrics.width = (item, text) =>
    doc
      .font(isBold(item.fontWeight) ? 'condBold' : 'cond')
      .fontSize(item.fontSize ?? 11)
      .widthOfString(String(text ?? ''))
}

interface TextItem {
  fontSize?: number
  fontWeight?: string | number
}

const isBold = (weight: string | number | undefined) => weight === 'bold' || (typeof weight === 'number' && weight >= 600)

function svgSize(svg: string): { width: number; height: number } {
  const head = /<svg[^>]*>/.exec(svg)?.[0] ?? ''
  const num = (attr: string) => Number(new RegExp(`\\s${attr}="([\\d.]+)"`).exec(head)?.[1] ?? 0)
  return { width: num('width'), height: num('height') }
}

export async function drawChart(rd: ReportDocument, spec: TopLevelSpec): Promise<void> {
  useReportFontMetrics()
  const svg = await renderSvg(spec, 'id')
  const size = svgSize(svg)
  const scale = Math.min(1, rd.contentWidth / size.width)
  const width = size.width * scale
  const height = size.height * scale
  rd.ensureSpace(height + 8)
  const x = PAGE.left + (rd.contentWidth - width) / 2
  const top = rd.doc.y
  SVGtoPDF(rd.doc, svg, x, top, {
    width,
    height,
    assumePt: true,
    // without it svg-to-pdfkit keeps the SVG's own size and ignores width/height
    preserveAspectRatio: 'xMinYMin meet',
    fontCallback: (_family: string, bold: boolean) => (bold ? 'condBold' : 'cond'),
    warningCallback: () => undefined,
  })
  // svg-to-pdfkit draws text through pdfkit, which moves the cursor: put it below the chart
  rd.doc.y = top + height + 8
  rd.doc.x = PAGE.left
}
