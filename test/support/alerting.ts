/**
 * Local peers for the alerting tests: an HTTP sink (webhook / Telegram
 * stand-in), an SMTP sink, a real Prometheus Alertmanager, and traffic
 * planting with exact event times.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SMTPServer } from 'smtp-server'
import { vi } from 'vitest'
import { freePort } from '../../scripts/process.js'
import type { AlertEngine } from '../../shared/alerting/engine.js'
import type { TestStack } from './stack.js'
import { waitFor as waitUntil } from './wait.js'

export interface Received {
  at: number
  path: string
  headers: IncomingHttpHeaders
  raw: string
  body: any
  status: number
}

export interface HttpSink {
  url: string
  /** Every request, answered or failed. */
  requests: Received[]
  /** Requests answered 2xx. */
  delivered(): Received[]
  close(): Promise<void>
}

/** An HTTP server that records requests; `statuses` are answered in turn (then 200). */
export async function startHttpSink(statuses: number[] = [], reply: (r: Received) => unknown = () => ({ ok: true })): Promise<HttpSink> {
  const requests: Received[] = []
  const queue = [...statuses]
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const status = queue.shift() ?? 200
      const r: Received = { at: Date.now(), path: req.url ?? '', headers: req.headers, raw, body: raw ? JSON.parse(raw) : undefined, status }
      requests.push(r)
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(status < 300 ? reply(r) : { ok: false, description: 'stand-in failure' }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered: () => requests.filter((r) => r.status < 300),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

export interface SmtpSink {
  url: string
  messages: Array<{ at: number; from: string; to: string[]; raw: string; subject: string }>
  close(): Promise<void>
}

/** An SMTP server that accepts everything (no TLS, no auth) and keeps the messages. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpSink['messages'] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const subject = decodeSubject(/^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1] ?? '')
        messages.push({
          at: Date.now(),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject,
        })
        callback()
      })
    },
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** RFC 2047 encoded-words (nodemailer encodes non-ASCII subjects). */
function decodeSubject(s: string): string {
  return s
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    )
    .trim()
}

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager'

/** The real Alertmanager (Debian's prometheus-alertmanager) on a free port, clustering off. */
export async function startAlertmanager(): Promise<{ url: string; stop(): Promise<void>; output(): string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-am-'))
  writeFileSync(join(dir, 'alertmanager.yml'), 'route:\n  receiver: blackhole\n  group_wait: 1s\nreceivers:\n  - name: blackhole\n')
  const port = await freePort()
  let out = ''
  const child = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  await waitFor(
    async () =>
      child.exitCode === null &&
      (await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      )),
    20_000,
    () => out,
  )
  return {
    url,
    output: () => out,
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** Poll until `check` is truthy; fails with `describe()` after `timeoutMs` (support/wait.ts). */
export function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 15_000, describe: () => string = () => ''): Promise<T> {
  return waitUntil('the condition', check, timeoutMs, describe)
}

/**
 * Counts the alert engine's evaluation cycles (timer-driven or on demand), calling
 * through unchanged. `cycles(n)` resolves once `n` cycles that started after the
 * call have finished and the notifier has no delivery in flight: whatever those
 * cycles were going to notify has then been delivered (or given up), so a test
 * can assert that nothing more was sent over `n` intervals without sleeping.
 */
export function countEvaluations(engine: AlertEngine): { cycles(n: number, timeoutMs?: number): Promise<void>; restore(): void } {
  const evaluate = engine.evaluate.bind(engine)
  let started = 0
  const finished: number[] = []
  const spy = vi.spyOn(engine, 'evaluate').mockImplementation((at?: number) => {
    const index = started++
    return evaluate(at).finally(() => finished.push(index))
  })
  return {
    async cycles(n, timeoutMs = 30_000) {
      const from = started
      await waitUntil(
        `${n} alert evaluation cycle(s)`,
        () => finished.filter((i) => i >= from).length >= n,
        timeoutMs,
        () => `started ${started - from}, finished ${finished.filter((i) => i >= from).length}`,
      )
      await engine.notifier.idle()
    },
    restore: () => spy.mockRestore(),
  }
}

export interface PlantedEvent {
  ts: number
  status: number
  duration?: number
  endpoint?: string
  clientIp?: string
}

/** Post Pasal 13 records with exact timestamps through the native ingest, then wait until stored. */
export async function plant(stack: TestStack, token: string, basePath: string, events: PlantedEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5000) {
    const body = events
      .slice(i, i + 5000)
      .map((e, j) =>
        JSON.stringify({
          timestamp: new Date(e.ts).toISOString(),
          level: e.status >= 500 ? 'ERROR' : 'INFO',
          service: 'svc',
          requestId: `r-${e.ts}-${i + j}`,
          method: 'GET',
          endpoint: e.endpoint ?? `${basePath}/data`,
          statusCode: e.status,
          duration: e.duration ?? 20,
          message: 'ok',
          clientIp: e.clientIp ?? '10.1.2.3',
        }),
      )
      .join('\n')
    const res = await fetch(`${stack.ingest}/ingest/pasal13`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body })
    if (!res.ok) throw new Error(`ingest: HTTP ${res.status} ${await res.text()}`)
  }
  await stack.flushed()
}

/** One event per minute for `minutes` minutes before `end` (exclusive of the last `skip` minutes). */
export function perMinute(end: number, minutes: number, status: number, skip = 0, extra: Partial<PlantedEvent> = {}): PlantedEvent[] {
  return Array.from({ length: minutes - skip }, (_, i) => ({ ts: end - (i + skip) * 60_000, status, ...extra }))
}

/** Register an instansi, its gateway and an API; returns the ingest token and the API id. */
export async function instansiWithApi(
  stack: TestStack,
  instansi: string,
  basePath: string,
  api: Record<string, unknown> = {},
): Promise<{ token: string; apiId: string }> {
  const token = await stack.gateway(instansi)
  const res = await stack.call('POST', '/v1/registry/apis', { instansi, name: `Layanan ${instansi}`, base_path: basePath, ...api })
  if (res.status !== 201) throw new Error(JSON.stringify(res.body))
  await stack.collector!.registry.refresh()
  return { token, apiId: res.body.data.id }
}
