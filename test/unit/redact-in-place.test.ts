/**
 * The raw record's text is redacted in the record itself (consumedPayloadText,
 * redactInPlace) instead of a redacted copy (payloadText, redactRecord): the
 * text must be the same for every record, whatever it holds.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { redactInPlace } from '../../collector/transforms/redact.js'
import { consumedPayloadText, payloadText } from '../../collector/transforms/types.js'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')

/** Every JSON value of the gateway and shipper fixtures: whole files, array items and NDJSON lines. */
function fixtureRecords(): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = []
  for (const dir of ['gateways', 'shippers']) {
    for (const rel of readdirSync(join(FIXTURES, dir), { recursive: true }) as string[]) {
      if (!/\.(json|ndjson)$/.test(rel)) continue
      const text = readFileSync(join(FIXTURES, dir, rel), 'utf8')
      const values: unknown[] = []
      try {
        values.push(JSON.parse(text))
      } catch {
        for (const line of text.split('\n')) if (line.trim()) values.push(JSON.parse(line))
      }
      for (const v of values) {
        out.push([rel, v])
        if (Array.isArray(v)) for (const [i, item] of v.entries()) out.push([`${rel}[${i}]`, item])
      }
    }
  }
  return out
}

const nested = (levels: number): unknown => (levels === 0 ? { token: 'deep-secret' } : { a: [nested(levels - 1)] })

class Message {
  constructor(
    public body: string,
    public attributes: Array<{ key: string; value: { stringValue: string } }>,
  ) {}
  toJSON() {
    return { converted: true }
  }
}

const EDGE_CASES: Array<[string, unknown]> = [
  ['user and credential keys', { consumer: { username: 'app-1', id: 7 }, request: { headers: { authorization: 'Bearer x', Cookie: 'a=b', host: 'h' } } }],
  ['empty and null sensitive values stay', { password: '', token: null, user_id: undefined, email: 0 }],
  ['query secrets in a uri and in $args', { uri: '/p?page=1&api_key=abc&sig=zz', args: 'access_token=t&x=1', query: '?code=9' }],
  ['dotted OTel keys', { 'http.request.header.authorization': 'Basic y', 'enduser.id': 'u-1', 'url.query': 'key=k' }],
  [
    'OTLP attributes',
    {
      attributes: [
        { key: 'enduser.id', value: { stringValue: 'u-9' } },
        { key: 'url.full', value: { stringValue: 'https://a/b?apikey=s3cret&q=1' } },
        { key: 'http.status_code', value: { intValue: 200 } },
      ],
    },
  ],
  ['nested below the kept depth', nested(40)],
  ['arrays of strings with secrets', { paths: ['/a?token=1', '/b'], n: [1, 2, 3] }],
  ['a class instance (a decoder message)', new Message('/x?password=p', [{ key: 'user.name', value: { stringValue: 'bob' } }])],
  ['a class instance inside a plain record', { m: new Message('b', []), user_name: 'x' }],
  ['an object without prototype', Object.assign(Object.create(null), { secret: 's', path: '/q?pin=1' })],
  ['a string record', '{"token": "abc", "user": "u?" , "u": "/x?key=1"'],
  ['a number', 42],
  ['null', null],
  ['a record cut off by the length limit', { uri: `/x?${'a'.repeat(70_000)}`, user_id: 'u' }],
]

describe('redaction in the record itself', () => {
  const cases = [...fixtureRecords(), ...EDGE_CASES]

  it('reads the fixtures (a test of nothing otherwise)', () => {
    expect(cases.length).toBeGreaterThan(40)
  })

  it.each(cases)('%s: the same text as a redacted copy', (_name, record) => {
    const expected = payloadText(record, 65_536)
    expect(consumedPayloadText(structuredCloneKeepingPrototype(record), 65_536)).toBe(expected)
  })

  it('changes only the sensitive values of the record it is given', () => {
    const record = { consumer: { username: 'app-1' }, request: { uri: '/a?apikey=k&page=2', headers: { host: 'h' } } }
    const headers = record.request.headers
    expect(redactInPlace(record)).toBe(record)
    expect(record).toEqual({ consumer: { username: 'REDACTED' }, request: { uri: '/a?apikey=REDACTED&page=2', headers: { host: 'h' } } })
    expect(record.request.headers).toBe(headers)
  })
})

/** structuredClone drops prototypes (null-prototype objects and class instances): keep them. */
function structuredCloneKeepingPrototype(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(structuredCloneKeepingPrototype)
  const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>
  for (const [k, v] of Object.entries(value)) copy[k] = structuredCloneKeepingPrototype(v)
  return copy
}
