/** A QR code drawn as vector squares (one filled path), so it is sharp at any zoom and identical on every render. */
import QRCode from 'qrcode'

const matrices = new Map<string, { size: number; dark: boolean[] }>()

function matrix(text: string): { size: number; dark: boolean[] } {
  let m = matrices.get(text)
  if (!m) {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
    m = { size: qr.modules.size, dark: Array.from(qr.modules.data, (v) => v === 1) }
    if (matrices.size > 100) matrices.clear()
    matrices.set(text, m)
  }
  return m
}

/** Draw the QR code of `text` with its top-left corner at (x, y), `width` points wide (quiet zone included). */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number): void {
  const { size, dark } = matrix(text)
  const cell = width / (size + 2)
  doc.save().rect(x, y, width, width).fill('#ffffff')
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (dark[r * size + c]) doc.rect(x + (c + 1) * cell, y + (r + 1) * cell, cell, cell)
  doc.fill('#000000').restore()
}
