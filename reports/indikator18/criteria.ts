/**
 * Indikator 18 — Tingkat Kematangan Penggunaan Sistem Penghubung Layanan:
 * the level criteria as data. Each has its Indonesian text (following the
 * evaluation guidance, see SPBE.md) and the check over the gathered evidence
 * that decides it. Levels are cumulative; change the wording or thresholds
 * here when the year's guidance changes.
 */
import { fmtNumber, fmtPercent } from '../../shared/i18n/index.js'
import { wibDate } from '../context.js'
import { listText } from '../format.js'
import type { Criterion } from '../types.js'
import type { I18Assessed } from './core.js'

const n = (x: number) => fmtNumber(x)
const list = listText
const inPeriod = (e: I18Assessed) => e.reviews.filter((r) => r.in_period)
/** WIB date the period ends (exclusive). */
const periodEnd = (e: I18Assessed) => wibDate(Date.parse(e.period.to))

export const I18_CRITERIA: ReadonlyArray<Criterion<I18Assessed>> = [
  {
    id: 'i18.1.operasional',
    level: 1,
    text: 'Terdapat bukti pengoperasian SPL: gateway integrasi terdaftar dan lalu lintas integrasi antaraplikasi tercatat pada periode penilaian.',
    check: (e) => {
      const met = e.gateways.length > 0 && e.traffic.requests > 0
      return {
        met,
        data: `${n(e.gateways.length)} gateway terdaftar; ${n(e.traffic.requests)} panggilan API tercatat`,
        reason: met
          ? 'Pantau mencatat lalu lintas API melalui gateway instansi pada periode ini.'
          : e.gateways.length === 0
            ? 'Belum ada gateway instansi yang terdaftar di Pantau.'
            : 'Tidak ada lalu lintas API yang tercatat pada periode ini.',
      }
    },
  },
  {
    id: 'i18.2.spl',
    level: 2,
    text: 'SPL berupa bus/jalur layanan (bukan koneksi point-to-point) telah digunakan.',
    check: (e) => {
      const spl = e.gateways.filter((g) => g.is_spl && g.calls > 0)
      return {
        met: spl.length > 0,
        data: `${n(e.gateways.filter((g) => g.is_spl).length)} gateway SPL, ${n(spl.length)} dengan lalu lintas; ${fmtPercent(e.traffic.spl_share)} panggilan melalui SPL`,
        reason:
          spl.length > 0 ? `Lalu lintas melewati SPL: ${list(spl.map((g) => g.name))}.` : 'Tidak ada lalu lintas melalui gateway yang terdaftar sebagai SPL.',
      }
    },
  },
  {
    id: 'i18.2.sebagian',
    level: 2,
    text: 'SPL diterapkan pada sebagian unit kerja / perangkat daerah.',
    check: (e) => {
      const applied = e.units.filter((u) => u.applied)
      return {
        met: applied.length > 0,
        data: `${n(applied.length)} dari ${n(e.units.length)} unit kerja / perangkat daerah`,
        reason:
          applied.length > 0
            ? `Menggunakan SPL: ${list(applied.map((u) => u.name))}.`
            : 'Belum ada unit kerja / perangkat daerah yang menyediakan atau mengonsumsi API melalui SPL.',
      }
    },
  },
  {
    id: 'i18.3.seluruh',
    level: 3,
    text: 'SPL diterapkan di seluruh unit kerja / perangkat daerah.',
    check: (e) => {
      const missing = e.units.filter((u) => !u.applied)
      const met = e.units.length > 0 && missing.length === 0
      return {
        met,
        data: `${n(e.units.length - missing.length)} dari ${n(e.units.length)} unit kerja / perangkat daerah`,
        reason: met
          ? 'Setiap unit kerja / perangkat daerah menyediakan atau mengonsumsi API melalui SPL.'
          : e.units.length === 0
            ? 'Unit kerja / perangkat daerah belum terdaftar di Pantau.'
            : `Belum menggunakan SPL: ${list(missing.map((u) => u.name))}.`,
      }
    },
  },
  {
    id: 'i18.4.splp',
    level: 4,
    text: 'SPL terintegrasi dengan SPLP nasional dan/atau SPL instansi lain.',
    check: (e) => {
      const linked = e.gateways.filter((g) => g.splp_linked)
      const partners = e.partners.inbound.length + e.partners.outbound.length
      const met = (linked.length > 0 && e.traffic.via_splp_linked > 0) || (e.traffic.via_spl > 0 && partners > 0)
      return {
        met,
        data: `${n(linked.length)} gateway terhubung SPLP (${n(e.traffic.via_splp_linked)} panggilan); ${n(e.partners.inbound.length)} instansi konsumen, ${n(e.partners.outbound.length)} instansi penyedia`,
        reason: met
          ? 'Terdapat lalu lintas melalui SPL yang terhubung ke SPLP nasional dan/atau pertukaran dengan instansi lain.'
          : 'Belum ada lalu lintas melalui SPL yang terhubung ke SPLP nasional maupun dengan instansi lain.',
      }
    },
  },
  {
    id: 'i18.4.reviu',
    level: 4,
    text: 'SPL direviu dan dievaluasi secara berkala (paling sedikit satu reviu dan satu evaluasi pada periode penilaian).',
    check: (e) => {
      const reviews = inPeriod(e)
      const reviu = reviews.filter((r) => r.kind === 'reviu').length
      const evaluasi = reviews.filter((r) => r.kind === 'evaluasi').length
      const met = reviu > 0 && evaluasi > 0
      return {
        met,
        data: `${n(reviu)} reviu, ${n(evaluasi)} evaluasi${reviews.length ? ` (${list(reviews.map((r) => r.date))})` : ''}`,
        reason: met
          ? 'Reviu dan evaluasi SPL tercatat dan bertanggal pada periode penilaian.'
          : `Belum tercatat ${reviu === 0 ? 'reviu' : ''}${reviu === 0 && evaluasi === 0 ? ' maupun ' : ''}${evaluasi === 0 ? 'evaluasi' : ''} SPL pada periode penilaian.`,
      }
    },
  },
  {
    id: 'i18.5.tindak_lanjut',
    level: 5,
    text: 'Hasil reviu dan evaluasi SPL telah ditindaklanjuti dengan perbaikan.',
    check: (e) => {
      const reviews = inPeriod(e)
      const followUps = reviews.flatMap((r) => r.follow_ups)
      const done = followUps.filter((f) => f.status === 'selesai' && f.done_at !== null && f.done_at < periodEnd(e))
      const without = reviews.filter((r) => r.follow_ups.length === 0)
      const overdue = followUps.filter((f) => f.status !== 'selesai' && f.due !== null && f.due < periodEnd(e))
      const met = reviews.length > 0 && without.length === 0 && overdue.length === 0 && done.length > 0
      return {
        met,
        data: `${n(done.length)} dari ${n(followUps.length)} tindak lanjut selesai; ${n(overdue.length)} melewati tenggat`,
        reason: met
          ? 'Setiap reviu/evaluasi memiliki tindak lanjut, tidak ada yang melewati tenggat, dan perbaikan telah diselesaikan.'
          : reviews.length === 0
            ? 'Tidak ada reviu/evaluasi pada periode penilaian yang dapat ditindaklanjuti.'
            : without.length > 0
              ? `Reviu/evaluasi tanpa tindak lanjut: ${list(without.map((r) => r.title))}.`
              : overdue.length > 0
                ? `Tindak lanjut melewati tenggat: ${list(overdue.map((f) => f.action))}.`
                : 'Belum ada tindak lanjut yang selesai.',
      }
    },
  },
]
