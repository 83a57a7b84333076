/**
 * Prometheus Alertmanager, API v2: `POST {url}/api/v2/alerts` with the
 * postable alerts (labels, annotations, startsAt, endsAt, generatorURL: the
 * alert's requests in Jelajah, links.ts).
 * Firing alerts carry endsAt = now + a few evaluation intervals and are
 * re-posted while they fire, as Prometheus does, so Alertmanager resolves
 * them by itself if Pantau stops; a resolved alert is posted with its real
 * endsAt. Grouping, inhibition and routing are then Alertmanager's.
 */
import { generatorUrl } from '../messages.js'
import { type Deliver, iso, postJson } from './types.js'

export const deliverAlertmanager: Deliver = async (r, n, ctx) => {
  const alerts = n.alerts.map((a) => ({
    labels: a.labels,
    annotations: a.annotations,
    startsAt: iso(a.startsAt),
    endsAt: iso(a.status === 'firing' ? ctx.firingEndsAt : (a.endsAt ?? ctx.at)),
    generatorURL: generatorUrl(n, a),
  }))
  await postJson(`${r.url.replace(/\/+$/, '')}/api/v2/alerts`, JSON.stringify(alerts), {}, ctx.timeoutMs)
}
