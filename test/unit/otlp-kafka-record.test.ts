/**
 * The OTLP Kafka input's pure parts: its settings (PANTAU_OTLP_KAFKA_*), how a
 * record's encoding and signal are told (otlp_proto, otlp_json, raw; the
 * otelcol.signal header or the topic), and how a record is attributed to a
 * gateway (token header, else the topic mapping; a bad token is never replaced).
 */
import type { Kafka, KafkaMessage } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { kafkaConfigFromEnv } from '../../collector/kafka/config.js'
import { encodeRequest } from '../../collector/sources/otlp/proto.js'
import { DEFAULT_TIME_WINDOW } from '../../collector/bounds.js'
import { STREAM_SPECS } from '../../collector/streams.js'
import { nameUuid } from '../../collector/transforms/index.js'
import { Pseudonymizer } from '../../collector/transforms/redact.js'
import { BatchAttributor, WriterRegistry } from '../../collector/writer/otlp-attribution.js'
import { OtlpKafkaWriter, recordEventId } from '../../collector/writer/otlp-writer.js'
import type { RangeBatch } from '../../collector/writer/range-consumer.js'
import { toLogger } from '../../shared/log/logger.js'
import type { Storage } from '../../storage/client.js'
import { decodeRecord, recordPayload, signalOf } from '../../collector/writer/otlp-record.js'
import { hashToken, type RegistrySnapshot } from '../../shared/registry/cache.js'

const logs = {
  resourceLogs: [
    {
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: '1700000000000000000',
              body: { stringValue: 'GET /x' },
              attributes: [{ key: 'http.request.method', value: { stringValue: 'GET' } }],
            },
          ],
        },
      ],
    },
  ],
}

describe('OTLP Kafka settings', () => {
  it('are off by default, and read topics (signal from the name or :suffix), group, header and topic mapping', () => {
    expect(kafkaConfigFromEnv({ KAFKA_BROKERS: '127.0.0.1:9092' })?.otlp).toEqual({
      topics: [],
      groupId: 'pantau-otlp-writer',
      tokenHeader: 'x-pantau-token',
      gateways: {},
    })
    const cfg = kafkaConfigFromEnv({
      KAFKA_BROKERS: '127.0.0.1:9092',
      PANTAU_OTLP_KAFKA_TOPICS: 'otlp_logs, otlp_spans,otlp_metrics,edge-a:logs,edge-b',
      PANTAU_OTLP_KAFKA_GROUP: 'g',
      PANTAU_OTLP_KAFKA_TOKEN_HEADER: 'authorization',
      PANTAU_OTLP_KAFKA_GATEWAYS: 'edge-a=kemenkes-spl,edge-b=bps-spl',
    })?.otlp
    expect(cfg).toEqual({
      topics: [
        { name: 'otlp_logs', signal: 'logs' },
        { name: 'otlp_spans', signal: 'traces' },
        { name: 'otlp_metrics', signal: 'metrics' },
        { name: 'edge-a', signal: 'logs' },
        { name: 'edge-b', signal: undefined },
      ],
      groupId: 'g',
      tokenHeader: 'authorization',
      gateways: { 'edge-a': 'kemenkes-spl', 'edge-b': 'bps-spl' },
    })
  })

  it.each([
    [{ PANTAU_OTLP_KAFKA_TOPICS: 'a:profiles' }, /logs, traces or metrics/],
    [{ PANTAU_OTLP_KAFKA_TOPICS: 'a b' }, /topic name/],
    [{ PANTAU_OTLP_KAFKA_TOPICS: 'a', PANTAU_OTLP_KAFKA_GATEWAYS: 'b=gw' }, /not in the OTLP topics/],
    [{ PANTAU_OTLP_KAFKA_TOPICS: 'a', PANTAU_OTLP_KAFKA_GATEWAYS: 'a' }, /topic=gatewayId/],
    [{ PANTAU_OTLP_KAFKA_TOPICS: 'pantau.events.v1' }, /Pantau's own topics/],
  ])('refuse to start on %o', (env, message) => {
    expect(() => kafkaConfigFromEnv({ KAFKA_BROKERS: '127.0.0.1:9092', ...env })).toThrow(message)
  })

  it('need KAFKA_BROKERS', () => {
    expect(() => kafkaConfigFromEnv({ PANTAU_OTLP_KAFKA_TOPICS: 'otlp_logs' })).toThrow(/needs KAFKA_BROKERS/)
  })
})

describe('an OpenTelemetry Collector Kafka record', () => {
  it('otlp_proto and otlp_json decode to the same request', () => {
    const proto = decodeRecord('logs', Buffer.from(encodeRequest('logs', logs)), 0, 1 << 20)
    const json = decodeRecord('logs', Buffer.from(JSON.stringify(logs)), 0, 1 << 20)
    expect(proto).toMatchObject({ ok: true, encoding: 'otlp_proto', decoded: { trusted: true } })
    expect(json).toMatchObject({ ok: true, encoding: 'otlp_json', decoded: { trusted: false } })
    if (!proto.ok || !json.ok) return
    expect(proto.decoded.request).toEqual(json.decoded.request)
  })

  it('raw: a JSON-quoted string body is the line, a map body its JSON, the record time its observed time', () => {
    const quoted = decodeRecord('logs', Buffer.from(JSON.stringify('plain line two')), 1_700_000_000_123, 1 << 20)
    expect(quoted).toMatchObject({ ok: true, encoding: 'raw' })
    if (!quoted.ok) return
    expect(quoted.decoded.request).toEqual({
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ observedTimeUnixNano: '1700000000123000000', body: { stringValue: 'plain line two' } }] }] }],
    })
    const map = decodeRecord('logs', Buffer.from('{"apiName":"PizzaShackAPI"}'), 1, 1 << 20)
    expect(map).toMatchObject({ ok: true, encoding: 'raw' })
  })

  it('refuses what it cannot read, naming why', () => {
    expect(decodeRecord('logs', null, 0, 100)).toEqual({ ok: false, field: 'value', reason: 'empty record' })
    expect(decodeRecord('logs', Buffer.alloc(101, 0x0a), 0, 100)).toMatchObject({ ok: false, reason: /exceeds 100 bytes/ })
    expect(decodeRecord('traces', Buffer.from('"a line"'), 0, 100)).toMatchObject({ ok: false, reason: /log line/ })
    expect(decodeRecord('logs', Buffer.from([0x0a, 0xff, 0xff, 0xff]), 0, 100)).toMatchObject({ ok: false, reason: /not a valid OTLP protobuf/ })
    expect(decodeRecord('traces', Buffer.from('{"resourceSpans":"x"}'), 0, 100)).toMatchObject({ ok: false, field: 'resourceSpans' })
  })

  it('takes its signal from otelcol.signal, else from the topic', () => {
    expect(signalOf({ 'otelcol.signal': Buffer.from('traces') }, 'logs')).toBe('traces')
    expect(signalOf(undefined, 'metrics')).toBe('metrics')
    expect(signalOf({ 'otelcol.signal': 'profiles' }, 'logs')).toMatchObject({ reason: /not logs, traces or metrics/ })
    expect(signalOf({}, undefined)).toMatchObject({ reason: /cannot tell the signal/ })
  })

  it('is described, not copied, in dead letters when binary; redacted when text', () => {
    expect(recordPayload(Buffer.from([0x0a, 0x80, 0x01, 0x00]))).toMatch(/^\(4 bytes, binary; first 32: 0a800100\)$/)
    expect(recordPayload(Buffer.from('"GET /x?access_token=s3cr3t"'))).not.toContain('s3cr3t')
  })
})

describe('attribution of a record to a gateway', () => {
  const snapshot: RegistrySnapshot = {
    gateways: [
      { id: 'a-spl', instansi: 'a', token_hash: hashToken('tok-a') },
      { id: 'b-spl', instansi: 'b', token_hash: hashToken('tok-b') },
    ],
    apis: [],
    consumers: [],
  }
  let loads = 0
  const registry = new WriterRegistry({ load: async () => (loads++, snapshot) })
  const attributor = new BatchAttributor(registry, { tokenHeader: 'x-pantau-token', gateways: { mapped: 'b-spl', stale: 'gone-spl' } })

  it('by the token header (Bearer prefix and header case allowed), before the topic mapping', async () => {
    await registry.cache.refresh()
    expect(await attributor.of('mapped', { 'x-pantau-token': Buffer.from('tok-a') })).toEqual({
      ok: true,
      gateway: { gatewayId: 'a-spl', instansi: 'a' },
      via: 'token',
    })
    expect(await attributor.of('other', { 'X-Pantau-Token': 'Bearer tok-b' })).toMatchObject({ ok: true, gateway: { gatewayId: 'b-spl' } })
    expect(await attributor.of('mapped', undefined)).toEqual({ ok: true, gateway: { gatewayId: 'b-spl', instansi: 'b' }, via: 'topic' })
  })

  it('refuses an unknown token even on a mapped topic, a record with neither, and a mapping to an unknown gateway', async () => {
    expect(await attributor.of('mapped', { 'x-pantau-token': 'tok-revoked' })).toMatchObject({ ok: false, reason: 'unknown or revoked ingest token' })
    expect(await attributor.of('other', {})).toMatchObject({ ok: false, reason: /cannot attribute the record/, gatewayId: '' })
    expect(await attributor.of('stale', {})).toMatchObject({ ok: false, field: 'topic', gatewayId: 'gone-spl' })
    expect(await attributor.of('mapped', { 'x-pantau-token': ['tok-a', 'tok-b'] })).toMatchObject({ ok: false, reason: /more than one/ })
  })

  it('reloads the registry for an unknown token at most once a second, and throws when it cannot be read', async () => {
    const before = loads
    await new BatchAttributor(registry, { tokenHeader: 'x-pantau-token', gateways: {} }).of('t', { 'x-pantau-token': 'tok-new' })
    expect(loads - before).toBeLessThanOrEqual(1)
    const failing = new WriterRegistry({ load: async () => Promise.reject(new Error('storage down')) })
    await expect(new BatchAttributor(failing, { tokenHeader: 'x-pantau-token', gateways: {} }).of('t', { 'x-pantau-token': 'tok-a' })).rejects.toThrow(
      'storage down',
    )
  })
})

describe('event ids of a Kafka record', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

  it('are name-based UUIDs of topic, partition, offset and item: the same record, the same ids', () => {
    const id = recordEventId('otlp_logs', 3, '1042', 0)
    expect(id).toMatch(UUID)
    expect(recordEventId('otlp_logs', 3, '1042', 0)).toBe(id)
    const others = [
      recordEventId('otlp_logs', 3, '1042', 1),
      recordEventId('otlp_logs', 3, '1043', 0),
      recordEventId('otlp_logs', 2, '1042', 0),
      recordEventId('edge', 3, '1042', 0),
    ]
    expect(new Set([id, ...others]).size).toBe(5)
    expect(nameUuid('x')).toMatch(UUID)
    expect(nameUuid('x')).toBe(nameUuid('x'))
  })

  /** Two HTTP request log records (events), one that is not a request (a dead letter), as the collector's exporter writes them. */
  const request = {
    resourceLogs: [
      {
        scopeLogs: [
          {
            logRecords: [0, 1].map((i) => ({
              timeUnixNano: String(BigInt(Date.now() - 60_000 + i) * 1_000_000n),
              severityText: 'INFO',
              body: { stringValue: `request ${i}` },
              attributes: [
                { key: 'http.request.method', value: { stringValue: 'GET' } },
                { key: 'http.response.status_code', value: { intValue: '200' } },
                { key: 'http.route', value: { stringValue: '/v1/layanan/{id}' } },
                { key: 'url.path', value: { stringValue: `/v1/layanan/${i}` } },
                { key: 'http.server.request.duration', value: { doubleValue: 0.0125 } },
              ],
            })),
          },
        ],
      },
    ],
  }

  it('survive a retried range: raw records inserted on the retry match the events the first attempt stored', async () => {
    const inserts: { table: string; token: string; ids: string[] }[] = []
    let failRaw = true
    const storage = {
      async insertCompact(table: string, columns: readonly string[], body: Buffer, token?: string) {
        if (table === STREAM_SPECS.raw.table && failRaw) {
          failRaw = false
          throw new Error('connection reset')
        }
        const at = columns.indexOf('event_id')
        const rows = body
          .toString('utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as unknown[])
        inserts.push({ table, token: token ?? '', ids: rows.map((r) => String(r[at])) })
      },
      async insertRows() {},
    } as unknown as Storage
    const kafka = { consumer: () => ({}), admin: () => ({}) } as unknown as Kafka
    const writer = new OtlpKafkaWriter(
      kafka,
      { topics: [{ name: 'otlp_logs', signal: 'logs' }], groupId: 'g', tokenHeader: 'x-pantau-token', gateways: { otlp_logs: 'a-spl' } },
      storage,
      {
        log: toLogger(() => undefined),
        pseudonymizer: new Pseudonymizer(Buffer.alloc(32, 7)),
        window: DEFAULT_TIME_WINDOW,
        maxRecordBytes: 1 << 20,
        rawRecords: true,
      },
    )
    const registry = new WriterRegistry({
      load: async () => ({ gateways: [{ id: 'a-spl', instansi: 'a', token_hash: hashToken('tok-a') }], apis: [], consumers: [] }),
    })
    await registry.cache.refresh()
    Object.assign(writer, { registry })
    const message = {
      offset: '7',
      timestamp: String(Date.now()),
      key: null,
      value: Buffer.from(encodeRequest('logs', request)),
      headers: {},
      attributes: 0,
    } as KafkaMessage
    const batch: RangeBatch = { topic: 'otlp_logs', partition: 0, messages: [message], first: 7n, last: 7n, replay: false, token: 'kafka:otlp_logs:0:7-7' }
    const process = (writer as unknown as { process(b: RangeBatch): Promise<boolean> }).process.bind(writer)

    await expect(process(batch)).rejects.toThrow('connection reset')
    await process(batch) // the range consumer's retry: the same range, the same tokens
    const events = inserts.filter((i) => i.table === STREAM_SPECS.events.table)
    const raw = inserts.filter((i) => i.table === STREAM_SPECS.raw.table)
    expect(events).toHaveLength(2)
    expect(events[0].ids).toHaveLength(2)
    expect(events[1]).toEqual(events[0]) // same token, same rows: ClickHouse drops the repeat, and nothing differs if it did not
    expect(raw).toHaveLength(1)
    expect(raw[0].ids).toEqual(events[0].ids)
    expect(events[0].ids).toEqual([recordEventId('otlp_logs', 0, '7', 0), recordEventId('otlp_logs', 0, '7', 1)])
  })
})
