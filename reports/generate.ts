/**
 * Generate a report: gather the evidence for (instansi, indicator, period),
 * decide the level from the criteria, render the PDF, store both immutable.
 * The evidence digest covers the parameters, the evidence and the
 * assessment — not the generation time — so generating again over the same
 * data gives the same digest (and the same numbers). A stored report can be
 * rendered again from its stored inputs, byte for byte.
 */
import { randomBytes } from 'node:crypto'
import type { Storage } from '../storage/client.js'
import { badRequest, notFound } from '../shared/http/problem.js'
import { sha256 } from '../storage/blobs.js'
import { canonicalJson } from './canonical.js'
import { INDICATORS } from './indicators.js'
import { parsePeriod, wibParts } from './period.js'
import { EvidenceRegisters } from '../shared/registers/store.js'
import type { ReportMeta } from './render/common.js'
import { RENDERER, renderReport } from './render/report.js'
import { ReportStore, type ReportRecord } from './store.js'
import { assess, type Assessment, type Period, type ReportRequest } from './types.js'
import type { InstansiRow } from '../shared/registry/registry.js'
import { type GenerateOptions, verifyUrl } from '../shared/reports/contract.js'

export { type GenerateOptions, verifyUrl }

export interface ReportServices {
  storage: Storage
  registers: EvidenceRegisters
  store: ReportStore
}

export function createReportServices(storage: Storage): ReportServices {
  return { storage, registers: new EvidenceRegisters(storage), store: new ReportStore(storage) }
}

/** What is stored with a report to render it again. */
interface Source {
  evidence: unknown
  assessment: Assessment
  meta: ReportMeta
  baseUrl: string
}

function newId(indicator: string, now: number): string {
  const { year, month, day } = wibParts(now)
  const date = `${year}${String(month + 1).padStart(2, '0')}${String(day).padStart(2, '0')}`
  return `${indicator.toUpperCase()}-${date}-${randomBytes(5).toString('hex')}`
}

/** What a report is rendered from: the instansi, the period, the evidence and the level it supports. */
export interface Evaluation {
  instansi: InstansiRow
  period: Period
  evidence: unknown
  assessment: Assessment
  evidenceSha256: string
}

/**
 * Gather the evidence of (instansi, indicator, period) and decide the level,
 * without rendering anything: what the PDF shows and the recap is checked against.
 */
export async function evaluateReport(svc: Pick<ReportServices, 'storage' | 'registers'>, request: ReportRequest): Promise<Evaluation> {
  const period = parsePeriod(request.period)
  if (!period) throw badRequest('body.period', `not a valid period: '${request.period}'`)
  const instansi = await svc.registers.registry.instansi.get({ code: request.instansi })
  if (!instansi) throw notFound(`instansi '${request.instansi}'`, 'body.instansi')
  const spec = INDICATORS[request.indicator]
  const evidence = await spec.gather({
    storage: svc.storage,
    registers: svc.registers,
    instansi,
    period,
    range: { fromMs: period.fromMs, toMs: period.toMs, instansi: instansi.code },
  })
  const assessment = assess(spec.criteria, evidence)
  return { instansi, period, evidence, assessment, evidenceSha256: sha256(canonicalJson({ request, evidence, assessment })) }
}

export async function generateReport(svc: ReportServices, o: GenerateOptions): Promise<ReportRecord> {
  const { request } = o
  const { instansi, period, evidence, assessment, evidenceSha256 } = await evaluateReport(svc, request)

  const generatedAt = o.now ?? Date.now()
  const id = newId(request.indicator, generatedAt)
  const baseUrl = o.baseUrl.replace(/\/+$/, '')
  const meta: ReportMeta = {
    id,
    indicator: request.indicator,
    instansi: { code: instansi.code, name: instansi.name, kind: instansi.kind },
    period,
    generatedAt,
    trigger: o.trigger,
    evidenceSha256,
    verifyUrl: verifyUrl(baseUrl, id),
  }
  const source: Source = { evidence, assessment, meta, baseUrl }
  const { bytes, pages } = await renderReport(source)
  return svc.store.save(
    {
      id,
      instansi: instansi.code,
      indicator: request.indicator,
      period: period.label,
      periodFromMs: period.fromMs,
      periodToMs: period.toMs,
      generatedAtMs: generatedAt,
      generated_by: o.by,
      trigger: o.trigger,
      level: assessment.level,
      sha256: sha256(bytes),
      size: bytes.length,
      pages,
      evidence_sha256: evidenceSha256,
      renderer: RENDERER,
      params: canonicalJson({ ...request, base_url: baseUrl, verify_url: meta.verifyUrl, generated_by: o.by, trigger: o.trigger }),
      evidence: canonicalJson(source),
    },
    bytes,
  )
}

/** Render a stored report again from its stored inputs (same renderer ⇒ the same bytes). */
export async function rerenderReport(store: ReportStore, id: string): Promise<Buffer | undefined> {
  const stored = await store.source(id)
  if (!stored) return undefined
  const source = JSON.parse(stored.evidence) as Source
  return (await renderReport(source)).bytes
}
