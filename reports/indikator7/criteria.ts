/**
 * Indikator 7 — Tingkat Kematangan Kebijakan Internal Penggunaan Sistem
 * Penghubung Layanan: the level criteria as data (Indonesian text + the
 * check over the gathered evidence). The policy document is the evidence:
 * drafts count only for level 1, and a policy counts only with its file
 * uploaded. Levels are cumulative.
 */
import { fmtNumber } from '../../shared/i18n/index.js'
import { wibDate } from '../context.js'
import { listText } from '../format.js'
import type { Criterion } from '../types.js'
import type { I7Assessed, I7Policy } from './core.js'
import { SCOPE_ITEMS } from '../../shared/registers/policy-scope.js'

const n = (x: number) => fmtNumber(x)
const cite = (p: I7Policy) => p.number || p.title
const withFile = (e: I7Assessed) => e.policies.filter((p) => p.document !== null)
const inForce = (e: I7Assessed) => withFile(e).filter((p) => p.in_force)

/** Scope items of a level that the policies in force do not cover. */
export function missingScope(e: I7Assessed, level: number): Array<(typeof SCOPE_ITEMS)[number]> {
  const covered = new Set(inForce(e).flatMap((p) => p.scope))
  return SCOPE_ITEMS.filter((s) => s.level === level && !covered.has(s.id))
}

function scopeCriterion(level: 3 | 4, id: string, text: string): Criterion<I7Assessed> {
  return {
    id,
    level,
    text,
    check: (e) => {
      const required = SCOPE_ITEMS.filter((s) => s.level === level)
      const missing = missingScope(e, level)
      const met = inForce(e).length > 0 && missing.length === 0
      return {
        met,
        data: `${n(required.length - missing.length)} dari ${n(required.length)} butir ruang lingkup diatur`,
        reason: met
          ? `Diatur dalam ${listText(inForce(e).map(cite))}.`
          : inForce(e).length === 0
            ? 'Belum ada kebijakan yang ditetapkan dan berlaku dengan dokumen terunggah.'
            : `Belum diatur: ${listText(missing.map((s) => s.text.toLowerCase()))}.`,
      }
    },
  }
}

export const I7_CRITERIA: ReadonlyArray<Criterion<I7Assessed>> = [
  {
    id: 'i7.1.konsep',
    level: 1,
    text: 'Tersedia konsep/rancangan kebijakan internal penggunaan SPL, atau kebijakan tersebut sedang/telah ditetapkan (dokumen terunggah).',
    check: (e) => {
      const docs = withFile(e)
      const drafts = docs.filter((p) => p.status === 'draft').length
      return {
        met: docs.length > 0,
        data: `${n(docs.length)} dokumen terunggah (${n(drafts)} rancangan, ${n(docs.length - drafts)} ditetapkan/dicabut); ${n(e.policies.length - docs.length)} tanpa berkas`,
        reason:
          docs.length > 0
            ? `Dokumen: ${listText(docs.map(cite))}.`
            : e.policies.length > 0
              ? 'Kebijakan tercatat tetapi berkas dokumennya belum diunggah.'
              : 'Belum ada dokumen kebijakan dalam register.',
      }
    },
  },
  {
    id: 'i7.2.ditetapkan',
    level: 2,
    text: 'Kebijakan internal penggunaan SPL telah ditetapkan oleh pimpinan instansi dan berlaku.',
    check: (e) => {
      const enacted = inForce(e)
      return {
        met: enacted.length > 0,
        data: `${n(enacted.length)} kebijakan berlaku`,
        reason:
          enacted.length > 0
            ? `Ditetapkan: ${listText(enacted.map((p) => `${cite(p)} (${p.date})`))}.`
            : 'Belum ada kebijakan yang ditetapkan dan berlaku pada akhir periode (rancangan hanya berlaku untuk level 1).',
      }
    },
  },
  scopeCriterion(
    3,
    'i7.3.ruang_lingkup',
    'Kebijakan yang berlaku mengatur ruang lingkup penggunaan SPL di seluruh instansi: kewajiban integrasi melalui SPL, pengelolaan, peran dan tanggung jawab, standar interoperabilitas, dan keamanan.',
  ),
  scopeCriterion(4, 'i7.4.splp', 'Kebijakan yang berlaku juga mengatur integrasi dengan SPLP nasional dan/atau SPL instansi lain.'),
  {
    id: 'i7.5.reviu',
    level: 5,
    text: 'Kebijakan direviu dan dievaluasi secara berkala (paling sedikit satu kali pada periode penilaian).',
    check: (e) => {
      const reviews = e.reviews.filter((r) => r.in_period)
      return {
        met: reviews.length > 0,
        data: `${n(reviews.length)} reviu/evaluasi kebijakan pada periode penilaian`,
        reason:
          reviews.length > 0
            ? `Tercatat: ${listText(reviews.map((r) => `${r.title} (${r.date})`))}.`
            : 'Belum tercatat reviu atau evaluasi kebijakan pada periode penilaian.',
      }
    },
  },
  {
    id: 'i7.5.pemutakhiran',
    level: 5,
    text: 'Kebijakan dimutakhirkan berdasarkan hasil reviu dan evaluasi.',
    check: (e) => {
      const firstReview = e.reviews.map((r) => r.date).sort()[0]
      const end = wibDate(Date.parse(e.period.to))
      const updates = withFile(e).filter(
        (p) => p.status === 'enacted' && p.supersedes !== '' && firstReview !== undefined && p.date >= firstReview && p.date < end,
      )
      const replaced = (p: I7Policy) => e.policies.find((q) => q.id === p.supersedes)
      return {
        met: updates.length > 0,
        data: `${n(updates.length)} pemutakhiran kebijakan setelah reviu/evaluasi`,
        reason:
          updates.length > 0
            ? `${listText(updates.map((p) => `${cite(p)} menggantikan/mengubah ${replaced(p) ? cite(replaced(p)!) : p.supersedes}`))}.`
            : firstReview === undefined
              ? 'Belum ada reviu/evaluasi kebijakan yang dapat menjadi dasar pemutakhiran.'
              : 'Belum ada kebijakan yang ditetapkan untuk menggantikan/mengubah kebijakan sebelumnya setelah reviu/evaluasi.',
      }
    },
  },
]
