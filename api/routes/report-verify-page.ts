/**
 * The HTML page behind a report's verification URL and QR code. Scanning the
 * code proves only that the report was issued (and Pantau's copy is intact);
 * the page says so and offers an upload of the received file, whose check
 * decides whether *that* file is the issued one.
 */
import { t, type Lang } from '../../shared/i18n/index.js'
import type { Verification } from '../../shared/reports/contract.js'

const esc = (x: unknown) => String(x ?? '–').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

export function verificationPage(v: Verification, action: string, lang: Lang = 'id'): string {
  const heading = !v.report_id
    ? t('reports.verify.unknown', {}, lang)
    : v.checked === 'upload'
      ? t(v.valid ? 'reports.verify.upload_ok' : 'reports.verify.upload_bad', {}, lang)
      : t(v.valid ? 'reports.verify.stored_ok' : 'reports.verify.stored_bad', {}, lang)
  const fields: Array<[string, unknown]> = [
    ['id', v.report_id],
    ['instansi', v.report?.instansi],
    ['indicator', v.report?.indicator],
    ['period', v.report?.period],
    ['generated_at', v.report?.generated_at],
    ['level', v.report?.level],
    ['expected', v.expected_sha256],
    ...(v.checked === 'upload' ? [['actual', v.actual_sha256] as [string, unknown]] : []),
    ['evidence', v.report?.evidence_sha256],
  ]
  const form = v.report_id
    ? `<p>${esc(t('reports.verify.stored_note', {}, lang))}</p>
<form method="post" action="${esc(action)}" enctype="multipart/form-data">
<label>${esc(t('reports.verify.upload_label', {}, lang))} <input type="file" name="file" accept="application/pdf" required></label>
<button type="submit">${esc(t('reports.verify.upload_button', {}, lang))}</button></form>`
    : ''
  return `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(t('reports.verify.title', {}, lang))}</title>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1 style="color:${v.valid ? '#1e7d32' : '#b3261e'}">${esc(heading)}</h1>
<dl>${fields.map(([k, x]) => `<dt><b>${esc(t(`reports.verify.field.${k}`, {}, lang))}</b></dt><dd style="word-break:break-all">${esc(x)}</dd>`).join('')}</dl>
${form}</body></html>`
}
