/**
 * Collector health for /metrics (Prometheus exposition via server/telemetry.ts):
 * spool depth — in embedded mode also the writer's backlog — consecutive
 * failed deliveries, and insert errors of the drain target. Kafka-mode
 * writer lag is `pantau.writer.lag` (collector/writer/range-consumer.ts, per topic and partition, for the Pantau-frames writer and the OTLP topics writer alike).
 */
import { metrics } from '@opentelemetry/api'
import type { Collector } from './collector.js'
import type { DrainTarget } from './sinks/drain.js'

export function observeCollector(collector: Collector): void {
  const meter = metrics.getMeter('pantau.collector')
  meter
    .createObservableGauge('pantau.spool.unconsumed_bytes', { description: 'Spooled bytes not yet delivered (spool depth)', unit: 'By' })
    .addCallback((obs) => obs.observe(collector.spool.unconsumedBytes))
  meter
    .createObservableGauge('pantau.drain.consecutive_failures', { description: 'Failed delivery attempts of the current batch (0 when healthy)' })
    .addCallback((obs) => obs.observe(collector.drain.failures))
}

/** Count failed writes of a drain target (the object is kept, only `write` is wrapped). */
export function countInsertErrors<T extends DrainTarget>(target: T): T {
  const errors = metrics
    .getMeter('pantau.collector')
    .createCounter('pantau.drain.insert_errors', { description: 'Failed batch deliveries to ClickHouse or Kafka' })
  const write = target.write.bind(target)
  target.write = async (frames, token) => {
    try {
      await write(frames, token)
    } catch (e) {
      errors.add(1, { target: target.name })
      throw e
    }
  }
  return target
}
