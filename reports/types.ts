/**
 * The shapes every report shares: indicators, periods, level criteria as
 * data (Indonesian text + the machine check that decides it) and the
 * cumulative assessment of maturity levels (each level needs the previous).
 */
import { Indicator, ReportRequest, Trigger } from '../shared/reports/contract.js'

export { Indicator, ReportRequest, Trigger }

export const LEVELS = [1, 2, 3, 4, 5] as const
export type Level = (typeof LEVELS)[number]

/** A half-open assessment window [fromMs, toMs) with its label ('2025', '2025-11', '2025-01-01..2025-06-30'). */
export interface Period {
  label: string
  fromMs: number
  toMs: number
}

/** The outcome of one criterion: met or not, the data it looked at, and why. */
export interface CriterionResult {
  met: boolean
  /** The numbers the decision rests on, as the reader should see them. */
  data: string
  reason: string
}

/** One level criterion, as data: the wording follows the year's evaluation guidance. */
export interface Criterion<E> {
  id: string
  level: Level
  /** Indonesian text of the criterion. */
  text: string
  check(evidence: E): CriterionResult
}

export interface AssessedCriterion extends CriterionResult {
  id: string
  level: Level
  text: string
}

export interface LevelOutcome {
  level: Level
  /** Every criterion of this level is met (regardless of lower levels). */
  criteriaMet: boolean
  /** Reached: this level's criteria and every lower level's are met. */
  reached: boolean
  criteria: AssessedCriterion[]
}

export interface Assessment {
  /** The highest level reached, 0 when not even level 1. */
  level: 0 | Level
  levels: LevelOutcome[]
}

/** Run every criterion and decide the level: cumulative, a level with no criteria is not reached. */
export function assess<E>(criteria: ReadonlyArray<Criterion<E>>, evidence: E): Assessment {
  let reachedSoFar = true
  let level: Assessment['level'] = 0
  const levels = LEVELS.map((l): LevelOutcome => {
    const results = criteria.filter((c) => c.level === l).map((c) => ({ id: c.id, level: c.level, text: c.text, ...c.check(evidence) }))
    const criteriaMet = results.length > 0 && results.every((r) => r.met)
    reachedSoFar = reachedSoFar && criteriaMet
    if (reachedSoFar) level = l
    return { level: l, criteriaMet, reached: reachedSoFar, criteria: results }
  })
  return { level, levels }
}
