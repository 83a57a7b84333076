/**
 * `tsx scripts/bench/profile.ts [events]` (PANTAU_BENCH_INGEST_ONLY=kong|otlp for one
 * path): the ingest benchmark with the Pantau process under the V8 CPU profiler (issue 14: profile the hot path before
 * pulling levers), then the top frames by self time of its profile. The
 * profile files stay in the printed directory (open them in Chrome DevTools).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchIngest } from './ingest.js'
import { benchContext } from './report.js'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** Self time per function (µs), largest first, with its share of all samples. */
export function topSelfFrames(profile: CpuProfile, n = 15): Array<{ frame: string; ms: number; share: number }> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    total += dt
    const f = byId.get(id)?.callFrame
    if (!f) return
    const where = f.url ? `${f.url.replace(/^.*\/work\/main\//, '').replace(/^file:\/\//, '')}:${f.lineNumber + 1}` : ''
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim()
    self.set(key, (self.get(key) ?? 0) + dt)
  })
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([frame, us]) => ({ frame, ms: us / 1000, share: us / Math.max(1, total) }))
}

if (process.argv[1]?.endsWith('profile.ts')) {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-prof-'))
  // NODE_OPTIONS refuses --cpu-prof: a preload starts the inspector's profiler instead
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import ${fileURLToPath(new URL('./cpu-prof-preload.mjs', import.meta.url))}`.trim()
  process.env.PANTAU_CPU_PROF_DIR = dir
  process.env.PANTAU_LOG_FORMAT ||= 'pretty'
  const events = Number(process.argv[2] ?? 200_000)
  const ctx = benchContext(events / 400_000)
  try {
    await benchIngest(ctx)
  } finally {
    ctx.cleanup()
  }
  delete process.env.NODE_OPTIONS
  delete process.env.PANTAU_CPU_PROF_DIR
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
    console.log(`\n${join(dir, file)}: top self time`)
    for (const t of topSelfFrames(profile, 20)) console.log(`  ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(7)} ms  ${t.frame}`)
  }
}
