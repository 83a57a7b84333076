/**
 * kafkajs leaves a consumer stopped after an error it deems non-retriable
 * ("Failed to find group coordinator" while a broker restarts, seen in
 * kafka.test's broker-down case): the writer must start it again, keep
 * trying while the broker is away, and leave alone what kafkajs restarts
 * itself and a consumer being stopped.
 */
import type { Kafka } from 'kafkajs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RangeConsumer, RESTART_AFTER_MS } from '../../collector/writer/range-consumer.js'
import { createLogger } from '../../shared/log/logger.js'

const EVENTS = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' }

/** A kafkajs consumer and admin that record calls; `failRuns` makes the next runs reject. */
function fakeKafka() {
  const listeners = new Map<string, (e: { payload: Record<string, unknown> }) => void>()
  const calls = { connect: 0, subscribe: 0, run: 0, disconnect: 0, failRuns: 0 }
  const consumer = {
    events: EVENTS,
    on: (event: string, listener: (e: { payload: Record<string, unknown> }) => void) => listeners.set(event, listener),
    connect: async () => void calls.connect++,
    subscribe: async () => void calls.subscribe++,
    run: async () => {
      calls.run++
      if (calls.failRuns > 0) {
        calls.failRuns--
        throw new Error('connect ECONNREFUSED')
      }
    },
    disconnect: async () => void calls.disconnect++,
  }
  const admin = { connect: async () => {}, disconnect: async () => {} }
  const kafka = { consumer: () => consumer, admin: () => admin } as unknown as Kafka
  const crash = (restart: boolean) => listeners.get(EVENTS.CRASH)!({ payload: { error: new Error('Failed to find group coordinator'), groupId: 'g', restart } })
  return { kafka, calls, crash }
}

const consumerOf = (kafka: Kafka) =>
  new RangeConsumer(kafka, { groupId: 'g', topics: ['t'], log: createLogger('test', { level: 'silent', format: 'json' }), handler: async () => false })

describe('writer consumer after kafkajs gives up', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('starts again after a crash kafkajs does not restart, and keeps trying while the broker is away', async () => {
    const { kafka, calls, crash } = fakeKafka()
    await consumerOf(kafka).start()
    expect(calls.run).toBe(1)
    calls.failRuns = 2
    crash(false)
    await vi.advanceTimersByTimeAsync(RESTART_AFTER_MS - 1)
    expect(calls.run).toBe(1)
    await vi.advanceTimersByTimeAsync(1) // first attempt: refused
    expect(calls.run).toBe(2)
    await vi.advanceTimersByTimeAsync(RESTART_AFTER_MS) // second: refused
    await vi.advanceTimersByTimeAsync(RESTART_AFTER_MS) // third: running
    expect(calls.run).toBe(4)
    expect(calls.subscribe).toBe(4)
    await vi.advanceTimersByTimeAsync(10 * RESTART_AFTER_MS)
    expect(calls.run).toBe(4)
  })

  it('leaves a crash kafkajs restarts itself, and a consumer being stopped, alone', async () => {
    const { kafka, calls, crash } = fakeKafka()
    const consumer = consumerOf(kafka)
    await consumer.start()
    crash(true)
    await vi.advanceTimersByTimeAsync(5 * RESTART_AFTER_MS)
    expect(calls.run).toBe(1)
    crash(false)
    await consumer.stop()
    await vi.advanceTimersByTimeAsync(5 * RESTART_AFTER_MS)
    expect(calls.run).toBe(1)
    expect(calls.disconnect).toBe(1)
  })
})
