/** Text of the public verification page of a report (keys 'reports.verify.*'). */
import type { MessageGroup } from '../types.js'

export const reportsVerify: MessageGroup = {
  id: {
    'reports.verify.title': 'Verifikasi laporan Pantau',
    'reports.verify.stored_ok': 'Laporan ini tercatat di Pantau dan salinannya tersimpan utuh',
    'reports.verify.stored_bad': 'Salinan laporan di Pantau tidak utuh',
    'reports.verify.unknown': 'Laporan tidak ditemukan',
    'reports.verify.upload_ok': 'Berkas Anda identik dengan laporan yang diterbitkan Pantau',
    'reports.verify.upload_bad': 'Berkas Anda BERBEDA dari laporan yang diterbitkan Pantau',
    'reports.verify.stored_note':
      'Kode QR dan tautan ini hanya membuktikan bahwa laporan dengan ID ini pernah diterbitkan. Untuk memastikan berkas yang Anda terima tidak diubah satu bita pun, unggah berkas PDF tersebut di bawah ini.',
    'reports.verify.upload_label': 'Berkas PDF yang Anda terima',
    'reports.verify.upload_button': 'Periksa berkas',
    'reports.verify.field.id': 'ID laporan',
    'reports.verify.field.instansi': 'Instansi',
    'reports.verify.field.indicator': 'Indikator',
    'reports.verify.field.period': 'Periode',
    'reports.verify.field.generated_at': 'Dibuat',
    'reports.verify.field.level': 'Level',
    'reports.verify.field.expected': 'SHA-256 PDF yang diterbitkan',
    'reports.verify.field.actual': 'SHA-256 berkas yang diperiksa',
    'reports.verify.field.evidence': 'SHA-256 data bukti',
  },
  en: {
    'reports.verify.title': 'Pantau report verification',
    'reports.verify.stored_ok': 'This report is on record at Pantau and its stored copy is intact',
    'reports.verify.stored_bad': "Pantau's copy of this report is not intact",
    'reports.verify.unknown': 'Report not found',
    'reports.verify.upload_ok': 'Your file is identical to the report Pantau issued',
    'reports.verify.upload_bad': 'Your file DIFFERS from the report Pantau issued',
    'reports.verify.stored_note':
      'The QR code and this link only prove that a report with this id was issued. To make sure the file you received was not changed by a single byte, upload that PDF below.',
    'reports.verify.upload_label': 'The PDF you received',
    'reports.verify.upload_button': 'Check the file',
    'reports.verify.field.id': 'Report id',
    'reports.verify.field.instansi': 'Agency',
    'reports.verify.field.indicator': 'Indicator',
    'reports.verify.field.period': 'Period',
    'reports.verify.field.generated_at': 'Generated',
    'reports.verify.field.level': 'Level',
    'reports.verify.field.expected': 'SHA-256 of the issued PDF',
    'reports.verify.field.actual': 'SHA-256 of the checked file',
    'reports.verify.field.evidence': 'SHA-256 of the evidence data',
  },
}
