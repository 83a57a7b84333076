/**
 * One generated API call, format-neutral. The generator fills one mutable
 * instance per record (no per-record object allocation) and a format
 * encoder turns it into that gateway's native log line. All text fields are
 * JSON-safe by construction (no quotes, backslashes or control characters),
 * so encoders write them between quotes without escaping.
 */
import type { DemoConsumer, DemoGateway } from '../model.js'
import type { JsonWriter } from './writer.js'

export interface Req {
  /** Request start, epoch ms. */
  ts: number
  gateway: DemoGateway
  /** Identity of the API (constant per API): key of the writer's cached blocks. */
  apiKey: object
  /** Registered API name ('' for shadow routes and scanner probes). */
  apiName: string
  apiVersion: string
  /** API context / route prefix, e.g. `/data-faskes/v2` (the path itself for probes). */
  basePath: string
  /** Resource template relative to the base path, e.g. `/faskes/{kode}` ('' for probes). */
  template: string
  /** Gateway-side name of the route/service, e.g. `kemenkes.data-faskes.v2`. */
  routeName: string
  /** Auth type of the API ('' for probes). */
  authType: string
  method: string
  /** Path without query. */
  path: string
  /** Query string without '?', or ''. */
  query: string
  /** Path with the query, as the client sent it. */
  uri: string
  status: number
  totalMs: number
  /** Upstream time; -1 when no upstream answered (auth failure, no healthy upstream). */
  backendMs: number
  gatewayMs: number
  requestBytes: number
  responseBytes: number
  /** 'TLSv1.3' | 'TLSv1.2' | '' (plain HTTP). */
  tls: string
  clientIp: string
  userAgent: string
  /** End user (NIP / citizen id), '' when anonymous. */
  userId: string
  /** Calling application, null when the gateway did not identify one. */
  consumer: DemoConsumer | null
  /** 128-bit request / trace id (written as hex by JsonWriter.id). */
  id: Uint32Array
  /** Upstream `ip:port`, '' when none was called. */
  upstream: string
  /** Why the gateway itself answered: auth failure, throttling, no backend. */
  fault: '' | 'AUTH' | 'THROTTLED' | 'TARGET_CONNECTIVITY'
}

export function emptyReq(gateway: DemoGateway): Req {
  return {
    ts: 0,
    gateway,
    apiKey: gateway,
    apiName: '',
    apiVersion: '',
    basePath: '',
    template: '',
    routeName: '',
    authType: '',
    method: 'GET',
    path: '/',
    query: '',
    uri: '/',
    status: 200,
    totalMs: 0,
    backendMs: -1,
    gatewayMs: 0,
    requestBytes: 0,
    responseBytes: 0,
    tls: '',
    clientIp: '',
    userAgent: '',
    userId: '',
    consumer: null,
    id: new Uint32Array(4),
    upstream: '',
    fault: '',
  }
}

/** A native format: one record per call, framed into one request body per batch. */
export interface Encoder {
  /** Ingest path on the collector, e.g. `/ingest/kong` or `/v1/logs`. */
  readonly path: string
  readonly contentType: string
  write(w: JsonWriter, r: Req): void
  /** Written before the first record, between records, and after the last. */
  open(w: JsonWriter, gateway: DemoGateway): void
  readonly separator: string
  close(w: JsonWriter, gateway: DemoGateway): void
}

/** NDJSON framing, used by every native format. */
export const NDJSON = {
  contentType: 'application/x-ndjson',
  open: () => undefined,
  separator: '\n',
  close: (w: JsonWriter) => w.str('\n'),
} as const

/** Query string as an APISIX/Kong `querystring` object. */
export function writeQueryObject(w: JsonWriter, query: string): void {
  w.str('{')
  if (query) {
    const pairs = query.split('&')
    for (let i = 0; i < pairs.length; i++) {
      const eq = pairs[i].indexOf('=')
      w.t`${i ? ',' : ''}"${pairs[i].slice(0, eq)}":"${pairs[i].slice(eq + 1)}"`
    }
  }
  w.str('}')
}

const REASON: Record<number, string> = {
  200: 'Permintaan berhasil diproses',
  201: 'Data berhasil dibuat',
  400: 'Permintaan tidak valid',
  401: 'Token tidak valid atau kedaluwarsa',
  403: 'Akses ditolak',
  404: 'Data tidak ditemukan',
  422: 'Validasi data gagal',
  429: 'Batas permintaan terlampaui',
  500: 'Terjadi kesalahan pada server',
  502: 'Layanan hulu tidak merespons dengan benar',
  503: 'Layanan sedang tidak tersedia',
  504: 'Waktu tunggu layanan hulu habis',
}
/** Indonesian log message for a status. */
export const messageFor = (status: number): string => REASON[status] ?? `Status ${status}`

export const levelFor = (status: number): string => (status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO')

/** Milliseconds rounded to microseconds (a float for JSON). */
export const micros = (ms: number): number => Math.round(ms * 1000) / 1000
