/**
 * The API responses the pages read, as the types inferred from the zod
 * schemas the API validates and documents them with (shared/). Type imports
 * only: the bundler erases them, so the UI bundle takes no server code, and a
 * changed response shape is a compile error in the page that reads it.
 * `Endpoints` maps each `/v1/…` path the pages call to its `data` type, so
 * `ctx.data(path)` is typed by its path, not by a cast.
 */
import type { Alert, Silence, SloStatus } from '../../shared/alerting/schemas.js'
import type { Adoption, Integrations } from '../../shared/metrics/adoption.js'
import type { Availability, Incidents, SlaCompliance } from '../../shared/metrics/availability.js'
import type { Compliance } from '../../shared/metrics/compliance.js'
import type { Overview } from '../../shared/metrics/overview.js'
import type { Performance } from '../../shared/metrics/performance.js'
import type { Findings, NewSources, Security } from '../../shared/metrics/security.js'

export type { Adoption, Alert, Availability, Compliance, Incidents, Integrations, Overview, Performance, Security, Silence, SlaCompliance, SloStatus }

export type PerfPoint = Performance['series'][number]
export type AvailabilityApi = Availability['apis'][number]
export type Incident = Incidents['incidents'][number]
export type Outage = Incidents['outages'][number]
export type Finding = Findings['findings'][number]
export type NewSource = NewSources['sources'][number]

/** One row of `GET /v1/events` (the columns the pages show). */
export interface EventRow {
  ts: string
  method: string
  path: string
  status: number
  latency_ms: number
  consumer_id: string
  client_address: string
  gateway_id: string
}

/** The `data` of each endpoint the pages read. */
export interface Endpoints {
  'metrics/overview': Overview
  'metrics/performance': Performance
  'metrics/availability': Availability
  'metrics/incidents': Incidents
  'metrics/sla': SlaCompliance
  'metrics/security': Security
  'metrics/security/findings': Findings
  'metrics/security/new-sources': NewSources
  'metrics/adoption': Adoption
  'metrics/integrations': Integrations
  'metrics/compliance': Compliance
  'slos/status': SloStatus[]
  alerts: Alert[]
  silences: Silence[]
  events: EventRow[]
}
export type Endpoint = keyof Endpoints
