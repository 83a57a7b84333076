/**
 * `npm run bench [-- section …]`: every benchmark of the project, printing
 * figures and ratios measured in the same run. Sections: ingest, kafka, api, dashboards, reports, registry, recap.
 * PANTAU_BENCH_SCALE shrinks or grows the workloads (default 1). The Pantau
 * processes the benches start log readable lines (PANTAU_LOG_FORMAT=pretty
 * unless set), shown when a bench fails.
 */
import { writeFileSync } from 'node:fs'
import { benchDashboards } from './bench/dashboards.js'
import { benchApi } from './bench/api.js'
import { benchIngest } from './bench/ingest.js'
import { benchKafka } from './bench/kafka.js'
import { benchRegistry } from './bench/registry.js'
import { benchReports } from './bench/reports.js'
import { benchRecap } from './bench/recap.js'
import { benchContext, type BenchContext } from './bench/report.js'

const SECTIONS: Record<string, (ctx: BenchContext) => Promise<void>> = {
  ingest: benchIngest,
  kafka: benchKafka,
  api: benchApi,
  dashboards: benchDashboards,
  reports: benchReports,
  recap: benchRecap,
  registry: benchRegistry,
}

process.env.PANTAU_LOG_FORMAT ||= 'pretty'

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const unknown = wanted.filter((w) => !SECTIONS[w])
if (unknown.length) {
  console.error(`unknown section(s): ${unknown.join(', ')}; sections: ${Object.keys(SECTIONS).join(', ')}`)
  process.exit(2)
}
const ctx = benchContext(Number(process.env.PANTAU_BENCH_SCALE ?? 1))
try {
  for (const name of wanted.length ? wanted : Object.keys(SECTIONS)) {
    console.log(`\n== ${name} ==`)
    await SECTIONS[name](ctx)
  }
} finally {
  ctx.cleanup()
}
writeFileSync('bench-results.json', JSON.stringify(ctx.results, null, 2))
console.log('\nresults written to bench-results.json')
