/**
 * What evidence gathering starts from: the storage, the registers, the
 * instansi and the period as a metrics range — and the evidence header every
 * report carries. Evidence is plain JSON: the PDF is rendered from it alone,
 * so the same evidence always gives the same document.
 */
import type { Storage } from '../storage/client.js'
import type { Range } from '../shared/metrics/range.js'
import type { InstansiRow } from '../shared/registry/registry.js'
import { trafficSignal, type MinuteSignal } from '../shared/metrics/availability-signals.js'
import { probeSignal } from '../shared/metrics/probes.js'
import type { EvidenceRegisters } from '../shared/registers/store.js'
import type { Period } from './types.js'

export interface GatherContext {
  storage: Storage
  registers: EvidenceRegisters
  instansi: InstansiRow
  period: Period
  /** The period as a metrics range scoped to the instansi. */
  range: Range
}

export interface EvidenceHeader {
  instansi: { code: string; name: string; kind: string }
  period: { label: string; from: string; to: string }
}

export function header(ctx: Pick<GatherContext, 'instansi' | 'period'>): EvidenceHeader {
  const { code, name, kind } = ctx.instansi
  return {
    instansi: { code, name, kind },
    period: { label: ctx.period.label, from: new Date(ctx.period.fromMs).toISOString(), to: new Date(ctx.period.toMs).toISOString() },
  }
}

/** Availability signals of a report: traffic and synthetic probes, as on the probes uptime endpoint. */
export const availabilitySignals = (range: Range): MinuteSignal[] => [trafficSignal(range), probeSignal(range)]

/** WIB date (YYYY-MM-DD) of an instant. */
export const wibDate = (ms: number): string => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10)

export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null)
