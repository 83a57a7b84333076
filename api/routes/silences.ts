/** `/v1/silences`: mute matching alerts until a time, with author and comment; DELETE expires. Every change is audited. */
import { audit } from '../../shared/access/audit.js'
import { Silence, SilenceInput } from '../../shared/alerting/schemas.js'
import type { AlertEngine } from '../../shared/alerting/engine.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { registerResource } from './registry-crud.js'

export function registerSilences(app: ApiApp, deps: ApiDeps, engine: AlertEngine): void {
  const { silences } = engine.store
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
    create: async (who, i) => {
      const row = await after(silences.create(who, i))
      await audit(deps.storage, who, { action: 'silence.create', resource: row.id, instansi: i.instansi, detail: i })
      return row
    },
    update: async (who, id, i) => {
      const row = await after(silences.update(who, id, i))
      await audit(deps.storage, who, { action: 'silence.update', resource: id, instansi: i.instansi, detail: i })
      return row
    },
    remove: async (who, id) => {
      const previous = await silences.get({ id })
      await after(silences.expire(id))
      await audit(deps.storage, who, { action: 'silence.expire', resource: id, instansi: previous?.instansi })
    },
  })
}
