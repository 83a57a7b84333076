/**
 * The part of the Indikator 7 evidence the level criteria decide on: the
 * register of policy documents (with files, in force at the period's end)
 * and the reviews of the policy. One pure function over already fetched
 * register rows, called by the PDF (gatherI7, one instansi) and by the
 * national recap (every instansi's rows fetched at once), so both decide the
 * level from the same evidence.
 */
import type { Policy, Review } from '../../shared/registers/schemas.js'
import { wibDate, type EvidenceHeader } from '../context.js'
import { byDateThenId } from '../indikator18/core.js'

export interface I7Policy extends Omit<Policy, 'created_at' | 'updated_at' | 'id' | 'document_sha256' | 'document_name' | 'document_size'> {
  id: string
  document: { sha256: string; name: string; size: number } | null
  /** Enacted, dated before the period ends, and not replaced by a later enacted policy by then. */
  in_force: boolean
}

/** The parts of the evidence the criteria read (with the header): the policies and the reviews of the policy. */
export interface I7Core {
  policies: I7Policy[]
  reviews: Array<Omit<Review, 'created_at' | 'updated_at'> & { in_period: boolean }>
}
export type I7Assessed = EvidenceHeader & I7Core

type Dated = Pick<Policy, 'id' | 'status' | 'date' | 'supersedes'>

/** Enacted, dated before the period ends, and not replaced by a later enacted policy by then. */
export function policyInForce(p: Dated, all: readonly Dated[], endDate: string): boolean {
  if (p.status !== 'enacted' || p.date >= endDate) return false
  return !all.some((q) => q.supersedes === p.id && q.status === 'enacted' && q.date < endDate)
}

/**
 * `policies`: the instansi's policies (any date); `reviews`: its reviews of
 * the policy (any date). Both are cut to the period here: policies dated
 * before its end, reviews from a year before its start.
 */
export function i7Core(policies: readonly Policy[], reviews: readonly Review[], period: { fromMs: number; toMs: number }): I7Core {
  const end = wibDate(period.toMs)
  const from = wibDate(period.fromMs)
  const since = wibDate(period.fromMs - 365 * 86400e3)
  const dated = byDateThenId(policies.filter((p) => p.date < end))
  return {
    policies: dated.map(({ created_at: _c, updated_at: _u, document_sha256, document_name, document_size, ...p }) => ({
      ...p,
      document: document_sha256 ? { sha256: document_sha256, name: document_name, size: document_size } : null,
      in_force: policyInForce(p, dated, end),
    })),
    reviews: byDateThenId(reviews.filter((r) => r.date >= since && r.date < end)).map(({ created_at: _c, updated_at: _u, ...r }) => ({
      ...r,
      in_period: r.date >= from,
    })),
  }
}
