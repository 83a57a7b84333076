/**
 * One synthetic HTTP(S) check: method, headers and timeout as configured;
 * succeeds when the status is the expected one and the body (first MiB)
 * contains the expected text. Records latency to the end of the body, the
 * negotiated TLS version and the peer certificate's expiry (`valid_to`) —
 * recorded even when the certificate does not verify, so an expired or
 * self-signed certificate is still seen; with `tls_verify` such a check fails.
 */
import http from 'node:http'
import https from 'node:https'
import type { TLSSocket } from 'node:tls'
import { t } from '../../shared/i18n/index.js'
import type { ProbeConfig, ProbeResultRow } from '../../shared/probes/schema.js'

export type { ProbeConfig, ProbeResultRow }

const MAX_BODY = 1024 * 1024

/** `signal` aborts the check (shutdown); the result then carries the abort error. */
export function runCheck(probe: ProbeConfig, signal?: AbortSignal, now: () => number = Date.now): Promise<ProbeResultRow> {
  const row: ProbeResultRow = {
    ts: now(),
    probe_id: probe.id,
    instansi: probe.instansi,
    api_id: probe.api_id,
    name: probe.name,
    url: probe.url,
    ok: 0,
    status: 0,
    latency_ms: 0,
    error: '',
    tls_version: '',
    cert_not_after: null,
    cert_subject: '',
  }
  const t0 = performance.now()
  return new Promise((resolve) => {
    let settled = false
    const finish = (error: string) => {
      if (settled) return
      settled = true
      row.latency_ms = Math.round((performance.now() - t0) * 10) / 10
      row.error = error
      row.ok = error === '' ? 1 : 0
      resolve(row)
    }
    let url: URL
    try {
      url = new URL(probe.url)
    } catch {
      return finish(t('alerts.probe.bad_url', { url: probe.url }))
    }
    const secure = url.protocol === 'https:'
    const client = secure ? https : http
    const req = client.request(url, {
      method: probe.method,
      headers: { 'user-agent': 'Pantau-Probe/1.0', ...probe.headers },
      timeout: probe.timeout_ms,
      signal,
      // Verification is judged below, after the certificate has been recorded.
      ...(secure ? { rejectUnauthorized: false, agent: false } : { agent: false }),
    })
    req.on('socket', (socket) => {
      if (!secure) return
      socket.once('secureConnect', () => {
        const tls = socket as TLSSocket
        row.tls_version = tls.getProtocol() ?? ''
        const cert = tls.getPeerCertificate()
        if (cert?.valid_to) row.cert_not_after = Math.floor(Date.parse(cert.valid_to) / 1000)
        row.cert_subject = cert?.subject?.CN ? String(cert.subject.CN) : ''
        if (probe.tls_verify && !tls.authorized) {
          finish(t('alerts.probe.tls', { reason: String(tls.authorizationError ?? 'unknown') }))
          req.destroy()
        }
      })
    })
    req.on('timeout', () => {
      finish(t('alerts.probe.timeout', { ms: probe.timeout_ms }))
      req.destroy()
    })
    req.on('error', (e) => finish(e.message))
    req.on('response', (res) => {
      row.status = res.statusCode ?? 0
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        if (size < MAX_BODY) chunks.push(c)
        size += c.length
      })
      res.on('error', (e) => finish(e.message))
      res.on('end', () => {
        if (row.status !== probe.expected_status) return finish(t('alerts.probe.status', { status: row.status, expected: probe.expected_status }))
        if (probe.body_contains && !Buffer.concat(chunks).toString('utf8').includes(probe.body_contains))
          return finish(t('alerts.probe.body', { text: probe.body_contains }))
        finish('')
      })
    })
    req.end()
  })
}
