/**
 * The PDF of a report: A4, Bahasa Indonesia, a reserved table-of-contents
 * page filled in at the end (with page numbers and links), a PDF outline,
 * and on every page a header, the page number, the report id, the
 * verification URL and its QR code. Deterministic: the creation date is the
 * stored generation time and the document ID derives from it, so the same
 * evidence and metadata render to the same bytes.
 */
import PDFDocument from 'pdfkit'
import { fontFiles, type FontName } from './fonts.js'
import { drawQr } from './qr.js'

export interface DocumentMeta {
  title: string
  subject: string
  keywords: string
  /** Left and right text of the running header. */
  headerLeft: string
  headerRight: string
  reportId: string
  verifyUrl: string
  generatedAt: number
}

export const COLORS = {
  ink: '#1d2733',
  muted: '#5b6775',
  rule: '#c9d1db',
  brand: '#1f3a5f',
  accent: '#0f7b6c',
  bad: '#b3261e',
  good: '#1e7d32',
  zebra: '#f2f5f8',
}
export const PAGE = { width: 595.28, height: 841.89, left: 50, right: 50, top: 62, bottom: 78 }
const QR_SIZE = 46

interface TocEntry {
  title: string
  level: 1 | 2
  page: number
  dest: string
}

export class ReportDocument {
  readonly doc: PDFKit.PDFDocument
  private readonly toc: TocEntry[] = []
  private tocPage = -1
  private readonly chunks: Buffer[] = []

  constructor(readonly meta: DocumentMeta) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
      bufferPages: true,
      autoFirstPage: false,
      displayTitle: true,
      info: {
        Title: meta.title,
        Author: 'Pantau',
        Subject: meta.subject,
        Keywords: meta.keywords,
        Creator: 'Pantau',
        Producer: 'Pantau (PDFKit)',
        CreationDate: new Date(meta.generatedAt),
      },
    })
    this.doc.on('data', (c: Buffer) => this.chunks.push(c))
    for (const [name, bytes] of Object.entries(fontFiles())) this.doc.registerFont(name, bytes)
    this.doc.addPage()
    this.font('body', 9.5)
  }

  get contentWidth(): number {
    return PAGE.width - PAGE.left - PAGE.right
  }

  get bottom(): number {
    return PAGE.height - PAGE.bottom
  }

  font(name: FontName, size: number, color = COLORS.ink): this {
    this.doc.font(name).fontSize(size).fillColor(color)
    return this
  }

  newPage(): void {
    this.doc.addPage()
    this.doc.x = PAGE.left
  }

  /** Start a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage()
  }

  /** Reserve the next page for the table of contents. */
  reserveToc(): void {
    this.newPage()
    this.tocPage = this.doc.bufferedPageRange().count - 1
  }

  /** A numbered heading: listed in the table of contents and the outline. */
  heading(title: string, level: 1 | 2 = 1): void {
    if (level === 1) this.newPage()
    else this.ensureSpace(90)
    const dest = `s${this.toc.length + 1}`
    this.toc.push({ title, level, page: this.doc.bufferedPageRange().count - 1, dest })
    this.doc.outline.addItem(title)
    if (level === 2) this.doc.moveDown(0.6)
    this.font('bold', level === 1 ? 15 : 11.5, COLORS.brand).doc.text(title, PAGE.left, this.doc.y, { width: this.contentWidth, destination: dest })
    if (level === 1) this.rule(COLORS.brand, 1.2)
    this.doc.moveDown(level === 1 ? 0.6 : 0.35)
    this.font('body', 9.5)
  }

  rule(color = COLORS.rule, width = 0.6): void {
    const y = this.doc.y + 2
    this.doc
      .save()
      .moveTo(PAGE.left, y)
      .lineTo(PAGE.width - PAGE.right, y)
      .lineWidth(width)
      .strokeColor(color)
      .stroke()
      .restore()
    this.doc.y = y + 4
  }

  paragraph(text: string, opts: { size?: number; color?: string; font?: FontName; gap?: number } = {}): void {
    this.font(opts.font ?? 'body', opts.size ?? 9.5, opts.color ?? COLORS.ink)
    this.doc.text(text, PAGE.left, this.doc.y, { width: this.contentWidth, align: 'left', lineGap: 1.5 })
    this.doc.moveDown(opts.gap ?? 0.5)
  }

  note(text: string): void {
    this.paragraph(text, { size: 8, color: COLORS.muted, font: 'cond', gap: 0.6 })
  }

  /** Label/value lines in two columns. */
  keyValues(rows: ReadonlyArray<[string, string]>, labelWidth = 150, valueFont: FontName = 'body', valueSize = 9.5): void {
    for (const [label, value] of rows) {
      const valueWidth = this.contentWidth - labelWidth
      this.font(valueFont, valueSize)
      const valueHeight = this.doc.heightOfString(value, { width: valueWidth })
      this.font('bold', 9.5)
      const h = Math.max(valueHeight, this.doc.heightOfString(label, { width: labelWidth - 8 }), 12)
      this.ensureSpace(h + 4)
      const y = this.doc.y
      this.font('bold', 9.5, COLORS.muted).doc.text(label, PAGE.left, y, { width: labelWidth - 8 })
      this.font(valueFont, valueSize).doc.text(value, PAGE.left + labelWidth, y, { width: valueWidth })
      this.doc.y = y + h + 4
    }
    this.doc.moveDown(0.3)
  }

  /** Fill the table of contents, draw header and footer on every page, and return the PDF bytes. */
  async finish(): Promise<{ bytes: Buffer; pages: number }> {
    const pages = this.doc.bufferedPageRange().count
    if (this.tocPage >= 0) this.drawToc()
    for (let i = 0; i < pages; i++) {
      this.doc.switchToPage(i)
      this.drawFrame(i, pages)
    }
    const done = new Promise<void>((resolve, reject) => {
      this.doc.on('end', resolve)
      this.doc.on('error', reject)
    })
    this.doc.end()
    await done
    return { bytes: Buffer.concat(this.chunks), pages }
  }

  private drawToc(): void {
    this.doc.switchToPage(this.tocPage)
    this.doc.y = PAGE.top
    this.font('bold', 15, COLORS.brand).doc.text('Daftar Isi', PAGE.left, this.doc.y)
    this.rule(COLORS.brand, 1.2)
    this.doc.moveDown(0.6)
    for (const e of this.toc) {
      const indent = e.level === 1 ? 0 : 16
      const y = this.doc.y
      const page = String(e.page + 1)
      this.font(e.level === 1 ? 'bold' : 'body', e.level === 1 ? 10.5 : 9.5)
      const width = this.contentWidth - indent - 40
      this.doc.text(e.title, PAGE.left + indent, y, { width, goTo: e.dest })
      const h = this.doc.y - y
      this.doc.text(page, PAGE.width - PAGE.right - 36, y, { width: 36, align: 'right', goTo: e.dest })
      this.doc.y = y + h + (e.level === 1 ? 5 : 3)
    }
  }

  private drawFrame(index: number, pages: number): void {
    const { doc, meta } = this
    const margins = doc.page.margins
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 }
    const w = this.contentWidth
    if (index > 0) {
      this.font('cond', 7.5, COLORS.muted)
      doc.text(meta.headerLeft, PAGE.left, 30, { width: w / 2, lineBreak: false })
      doc.text(meta.headerRight, PAGE.left + w / 2, 30, { width: w / 2, align: 'right', lineBreak: false })
      doc
        .save()
        .moveTo(PAGE.left, 42)
        .lineTo(PAGE.width - PAGE.right, 42)
        .lineWidth(0.5)
        .strokeColor(COLORS.rule)
        .stroke()
        .restore()
    }
    const top = PAGE.height - PAGE.bottom + 16
    doc
      .save()
      .moveTo(PAGE.left, top)
      .lineTo(PAGE.width - PAGE.right, top)
      .lineWidth(0.5)
      .strokeColor(COLORS.rule)
      .stroke()
      .restore()
    const textWidth = w - QR_SIZE - 10
    this.font('condBold', 7.5, COLORS.ink)
    doc.text(`Halaman ${index + 1} dari ${pages}`, PAGE.left, top + 7, { width: textWidth, lineBreak: false })
    this.font('cond', 7.5, COLORS.muted)
    doc.text(`ID laporan ${meta.reportId} · dibuat oleh Pantau dari data terukur`, PAGE.left, top + 18, { width: textWidth, lineBreak: false })
    doc
      .text('Verifikasi keaslian: ', PAGE.left, top + 29, { width: textWidth, lineBreak: false, continued: true })
      .fillColor(COLORS.brand)
      .text(meta.verifyUrl, { link: meta.verifyUrl, lineBreak: false })
    drawQr(doc, meta.verifyUrl, PAGE.width - PAGE.right - QR_SIZE, top + 5, QR_SIZE)
    doc.page.margins = margins
  }
}
