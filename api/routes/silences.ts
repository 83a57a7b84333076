/** `/v1/silences`: mute matching alerts until a time, with author and comment; DELETE expires. */
import { Silence, SilenceInput } from '../../shared/alerting/schemas.js'
import type { AlertEngine } from '../../shared/alerting/engine.js'
import type { ApiApp } from '../deps.js'
import { ALERT_WRITERS } from './probes.js'
import { registerResource } from './registry-crud.js'

export function registerSilences(app: ApiApp, engine: AlertEngine): void {
  const { silences, registry } = engine.store
  /** A silence change can release notifications at once (a silence ended early). */
  const after = async <T>(p: Promise<T>): Promise<T> => {
    const out = await p
    void engine.dispatch().catch(() => undefined)
    return out
  }
  registerResource(app, {
    path: '/v1/silences',
    tag: 'silences',
    input: SilenceInput,
    output: Silence,
    table: silences,
    instansiColumn: 'instansi',
    writers: ALERT_WRITERS,
    create: async (who, i) => {
      const row = await after(silences.create(who, i))
      await registry.audit(who, 'silence.create', String(row.id), i)
      return row
    },
    update: async (who, id, i) => {
      const row = await after(silences.update(who, id, i))
      await registry.audit(who, 'silence.update', id, i)
      return row
    },
    remove: async (who, id) => {
      await after(silences.expire(id))
      await registry.audit(who, 'silence.expire', id)
    },
  })
}
