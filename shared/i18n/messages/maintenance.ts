/** Text about maintenance windows (keys 'maintenance.*'): the dashboards' charts and card, and the evidence PDFs. */
import type { MessageGroup } from '../types.js'

export const maintenance: MessageGroup = {
  id: {
    'maintenance.label': 'Pemeliharaan terjadwal',
    'maintenance.reason': 'Alasan',
    'maintenance.period': 'Waktu',
    'maintenance.scope': 'Cakupan',
    'maintenance.scope.instansi': 'Seluruh layanan instansi',
    'maintenance.scope.api': 'API {id}',
    'maintenance.scope.gateway': 'Gateway {id}',
    'maintenance.status.scheduled': 'Terjadwal',
    'maintenance.status.active': 'Berlangsung',
    'maintenance.status.ended': 'Selesai',
    'maintenance.none': 'Tidak ada pemeliharaan terjadwal pada periode ini.',
    'maintenance.card.note':
      'Menit di dalam jendela pemeliharaan tidak dihitung dalam ketersediaan, insiden, SLA, maupun anggaran galat SLO, dan tidak memicu peringatan.',
    'maintenance.chart.hint': 'Menit di dalam jendela ini tidak dihitung',
    'maintenance.report.sla':
      'Jendela pemeliharaan terjadwal pada periode ini ({n}). Menit di dalamnya tidak dihitung sebagai menit teramati maupun menit terganggu:',
    'maintenance.report.method':
      'Pemeliharaan terjadwal: menit API yang berada di dalam jendela pemeliharaan yang diumumkan di Pantau (untuk seluruh instansi, satu API, atau satu gateway) dikeluarkan dari pembilang dan penyebut ketersediaan, SLA dan anggaran galat SLO (seperti Uptime Kuma dan Gatus), sehingga gangguan di dalamnya tidak dilaporkan sebagai insiden. Jendela pada periode laporan: {list}.',
    'maintenance.report.method_none': 'tidak ada',
  },
  en: {
    'maintenance.label': 'Scheduled maintenance',
    'maintenance.reason': 'Reason',
    'maintenance.period': 'When',
    'maintenance.scope': 'Scope',
    'maintenance.scope.instansi': 'All services of the instansi',
    'maintenance.scope.api': 'API {id}',
    'maintenance.scope.gateway': 'Gateway {id}',
    'maintenance.status.scheduled': 'Scheduled',
    'maintenance.status.active': 'In progress',
    'maintenance.status.ended': 'Ended',
    'maintenance.none': 'No scheduled maintenance in this period.',
    'maintenance.card.note':
      'Minutes inside a maintenance window count toward neither availability, incidents, SLA nor SLO error budgets, and raise no alerts.',
    'maintenance.chart.hint': 'Minutes inside this window are not counted',
    'maintenance.report.sla': 'Scheduled maintenance windows in this period ({n}). Their minutes count as neither observed nor down:',
    'maintenance.report.method':
      'Scheduled maintenance: the minutes of an API inside a maintenance window announced in Pantau (for the whole instansi, one API or one gateway) are left out of both numerator and denominator of availability, SLA and SLO error budgets (as Uptime Kuma and Gatus do), so outages inside one are not reported as incidents. Windows in the report period: {list}.',
    'maintenance.report.method_none': 'none',
  },
}
