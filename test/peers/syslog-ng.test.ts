/**
 * syslog-ng (Debian 3.38, syslog-ng-core + syslog-ng-mod-http) as the log
 * shipper, run in the foreground with its own persist, pid and control files:
 * collector/examples/syslog-ng/pantau.conf as shipped (only its two file paths
 * pointed at temp files) tails a WSO2 apim_metrics.log and an nginx JSON access
 * log (flags(no-parse)) and POSTs the lines with http(), batched as JSON arrays
 * of `$(format-json …)` objects, to /ingest/wso2 and /ingest/nginx. A second
 * destination the test adds sends the nginx lines as they are (body("$MSG"),
 * the example's documented alternative). Every line must arrive exactly once,
 * with counts per status class and latency sums as in the files.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { example, type Peer, peerReady, runPeer } from '../support/shippers.js'
import { deadLetters, nginxJsonLines, nginxLogTotals, pantauSeen, pantauTotals, wso2LogTotals, wso2MetricLines } from '../support/gateway-logs.js'
import { startTestStack, tempDir, type TestStack } from '../support/stack.js'
import { waitFor } from '../support/wait.js'

const SYSLOG_NG = '/usr/sbin/syslog-ng'
const ENVELOPE = 'syslog-ng-json' // the example: format-json envelopes
const PLAIN = 'syslog-ng-msg' // the test's extra destination: body("$MSG")
const N_NGINX = 300
const N_WSO2 = 60

let stack: TestStack
let syslogNg: Peer | undefined
const nginx = nginxJsonLines(N_NGINX)
const wso2 = wso2MetricLines(N_WSO2)

/** The example, its file paths pointed at the test's files, plus the test's body("$MSG") destination. */
function config(dir: string, files: { wso2: string; nginx: string }, plainToken: string): string {
  const text = readFileSync(example('syslog-ng/pantau.conf'), 'utf8')
  const pointed = text.replace('/opt/wso2am/repository/logs/apim_metrics.log', files.wso2).replace('/var/log/nginx/access.json.log', files.nginx)
  expect(pointed).not.toBe(text)
  return `${pointed}
destination d_test_nginx_msg {
  http(
    url("\`PANTAU_INGEST_URL\`/ingest/nginx")
    method("POST")
    headers("Content-Type: application/json", "Authorization: Bearer ${plainToken}")
    body-prefix("[") delimiter(",") body-suffix("]")
    body("$MSG")
    batch-lines(100) batch-timeout(500)
    persist-name("test-nginx-msg")
  );
};
log { source(s_pantau_nginx); destination(d_test_nginx_msg); };
# syslog-ng's own messages, for the failure output
log { source { internal(); }; destination { file("${dir}/internal.log"); }; };
`
}

beforeAll(async () => {
  stack = await startTestStack()
  const [envelopeToken, plainToken] = [await stack.gateway(ENVELOPE, { product: 'wso2' }), await stack.gateway(PLAIN, { product: 'nginx' })]
  const dir = tempDir('pantau-syslog-ng-')
  const files = { wso2: join(dir, 'apim_metrics.log'), nginx: join(dir, 'access.json.log') }
  const half = (l: string[]) => Math.floor(l.length / 2)
  writeFileSync(files.wso2, `${wso2.slice(0, half(wso2)).join('\n')}\n`)
  writeFileSync(files.nginx, `${nginx.slice(0, half(nginx)).join('\n')}\n`)
  const conf = join(dir, 'syslog-ng.conf')
  writeFileSync(conf, config(dir, files, plainToken))

  const args = [
    '-F',
    '-f',
    conf,
    '--persist-file',
    join(dir, 'syslog-ng.persist'),
    '--pidfile',
    join(dir, 'syslog-ng.pid'),
    '--control',
    join(dir, 'syslog-ng.ctl'),
    '-e',
  ]
  syslogNg = runPeer('syslog-ng', SYSLOG_NG, args, { PANTAU_INGEST_URL: stack.ingest, PANTAU_INGEST_TOKEN: envelopeToken })
  await peerReady(syslogNg, 'started', () => syslogNg!.output().includes('syslog-ng starting up'))

  const metricLines = (l: string[]) => l.filter((x) => x.includes('apimMetrics:')).length
  const answered = async (instansi: string, n: number) => {
    const s = await pantauSeen(stack, instansi)
    return s.stored + s.refused >= n
  }
  const detail = () => `${syslogNg!.output().slice(-3000)}\n${readFileSync(join(dir, 'internal.log'), 'utf8').slice(-3000)}`
  await waitFor(
    'the first halves',
    async () => (await answered(ENVELOPE, half(nginx) + metricLines(wso2.slice(0, half(wso2))))) && answered(PLAIN, half(nginx)),
    60_000,
    detail,
    200,
  )
  appendFileSync(files.wso2, `${wso2.slice(half(wso2)).join('\n')}\n`)
  appendFileSync(files.nginx, `${nginx.slice(half(nginx)).join('\n')}\n`)
  await waitFor('every line', async () => (await answered(ENVELOPE, N_NGINX + N_WSO2)) && answered(PLAIN, N_NGINX), 60_000, detail, 200)
  await syslogNg.stop()
  await stack.flushed()
}, 180_000)

afterAll(async () => {
  await syslogNg?.stop()
  await stack?.stop()
})

describe('syslog-ng http() → Pantau native ingest', () => {
  it(`nginx lines as they are (body("$MSG"), batched JSON array) → /ingest/nginx: ${N_NGINX} requests as in the file`, async () => {
    expect(await deadLetters(stack.storage!, PLAIN)).toBe('')
    const { requestIds, ...fromFile } = nginxLogTotals(nginx)
    expect(await pantauTotals(stack.storage!, PLAIN, 'nginx')).toEqual(fromFile)
    const ids = await stack.storage!.query<{ request_id: string }>('SELECT request_id FROM request_events WHERE instansi = {i:String} ORDER BY request_id', {
      i: PLAIN,
    })
    expect(ids.map((r) => r.request_id)).toEqual(requestIds)
  })

  it(`the example's format-json batches → /ingest/nginx: ${N_NGINX} requests as in the file`, async () => {
    const { requestIds: _, ...fromFile } = nginxLogTotals(nginx)
    expect(await pantauTotals(stack.storage!, ENVELOPE, 'nginx')).toEqual(fromFile)
  })

  it(`the example's format-json batches → /ingest/wso2: ${N_WSO2} events, the start-up line filtered out`, async () => {
    const { responses, faults, ...fromFile } = wso2LogTotals(wso2)
    expect(responses + faults).toBe(N_WSO2)
    expect(await pantauTotals(stack.storage!, ENVELOPE, 'wso2')).toEqual(fromFile)
    expect(await deadLetters(stack.storage!, ENVELOPE)).toBe('')
  })
})
