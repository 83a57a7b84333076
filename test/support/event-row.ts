/**
 * A stored request event (a row of `request_events`, every column) for tests
 * that write rows straight to storage or a spool: neutral defaults, the
 * columns a test is about given.
 */
import { randomUUID } from 'node:crypto'
import type { RequestEvent } from '../../collector/event.js'

export function eventRow(fields: Partial<RequestEvent> & Pick<RequestEvent, 'instansi'>): RequestEvent {
  return {
    ts: Date.now(),
    event_id: randomUUID(),
    gateway_id: '',
    api_id: '',
    api_name: '',
    api_version: '',
    route: '/v1/x',
    path: '/v1/x',
    method: 'GET',
    status: 200,
    latency_ms: 5,
    backend_latency_ms: null,
    gateway_latency_ms: null,
    request_bytes: 0,
    response_bytes: 0,
    host: '',
    scheme: 'https',
    tls_version: '',
    consumer_id: '',
    consumer_instansi: '',
    user_hash: '',
    client_address: '',
    auth_outcome: 'unknown',
    request_id: '',
    trace_id: '',
    user_agent: '',
    service: '',
    level: '',
    message: '',
    upstream: '',
    log_fields_mask: 0,
    source_format: 'pasal13',
    ingested_at: Date.now(),
    ...fields,
  }
}
