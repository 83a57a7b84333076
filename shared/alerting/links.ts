/**
 * Where an alert leads a person: Jelajah (the events explorer) showing the
 * requests behind it — the alert's scope (instansi, API, gateway, client
 * address), the rule's condition (status class 5xx for error rates and
 * availability SLOs, 4xx for brute force, slow requests for latency) and its
 * window — and the silence form of the SLA & Peringatan page prefilled with
 * the alert's labels. Both are hash routes of the web UI (its
 * dashboards/ui/state.ts reads them); the API lists them with each alert and
 * notifications put PANTAU_PUBLIC_URL in front (generatorURL, the links in
 * Telegram and e-mail texts).
 */
/** An alert's labels (as messages.ts has them; declared here so that file can import this one). */
type Labels = Record<string, string>

/** What the rule knew about the requests that made the alert (kept with the alert while it lives). */
export interface ExploreHint {
  status_class?: '2xx' | '3xx' | '4xx' | '5xx'
  min_latency_ms?: number
  /** How far before the alert became active its cause is found (the rule's window). */
  windowMs?: number
}

/** Hash routes of one alert in the web UI. */
export interface AlertLinks {
  /** `#/jelajah?…`: the requests behind the alert. */
  explore: string
  /** `#/sla?silence=1&m.<label>=…`: the silence form, prefilled. */
  silence: string
}

const DEFAULT_WINDOW_MS = 15 * 60e3
/** Slack at both ends: buckets are whole minutes, gateways log a little late. */
const SLACK_MS = 60e3

/** The label → Jelajah filter of alert scopes. */
const SCOPE: Record<string, string> = { instansi: 'instansi', api_id: 'api', gateway_id: 'gateway', client_address: 'client_address' }

/** The condition of an alert restored without its hint (after a restart): read from its labels. */
export function hintFromLabels(labels: Labels): ExploreHint {
  if (labels.alertname === 'ApiErrorRateHigh' || (labels.alertname === 'SloErrorBudgetBurn' && labels.sli === 'availability')) return { status_class: '5xx' }
  if (labels.alertname === 'BruteForceDetected') return { status_class: '4xx' }
  return {}
}

const isoSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')

export function alertLinks(a: { labels: Labels; activeAt: number; resolvedAt: number | null; hint?: ExploreHint }): AlertLinks {
  const hint = a.hint ?? hintFromLabels(a.labels)
  const q = new URLSearchParams()
  q.set('start', isoSecond(a.activeAt - (hint.windowMs ?? DEFAULT_WINDOW_MS) - SLACK_MS))
  // a firing alert's window stays open: the page reads up to now
  if (a.resolvedAt !== null) q.set('end', isoSecond(Math.ceil((a.resolvedAt + SLACK_MS) / 1000) * 1000))
  for (const [label, filter] of Object.entries(SCOPE)) if (a.labels[label]) q.set(filter, a.labels[label]!)
  if (hint.status_class) q.set('status_class', hint.status_class)
  if (hint.min_latency_ms !== undefined) q.set('min_latency_ms', String(hint.min_latency_ms))
  const s = new URLSearchParams({ silence: '1' })
  for (const k of Object.keys(a.labels).sort()) s.set(`m.${k}`, a.labels[k]!)
  return { explore: `#/jelajah?${q}`, silence: `#/sla?${s}` }
}

/** An absolute link under the public base URL. */
export function absolute(base: string, hash: string): string {
  return `${base.replace(/\/+$/, '')}/${hash}`
}
