/** Tables in the report PDF: wrapped cells, zebra rows, the header repeated on every page the table spans. */
import { COLORS, PAGE, type ReportDocument } from './document.js'
import type { FontName } from './fonts.js'

export interface Column<R> {
  header: string
  /** Share of the content width (the widths of a table add up to 1). */
  width: number
  align?: 'left' | 'right' | 'center'
  value(row: R): string
  /** Text colour of a cell (default ink). */
  color?(row: R): string | undefined
  font?: FontName
}

const PAD = 3.5

export function table<R>(rd: ReportDocument, columns: ReadonlyArray<Column<R>>, rows: readonly R[], opts: { size?: number; empty?: string } = {}): void {
  const { doc } = rd
  const size = opts.size ?? 8
  const widths = columns.map((c) => c.width * rd.contentWidth)
  const cellHeight = (texts: string[], font: (i: number) => FontName) =>
    Math.max(
      ...texts.map((text, i) => {
        rd.font(font(i), size)
        return doc.heightOfString(text || ' ', { width: widths[i] - 2 * PAD, lineGap: 0.5 })
      }),
    ) +
    2 * PAD

  const drawRow = (texts: string[], fill: string | undefined, font: (i: number) => FontName, color: (i: number) => string) => {
    const h = cellHeight(texts, font)
    const y = doc.y
    if (fill) doc.save().rect(PAGE.left, y, rd.contentWidth, h).fill(fill).restore()
    let x = PAGE.left
    texts.forEach((text, i) => {
      rd.font(font(i), size, color(i))
      doc.text(text, x + PAD, y + PAD, { width: widths[i] - 2 * PAD, align: columns[i].align ?? 'left', lineGap: 0.5 })
      x += widths[i]
    })
    doc
      .save()
      .moveTo(PAGE.left, y + h)
      .lineTo(PAGE.left + rd.contentWidth, y + h)
      .lineWidth(0.4)
      .strokeColor(COLORS.rule)
      .stroke()
      .restore()
    doc.y = y + h
    return h
  }
  const headers = columns.map((c) => c.header)
  const drawHeader = () =>
    drawRow(
      headers,
      COLORS.brand,
      () => 'condBold',
      () => '#ffffff',
    )

  rd.ensureSpace(cellHeight(headers, () => 'condBold') + 3 * (size + 2 * PAD))
  drawHeader()
  if (rows.length === 0) {
    drawRow(
      [opts.empty ?? '–', ...columns.slice(1).map(() => '')],
      undefined,
      () => 'cond',
      () => COLORS.muted,
    )
  }
  rows.forEach((row, r) => {
    const texts = columns.map((c) => c.value(row))
    const font = (i: number) => columns[i].font ?? 'cond'
    if (doc.y + cellHeight(texts, font) > rd.bottom) {
      rd.newPage()
      drawHeader()
    }
    drawRow(texts, r % 2 === 1 ? COLORS.zebra : undefined, font, (i) => columns[i].color?.(row) ?? COLORS.ink)
  })
  doc.x = PAGE.left
  doc.moveDown(0.8)
}
