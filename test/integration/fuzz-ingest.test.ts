/**
 * Property-based fuzzing of the ingest endpoints through the real HTTP
 * source, transforms, spool and embedded engine: random and mutated records
 * of every gateway format (and OTLP), in random batches and encodings. For
 * every body: no 5xx, the process stays up, every record is either stored
 * exactly once or named in the answer's rejections, and untouched valid
 * records are always stored.
 *
 * Stored rows must also be plausible (bounds.ts) and the drain must never
 * stall on them.
 *
 * Seeded and bounded for CI (PANTAU_FUZZ_RUNS, default 100 bodies per
 * property); `npm run fuzz` runs it much longer with a fresh seed each time
 * (PANTAU_FUZZ_SEED reproduces a run).
 */
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeRequest } from '../../collector/sources/otlp/proto.js'
import { allFixtures, fixture } from '../support/formats.js'
import { startTestStack, type TestStack } from '../support/stack.js'

const RUNS = Number(process.env.PANTAU_FUZZ_RUNS ?? 100)
const SEED = Number(process.env.PANTAU_FUZZ_SEED ?? (process.env.PANTAU_FUZZ_LONG ? Date.now() % 2 ** 31 : 20261204))
if (process.env.PANTAU_FUZZ_LONG) console.log(`fuzz: ${RUNS} bodies per property, seed ${SEED} (PANTAU_FUZZ_SEED=${SEED} reproduces)`)
const TIMEOUT = Math.max(120_000, RUNS * 3_000)

let stack: TestStack
let token: string
let gateway: string

beforeAll(async () => {
  // the documentation samples are years old: keep them inside the retention window
  stack = await startTestStack({ PANTAU_RAW_TTL_DAYS: '20000' })
  token = await stack.gateway('fuzz', { product: 'kong' })
  gateway = (await stack.call('GET', '/v1/registry/gateways?instansi=fuzz')).body.data[0].id
})
afterAll(() => stack?.stop())

const stored = async () => {
  await stack.flushed()
  const [r] = await stack.storage!.query<{ n: string }>('SELECT count() AS n FROM request_events WHERE gateway_id = {g:String}', { g: gateway })
  return Number(r!.n)
}

/** A value nested `depth` levels deep, written out by text() (JSON.stringify cannot write it). */
class Deep {
  constructor(readonly depth: number) {}
}

/** Values gateways (and attackers) put where a number, a time or text belongs. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(1e300, -1e300, -1, -0.5, 0, 1e15, 2 ** 53, 4102444800, 1e10, '2999-01-01T00:00:00Z', '1970-01-01T00:00:01Z'),
  fc.constantFrom('', '-', 'NaN', 'Infinity', '1e999', null, true, [], {}, '9'.repeat(400), '\u0000', '🙂'),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 30, max: 20_000 }).map((d) => new Deep(d)),
)

interface Item {
  record: unknown
  /** An untouched valid fixture: must be stored. */
  valid: boolean
}

const validFixtures = allFixtures.filter((f) => !f.file.startsWith('malformed')).map((f) => ({ ...f, record: fixture(f.format, f.file) }))
const anyFixture = fc.constantFrom(...allFixtures.map((f) => ({ ...f, record: fixture(f.format, f.file) })))

/** A fixture record with a few keys replaced, removed or added. */
const mutated: fc.Arbitrary<Item> = fc
  .tuple(anyFixture, fc.array(fc.tuple(fc.nat(), fc.oneof(hostile, fc.constant(undefined)), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 4 }))
  .map(([f, edits]) => {
    const record = structuredClone(f.record) as Record<string, unknown>
    const keys = Object.keys(record)
    for (const [at, value, extra] of edits) {
      const key = keys.length && at % 3 !== 0 ? keys[at % keys.length]! : extra
      if (value === undefined) delete record[key]
      else record[key] = value
    }
    return { record, valid: false }
  })
const untouched: fc.Arbitrary<Item> = fc.constantFrom(...validFixtures).map((f) => ({ record: structuredClone(f.record), valid: true }))
const garbage: fc.Arbitrary<Item> = hostile.map((record) => ({ record, valid: false }))

const batch = fc.record({
  items: fc.array(fc.oneof({ weight: 3, arbitrary: untouched }, { weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: garbage }), {
    minLength: 1,
    maxLength: 25,
  }),
  path: fc.constantFrom(...validFixtures.map((f) => `/ingest/${f.format}`), '/ingest/auto'),
  asArray: fc.boolean(),
  gzip: fc.boolean(),
})

const send = (path: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  fetch(stack.ingest + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body: body as BodyInit })

/** JSON text, with Deep values written out by hand. */
const text = (v: unknown): string => {
  const deep: number[] = []
  const json = JSON.stringify(v, (_k, x: unknown) => (x instanceof Deep ? `\u0000deep${deep.push(x.depth) - 1}` : x)) ?? 'null'
  return json.replace(/"\\u0000deep(\d+)"/g, (_m, i: string) => '['.repeat(deep[Number(i)]!) + ']'.repeat(deep[Number(i)]!))
}

/** Stored rows of the fuzz gateway outside the plausibility bounds (must stay 0). */
const implausible = async () => {
  const [r] = await stack.storage!.query<{ n: string }>(
    `SELECT count() AS n FROM request_events WHERE gateway_id = {g:String} AND (
       NOT isFinite(latency_ms) OR latency_ms > 3600000 OR latency_ms < 0 OR ts > now64(3) + INTERVAL 10 MINUTE
       OR ts < now64(3) - INTERVAL 20000 DAY OR status < 100 OR status > 599)`,
    { g: gateway },
  )
  return Number(r!.n)
}

describe('fuzzing the ingest path', () => {
  it('native formats: no 5xx; every record stored exactly once or named; untouched records stored', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(batch, async ({ items, path, asArray, gzip }) => {
        const format = path.slice('/ingest/'.length)
        const lines = items.map((i) => text(i.record))
        const raw = Buffer.from(asArray ? `[${lines.join(',')}]` : lines.join('\n'))
        const before = await stored()
        const res = await send(path, gzip ? gzipSync(raw) : raw, gzip ? { 'content-encoding': 'gzip' } : {})
        const body = await res.json()
        expect([200, 400], JSON.stringify(body)).toContain(res.status)
        const delta = (await stored()) - before
        expect(stack.collector!.drain.failures).toBe(0)
        expect(await implausible()).toBe(0)
        if (res.headers.get('pantau-replayed') === 'true') return void expect(delta).toBe(0)
        if (res.status === 200) {
          expect(body).toEqual({ accepted: items.length, rejected: 0 })
          expect(delta).toBe(items.length)
          return
        }
        if (body.field === 'body') return void expect(delta).toBe(0) // nothing readable as records at all
        expect(body.accepted + body.rejected).toBe(items.length)
        expect(delta).toBe(body.accepted)
        for (const e of body.errors as Array<{ index: number; field: string; reason: string }>) {
          expect(typeof e.field).toBe('string')
          expect(e.reason.length).toBeGreaterThan(0)
          // an untouched valid record is never rejected by its own format or by auto
          const item = items[e.index]!
          if (item.valid && (format === 'auto' || validFixtures.some((f) => f.format === format && text(f.record) === text(item.record))))
            expect.fail(`valid record ${e.index} rejected: ${e.field}: ${e.reason}`)
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    )
    expect((await fetch(`${stack.ingest}/healthz`)).status).toBe(200)
  })

  it('OTLP: mutated JSON and protobuf requests, and random bytes, never answer 5xx', { timeout: TIMEOUT }, async () => {
    const now = () => String(BigInt(Date.now() - 5_000) * 1_000_000n)
    const attribute = fc.record({
      key: fc.constantFrom('http.request.method', 'http.response.status_code', 'url.path', 'duration_ms', 'consumer.instansi', 'x'),
      value: fc.oneof(
        hostile.map((v) => ({ stringValue: text(v) })),
        hostile.map((v) => ({ doubleValue: v })),
        fc.constant({ intValue: '200' }),
        hostile,
      ),
    })
    const logRecord = fc.record(
      {
        timeUnixNano: fc.oneof(fc.constant(undefined), fc.constant('0'), fc.bigInt({ min: -10n, max: 10n ** 20n }).map(String)).map((t) => t ?? now()),
        body: fc.oneof(
          fc.constant(undefined),
          hostile.map((v) => ({ stringValue: text(v) })),
        ),
        attributes: fc.array(attribute, { maxLength: 8 }),
      },
      { requiredKeys: [] },
    )
    const request = fc.record({
      resourceLogs: fc.array(
        fc.record({
          resource: fc.record({ attributes: fc.array(attribute, { maxLength: 3 }) }),
          scopeLogs: fc.array(fc.record({ logRecords: fc.array(fc.oneof(logRecord, hostile), { maxLength: 6 }) }), { maxLength: 2 }),
        }),
        { maxLength: 2 },
      ),
    })
    await fc.assert(
      fc.asyncProperty(request, fc.constantFrom('json', 'protobuf', 'bytes'), fc.uint8Array({ maxLength: 512 }), async (req, encoding, bytes) => {
        let body: Buffer | string
        let type = 'application/json'
        if (encoding === 'json') body = text(req)
        else if (encoding === 'bytes') (body = Buffer.from(bytes)), (type = 'application/x-protobuf')
        else {
          type = 'application/x-protobuf'
          try {
            body = Buffer.from(encodeRequest('logs', req))
          } catch {
            body = Buffer.from(bytes) // not encodable as protobuf: random bytes instead
          }
        }
        const res = await send('/v1/logs', body, { 'content-type': type })
        expect(res.status, await res.text()).toBeLessThan(500)
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    )
    for (const signal of ['metrics', 'traces']) {
      const res = await send(`/v1/${signal}`, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), { 'content-type': 'application/x-protobuf' })
      expect(res.status).toBe(400)
    }
    expect((await fetch(`${stack.ingest}/healthz`)).status).toBe(200)
  })
})
