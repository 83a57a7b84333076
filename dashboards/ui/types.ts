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
import type { Availability, Incidents } from '../../shared/metrics/availability.js'
import type { SlaCompliance } from '../../shared/metrics/sla.js'
import type { Compliance } from '../../shared/metrics/compliance.js'
import type { Overview } from '../../shared/metrics/overview.js'
import type { Performance } from '../../shared/metrics/performance.js'
import type { Findings, NewSources, Security } from '../../shared/metrics/security.js'
import type { EventDetail, EventRow } from '../../shared/metrics/events.js'
import type { MaintenanceWindow } from '../../shared/maintenance/schemas.js'
import type { HistogramPoint } from '../../shared/metrics/events-histogram.js'
import type { Batch, Recap } from '../../shared/reports/assessment.js'

export type { Adoption, Alert, Availability, Compliance, Incidents, Integrations, Overview, Performance, Security, Silence, SlaCompliance, SloStatus }

export type PerfPoint = Performance['series'][number]
export type AvailabilityApi = Availability['apis'][number]
export type Incident = Incidents['incidents'][number]
export type Outage = Incidents['outages'][number]
export type Finding = Findings['findings'][number]
export type NewSource = NewSources['sources'][number]

export type { EventDetail, EventRow, HistogramPoint, MaintenanceWindow }
export type { Batch, Recap }
export type RecapRow = Recap['rows'][number]

/** `pagination` of a `GET /v1/events` page. */
export interface EventsPagination {
  per_page: number
  next_cursor?: string
  total?: number
  total_approximate?: boolean
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
  maintenance: MaintenanceWindow[]
  events: EventRow[]
  'events/histogram': HistogramPoint[]
  'assessment/recap': Recap
}
export type Endpoint = keyof Endpoints
