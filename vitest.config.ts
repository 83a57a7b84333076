/**
 * Test lanes (README "Tests and benchmarks"), as vitest projects:
 *
 *   unit         pure code: no embedded engine, no system packages; seconds
 *   integration  the embedded ClickHouse engine and in-process (or child-process) Pantau stacks
 *   peers        real third-party peers: Kafka broker (Java), Alertmanager, Chromium, poppler,
 *                the official OpenTelemetry exporters (needs scripts/system-deps.sh)
 *
 * `vitest run` (npm test) runs all three; `vitest run --project <lane>` one of them.
 * A test file is in exactly one lane: the peer files listed below wherever they
 * are, test/unit/ for the rest of the unit tests, every other test file is
 * integration (so a new file outside test/unit and test/peers is never left out).
 */
import { defineConfig } from 'vitest/config'

/** Files that need a real peer (apart from test/e2e/ and test/peers/, which are all peers). */
const PEER_FILES = [
  'test/integration/kafka.test.ts', // Kafka broker (Java, Maven Central jars)
  'test/integration/kafka-otlp.test.ts', // Kafka broker (Java, Maven Central jars)
  'test/integration/alerting-rules.test.ts', // Debian's prometheus-alertmanager
  'test/integration/ingest-otlp.test.ts', // the official OpenTelemetry exporters
  'test/unit/reports.test.ts', // poppler (pdftotext)
]
const PEERS = ['test/e2e/**/*.test.ts', 'test/peers/**/*.test.ts', ...PEER_FILES]

export default defineConfig({
  test: {
    // Each test file is its own process: the embedded engine is one per process.
    pool: 'forks',
    // one temporary directory for the whole run, removed at its end (test/support/run-tmp.ts)
    globalSetup: ['test/support/run-tmp.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores: integration files run two at a time.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: PEER_FILES } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: ['test/unit/**', ...PEERS] } },
      { extends: true, test: { name: 'peers', include: PEERS } },
    ],
  },
})
