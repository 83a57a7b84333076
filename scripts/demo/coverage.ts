/**
 * Watch the last-30-days overview while the demo is being seeded and note
 * when it first covers a given number of instansi (the push goes most
 * recent day first, so this happens early).
 */
import { Overview } from '../../shared/metrics/overview.js'
import type { ApiClient } from './register.js'

export type { Overview }

export async function overview(client: ApiClient, from = 'now-30d', to = 'now'): Promise<Overview> {
  const res = await client.call('GET', `/v1/metrics/overview?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
  if (res.status !== 200) throw new Error(`overview → ${res.status}: ${res.body?.detail ?? ''}`)
  return Overview.parse(res.body?.data)
}

const MAX_FAILURES = 3

export interface CoverageWatch {
  /** Resolves with the ms from the start of the watch until `target` instansi were covered, or null if it stopped first. */
  reached: Promise<number | null>
  stop(): void
}

export function watchCoverage(client: ApiClient, target: number, log: (msg: string) => void, everyMs = 1000): CoverageWatch {
  const start = Date.now()
  let stopped = false
  let failures = 0
  const reached = (async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, everyMs))
      const o = await overview(client).catch((e: Error) => {
        // A broken endpoint stays broken: stop polling (and filling its log) after a few tries.
        if (++failures === MAX_FAILURES) log(`demo: overview unavailable, not watching coverage: ${e.message}`)
        return undefined
      })
      if (failures >= MAX_FAILURES) return null
      if (o) failures = 0
      if (o && o.instansi >= target) {
        const after = Date.now() - start
        log(
          `demo: the last-30-days overview covers ${o.instansi} instansi ${(after / 1000).toFixed(1)} s after seeding started (${o.requests.toLocaleString('en')} requests so far)`,
        )
        return after
      }
    }
    return null
  })()
  return { reached, stop: () => void (stopped = true) }
}
