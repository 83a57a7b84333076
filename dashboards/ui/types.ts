/** The parts of the API responses the pages read (see /v1/openapi.json for the full schemas). */
import type { LatencyPoint, Percentiles } from '../../shared/charts/latency.js'
import type { StatusCodeCount } from '../../shared/charts/status-codes.js'
import type { UptimePoint } from '../../shared/charts/uptime.js'
import type { SecurityPoint, SecuritySource } from '../../shared/charts/security.js'
import type { GrowthMonth } from '../../shared/charts/growth.js'
import type { IntegrationEdge } from '../../shared/charts/integration-matrix.js'
import type { Level } from '../../shared/charts/compliance.js'

export interface Overview {
  requests: number
  errors_5xx: number
  errors_4xx: number
  error_rate: number
  success_rate: number
  latency_ms: Percentiles & { avg: number }
  instansi: number
  apis: number
  consumers: number
}

export interface PerfPoint extends LatencyPoint {
  t: string
  requests: number
  errors_4xx: number
  errors_5xx: number
  error_rate: number
}

export interface Performance {
  interval: string
  series: PerfPoint[]
  totals: Omit<PerfPoint, 't'>
  status_codes: StatusCodeCount[]
}

export interface AvailabilityApi {
  api: string
  api_name: string
  instansi: string
  gateways: string[]
  active_minutes: number
  down_minutes: number
  uptime_pct: number | null
  requests: number
  errors_5xx: number
  success_pct: number | null
}

export interface Availability {
  series: Array<UptimePoint & { requests: number }>
  totals: { uptime_pct: number | null; success_pct: number | null; requests: number; down_minutes: number; apis: number }
  apis: AvailabilityApi[]
}

export interface Incident {
  id: string
  api: string
  api_name: string
  instansi: string
  gateways: string[]
  start: string
  end: string
  ongoing: boolean
  duration_min: number
  down_minutes: number
  requests: number
  errors_5xx: number
}

export interface Outage {
  id: string
  instansi: string
  apis: Array<{ api: string; api_name: string }>
  incidents: number
  start: string
  end: string
  ongoing: boolean
  duration_min: number
  requests: number
  errors_5xx: number
}

export interface Incidents {
  incidents: Incident[]
  outages: Outage[]
}

export interface Security {
  interval: string
  totals: {
    requests: number
    auth_failures: number
    rate_limited: number
    not_found: number
    plain_http_share: number | null
    tls_below_13_share: number | null
  }
  by_consumer: Array<{ consumer_id: string; consumer_instansi: string; requests: number; auth_failures: number; rate_limited: number }>
  by_source: Array<SecuritySource & { not_found_paths: number }>
  series: SecurityPoint[]
}

export interface Finding {
  kind: 'brute_force' | 'path_scan'
  source: string
  apis: Array<{ instansi: string; id: string; name: string }>
  window_start: string
  window_end: string
  peak: number
  auth_failures: number
  not_found_paths: number
}

export interface NewSource {
  instansi: string
  id: string
  name: string
  source: string
  first_seen: string
  last_seen: string
  requests: number
}

export interface Adoption {
  apis: {
    registered: number
    active: number
    inactive: number
    published_via_spl: number
    by_lifecycle: Record<'published' | 'created' | 'deprecated' | 'retired', number>
  }
  consumers_per_api: Array<{ api_id: string; api_name: string; instansi: string; requests: number; consumers: number; consumer_instansi: number }>
  traffic: { requests: number; via_spl: number; direct: number; spl_share: number; via_splp_linked: number }
  splp: Array<{ instansi: string; name: string; kind: string; gateways: number; spl_gateways: number; splp_linked_gateways: number; status: string }>
  growth: GrowthMonth[]
  top_consumers: Array<{ consumer_id: string; name: string; consumer_instansi: string; requests: number; apis: number; providers: number }>
}

export interface Integrations {
  nodes: Array<{ code: string; name: string; kind: string; calls_in: number; calls_out: number }>
  edges: Array<IntegrationEdge & { first_seen: string; internal: boolean; apis: Array<{ id: string; name: string }> }>
  new_integrations: Array<IntegrationEdge & { first_seen: string; internal: boolean }>
}

export interface Compliance {
  apis: Array<{
    api: string
    api_name: string
    instansi: string
    lifecycle: string
    level: Level
    checks: Array<{ id: string; passed: boolean | null; pasal: string; evidence: string }>
    failing: string[]
  }>
  instansi: Array<{ instansi: string; apis: number; level: Level; by_level: Record<Level, number>; pass_share: Record<string, number | null> }>
  ready_share: number
}

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
