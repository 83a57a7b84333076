/**
 * Preload (`--import`, via NODE_OPTIONS, which refuses `--cpu-prof`) that
 * records a V8 CPU profile of the whole process and writes it to
 * $PANTAU_CPU_PROF_DIR when the process exits: how scripts/bench/profile.ts
 * profiles the Pantau child process of the ingest benchmark.
 */
import { Session } from 'node:inspector'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.env.PANTAU_CPU_PROF_DIR
if (dir) {
  const session = new Session()
  session.connect()
  session.post('Profiler.enable')
  session.post('Profiler.setSamplingInterval', { interval: 1000 })
  session.post('Profiler.start')
  process.on('exit', () => {
    // the main-thread session answers synchronously, so this completes inside 'exit'
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(join(dir, `pantau-${process.pid}.cpuprofile`), JSON.stringify(res.profile))
    })
  })
}
