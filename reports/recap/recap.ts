/**
 * The national recap of an indicator for a period: for every registered
 * instansi, the level its data supports and every criterion met or not with
 * its reason — the indicator's own criteria (reports/indicators.ts) over the
 * evidence gathered in bulk (bulk.ts), the same evidence its PDF is decided
 * on — the latest stored report of that indicator and period, and the change
 * against the previous period.
 */
import { z } from 'zod'
import { chTime } from '../../storage/columns.js'
import type { Recap, RecapQuery, RecapRow } from '../../shared/reports/assessment.js'
import type { EvidenceRegisters } from '../../shared/registers/store.js'
import type { Storage } from '../../storage/client.js'
import { badRequest } from '../../shared/http/problem.js'
import { INDICATORS } from '../indicators.js'
import { parsePeriod, wibParts, wibStart } from '../period.js'
import { assess, LEVELS, type Period } from '../types.js'
import { GATHER_ALL } from './bulk.js'

/** The period before a calendar year or month. */
export function previousPeriod(p: Period): Period {
  const { year, month } = wibParts(p.fromMs)
  if (/^\d{4}$/.test(p.label)) return parsePeriod(String(year - 1))!
  const prev = wibParts(wibStart(year, month - 1))
  return parsePeriod(`${prev.year}-${String(prev.month + 1).padStart(2, '0')}`)!
}

const Latest = z.object({ instansi: z.string(), rid: z.string(), digest: z.string(), lvl: z.number().int(), at: chTime })

export async function recap(svc: { storage: Storage; registers: EvidenceRegisters }, q: RecapQuery): Promise<Recap> {
  const started = performance.now()
  const period = parsePeriod(q.period)
  if (!period) throw badRequest('period', `not a valid period: '${q.period}'`)
  const previous = previousPeriod(period)
  const all = await svc.registers.registry.instansi.list({ code: q.instansi }, { limit: 4_000_000_000 })
  const spec = INDICATORS[q.indicator]
  const gather = GATHER_ALL[q.indicator]
  const [now, before, latest] = await Promise.all([
    gather({ ...svc, period, instansi: all }),
    gather({ ...svc, period: previous, instansi: all }),
    svc.storage.rows(
      Latest,
      `SELECT instansi, argMax(id, (generated_at, id)) AS rid, argMax(sha256, (generated_at, id)) AS digest,
              argMax(level, (generated_at, id)) AS lvl, max(generated_at) AS at
       FROM reports WHERE indicator = {indicator:String} AND period = {period:String} GROUP BY instansi`,
      { indicator: q.indicator, period: period.label },
    ),
  ])
  const reportOf = new Map(latest.map((r) => [r.instansi, r]))
  const rows: RecapRow[] = all.map((i) => {
    const a = assess(spec.criteria, now.get(i.code))
    const level = a.level
    const previousLevel = assess(spec.criteria, before.get(i.code)).level
    const report = reportOf.get(i.code)
    return {
      instansi: i.code,
      name: i.name,
      kind: i.kind,
      region: i.region,
      level,
      previous_level: previousLevel,
      level_change: level - previousLevel,
      criteria: a.levels.flatMap((l) => l.criteria.map((c) => ({ id: c.id, level: c.level, met: c.met, data: c.data, reason: c.reason }))),
      report_id: report?.rid ?? null,
      report_sha256: report?.digest ?? null,
      report_level: report?.lvl ?? null,
      report_generated_at: report?.at ?? null,
    }
  })
  rows.sort((x, y) => y.level - x.level || x.name.localeCompare(y.name, 'id') || x.instansi.localeCompare(y.instansi))
  return {
    rows,
    distribution: [0, ...LEVELS].map((level) => ({ level, instansi: rows.filter((r) => r.level === level).length })),
    criteria: spec.criteria.map((c) => ({ id: c.id, level: c.level, text: c.text })),
    indicator: q.indicator,
    period: period.label,
    previous_period: previous.label,
    computed_ms: Math.round(performance.now() - started),
  }
}
