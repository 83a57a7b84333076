/**
 * Maintenance windows end to end (issue 13, point 3): the same planted
 * 10-minute outage in two instansi, one of them under a window. Under the
 * window uptime stays at 100 %, there is no incident, the SLA month and the
 * SLO budget are untouched and no alert is raised; without it uptime drops
 * and alerts fire. Editing or deleting a past window recomputes the hourly
 * uptime rows at once (or on the next read, after a crash); the Indikator 18
 * PDF lists the windows; operators write only their own instansi's windows;
 * bad input is a 400 naming the field.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { count } from '../../storage/columns.js'
import type { Principal } from '../../shared/access/principal.js'
import { listMaintenance, MAX_WINDOWS_PER_INSTANSI, MaintenanceStore, rawRetentionDays } from '../../shared/maintenance/store.js'
import type { Range } from '../../shared/metrics/range.js'
import { sec } from '../../shared/metrics/rollup.js'
import { refreshUptimeHours } from '../../shared/metrics/uptime-hours.js'
import type { Storage } from '../../storage/client.js'
import { instansiWithApi, plant, type PlantedEvent } from '../support/alerting.js'
import { startTestStack, tempDir, type TestStack } from '../support/stack.js'

const MIN = 60e3
const HOUR = 3600e3
/** The scenario's first minute: a whole hour, six hours ago; `at(n)` is its minute n. */
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR
const at = (minute: number) => T0 + minute * MIN
const iso = (ms: number) => new Date(ms).toISOString()
/** A window over a whole instansi, minutes `from` to `to` of the test's traffic. */
const instansiWindow = (instansi: string, from: number, to: number, reason: string) => ({
  instansi,
  api_id: '',
  gateway_id: '',
  starts_at: iso(at(from)),
  ends_at: iso(at(to)),
  reason,
})
/** The outage: minutes 130..139, every request a 503. */
const OUTAGE = [130, 140]
/** Four hours at two requests a minute, the outage's all 5xx. */
function traffic(): PlantedEvent[] {
  return Array.from({ length: 240 * 2 }, (_, i) => {
    const minute = Math.floor(i / 2)
    const down = minute >= OUTAGE[0] && minute < OUTAGE[1]
    return { ts: at(minute) + 5000 + (i % 2) * 20_000, status: down ? 503 : 200 }
  })
}

let stack: TestStack
let m: { token: string; apiId: string }
let n: { token: string; apiId: string }
let windowId: string
let operator: string

const get = async (path: string, token?: string) => {
  const r = await stack.call('GET', path, undefined, token)
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body.data
}
/** The whole four hours, answered from the hourly rows (whole hours, interval 1h). */
const RANGE = `from=${iso(T0)}&to=${iso(at(240))}&interval=1h`
const uptimeOf = async (instansi: string) => (await get(`/v1/metrics/availability?instansi=${instansi}&${RANGE}`)).totals
const HourRows = z.object({ mins: count, down: count })
/** What the hourly uptime rows of an instansi hold now (not through a metric read, which would refresh them). */
async function hourRows(instansi: string) {
  const [r] = await stack.storage!.rows(HourRows, `SELECT sum(minutes) AS mins, sum(down) AS down FROM uptime_1h FINAL WHERE instansi = {i:String}`, {
    i: instansi,
  })
  return r
}

beforeAll(async () => {
  stack = await startTestStack({ PANTAU_ALERT_ENABLED: 'false', PANTAU_REPORT_SCHEDULE: 'off' })
  m = await instansiWithApi(stack, 'kota-m', '/layanan-m/v1')
  n = await instansiWithApi(stack, 'kota-n', '/layanan-n/v1')
  await plant(stack, m.token, '/layanan-m/v1', traffic())
  await plant(stack, n.token, '/layanan-n/v1', traffic())
  operator = (await stack.call('POST', '/v1/admin/tokens', { name: 'op-m', role: 'operator', instansi: 'kota-m' })).body.data.token
}, 120_000)
afterAll(async () => {
  await stack?.stop()
})

describe('maintenance windows', () => {
  it('a planted 10-minute outage inside a window leaves uptime at 100 % (recomputing hourly rows already read)', async () => {
    // read first: the hourly rows are computed without the window…
    expect(await uptimeOf('kota-m')).toMatchObject({ active_minutes: 240, down_minutes: 10 })
    expect(await hourRows('kota-m')).toEqual({ mins: 240, down: 10 })
    // …and the window (the operator's own instansi) makes them be recomputed at once
    const body = { instansi: 'kota-m', api_id: m.apiId, starts_at: iso(at(125)), ends_at: iso(at(145)), reason: 'Pemutakhiran basis data' }
    const created = await stack.call('POST', '/v1/maintenance', body, operator)
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    windowId = created.body.data.id
    expect(created.body.data).toMatchObject({ ...body, starts_at: iso(at(125)), status: 'ended', created_by: 'op-m' })
    expect(await hourRows('kota-m')).toEqual({ mins: 220, down: 0 })

    const withWindow = await uptimeOf('kota-m')
    expect(withWindow).toMatchObject({ active_minutes: 220, down_minutes: 0, uptime_pct: 100, errors_5xx: 0 })
    const without = await uptimeOf('kota-n')
    expect(without).toMatchObject({ active_minutes: 240, down_minutes: 10 })
    expect(without.uptime_pct).toBeLessThan(100)

    // the same answer minute by minute (a 5-minute series reads no hourly rows) and in the response's window list
    const minutes = await get(`/v1/metrics/availability?instansi=kota-m&from=${iso(T0)}&to=${iso(at(240))}&interval=5m`)
    expect(minutes.totals).toMatchObject({ active_minutes: 220, down_minutes: 0, uptime_pct: 100 })
    expect(minutes.maintenance).toEqual([expect.objectContaining({ id: windowId, api_id: m.apiId, reason: body.reason })])
    expect((await get(`/v1/metrics/availability?instansi=kota-n&${RANGE}`)).maintenance).toEqual([])
  })

  it('no incident is reported inside the window; the SLA month and the SLO budget are untouched', async () => {
    const range = `from=${iso(T0)}&to=${iso(at(240))}`
    expect((await get(`/v1/metrics/incidents?instansi=kota-m&${range}`)).incidents).toEqual([])
    const [incident] = (await get(`/v1/metrics/incidents?instansi=kota-n&${range}`)).incidents
    expect(incident).toMatchObject({ start: expect.any(String), duration_min: 10, down_minutes: 10 })
    expect(Date.parse(incident.start)).toBe(at(130))

    const sla = (await get(`/v1/metrics/sla?instansi=kota-m&${range}`)).apis
    expect(sla.every((row: { down_minutes: number }) => row.down_minutes === 0)).toBe(true)
    expect(sla.reduce((a: number, row: { active_minutes: number }) => a + row.active_minutes, 0)).toBe(220)

    for (const [instansi, apiId] of [
      ['kota-m', m.apiId],
      ['kota-n', n.apiId],
    ])
      expect((await stack.call('POST', '/v1/slos', { instansi, api_id: apiId, sli: 'availability', objective: 99.5 })).status).toBe(201)
    const status = async (instansi: string) => (await get(`/v1/slos/status?instansi=${instansi}`))[0]
    expect(await status('kota-m')).toMatchObject({ bad: 0, requests: 440, error_budget_remaining: 1 })
    expect(await status('kota-n')).toMatchObject({ bad: 20, requests: 480 })
  })

  it('raises no alert for the outage under the window, during it or after; the same outage without one alerts', async () => {
    const rule = await stack.call('POST', '/v1/alerts/rules', { name: 'Galat 5xx', kind: 'error_rate', threshold: 0.1, window_min: 30 })
    expect(rule.status, JSON.stringify(rule.body)).toBe(201)
    const alerts = async (instansi: string) => (await get(`/v1/alerts?instansi=${instansi}`)) as Array<{ state: string; labels: Record<string, string> }>
    const firing = async (instansi: string) => (await alerts(instansi)).filter((a) => a.state === 'firing').map((a) => a.labels.alertname)

    // just after the outage, the window still on: the SLO burns fast (1 h and 5 m windows) and the error rate is 33 %
    const during = await stack.alerts!.evaluate(at(140))
    expect(during.errors).toEqual([])
    expect([...new Set(await firing('kota-n'))].sort()).toEqual(['ApiErrorRateHigh', 'SloErrorBudgetBurn'])
    expect(await alerts('kota-m')).toEqual([])

    // after the window: the outage minutes are still in the rule's 30-minute window, but not looked at
    await stack.alerts!.evaluate(at(150))
    expect(await firing('kota-n')).toContain('ApiErrorRateHigh')
    expect(await alerts('kota-m')).toEqual([])
  })

  it('editing a past window recomputes the hourly rows and uptime; deleting it counts the minutes again', async () => {
    const moved = { instansi: 'kota-m', api_id: m.apiId, starts_at: iso(at(200)), ends_at: iso(at(210)), reason: 'Dipindah' }
    const put = await stack.call('PUT', `/v1/maintenance/${windowId}`, moved)
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(await hourRows('kota-m')).toEqual({ mins: 230, down: 10 })
    const edited = await uptimeOf('kota-m')
    expect(edited).toMatchObject({ active_minutes: 230, down_minutes: 10 })
    expect(edited.uptime_pct).toBeCloseTo((100 * 220) / 230, 6)

    expect((await stack.call('DELETE', `/v1/maintenance/${windowId}`)).status).toBe(200)
    expect(await hourRows('kota-m')).toEqual({ mins: 240, down: 10 })
    expect(await uptimeOf('kota-m')).toMatchObject({ active_minutes: 240, down_minutes: 10 })
    expect((await stack.call('GET', `/v1/maintenance/${windowId}`)).status).toBe(404)

    // a change whose recomputation never ran (a crash after the write): the next read recomputes the hours it touched
    const who = { name: 'uji', role: 'admin' } as Principal
    await new MaintenanceStore(stack.storage!).create(who, instansiWindow('kota-m', 120, 150, 'Penggantian sertifikat'))
    expect(await hourRows('kota-m')).toEqual({ mins: 240, down: 10 })
    expect(await uptimeOf('kota-m')).toMatchObject({ active_minutes: 210, down_minutes: 0, uptime_pct: 100 })
    expect(await hourRows('kota-m')).toEqual({ mins: 210, down: 0 })

    const audit = await get('/v1/admin/audit?instansi=kota-m')
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['maintenance.create', 'maintenance.update', 'maintenance.delete']))
  })

  it('the Indikator 18 PDF lists the window in its SLA section and its methodology', async () => {
    const period = new Date(T0 + 7 * HOUR).toISOString().slice(0, 7)
    const report = await stack.call('POST', '/v1/reports', { instansi: 'kota-m', indicator: 'i18', period })
    expect(report.status, JSON.stringify(report.body)).toBe(201)
    const pdf = await fetch(`${stack.api}/v1/reports/${report.body.data.id}.pdf`, { headers: { authorization: `Bearer ${stack.adminToken}` } })
    expect(pdf.status).toBe(200)
    const file = join(tempDir(), 'i18.pdf')
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()))
    const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).toString().replace(/\s+/g, ' ')
    const sla = text.indexOf('Jendela pemeliharaan terjadwal pada periode ini (1)')
    expect(sla, text).toBeGreaterThan(0)
    expect(text.indexOf('Penggantian sertifikat', sla)).toBeGreaterThan(sla)
    const method = text.indexOf('Pemeliharaan terjadwal: menit API')
    expect(method).toBeGreaterThan(sla)
    expect(text.indexOf('Seluruh layanan instansi: Penggantian sertifikat', method)).toBeGreaterThan(method)
  })

  it('operators write only their own instansi’s windows; admins and koordinators any', async () => {
    const body = { instansi: 'kota-n', starts_at: iso(at(300)), ends_at: iso(at(360)), reason: 'Bukan milik saya' }
    const refused = await stack.call('POST', '/v1/maintenance', body, operator)
    expect(refused.status).toBe(403)
    expect(refused.body.field).toBe('body.instansi')
    expect((await stack.call('GET', '/v1/maintenance?instansi=kota-n', undefined, operator)).status).toBe(403)

    const koordinator = (await stack.call('POST', '/v1/admin/tokens', { name: 'koord', role: 'koordinator' })).body.data.token
    const theirs = await stack.call('POST', '/v1/maintenance', body, koordinator)
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201)
    expect((await stack.call('PUT', `/v1/maintenance/${theirs.body.data.id}`, { ...body, instansi: 'kota-m' }, operator)).status).toBe(403)
    expect((await stack.call('DELETE', `/v1/maintenance/${theirs.body.data.id}`, undefined, operator)).status).toBe(403)
    // the operator's list holds its own instansi's windows only
    expect((await get('/v1/maintenance', operator)).every((w: { instansi: string }) => w.instansi === 'kota-m')).toBe(true)

    // the reader other parts use (the public status page): windows overlapping a range, of one instansi
    const spans = await listMaintenance(stack.storage!, { instansi: 'kota-n', fromMs: at(0), toMs: at(400) })
    expect(spans).toEqual([expect.objectContaining({ id: theirs.body.data.id, starts_at: iso(at(300)), ends_at: iso(at(360)), reason: body.reason })])
    expect(await listMaintenance(stack.storage!, { instansi: 'kota-n', fromMs: at(360), toMs: at(400) })).toEqual([])
  })

  it('bad input is a 400 problem naming the field', async () => {
    const ok = { instansi: 'kota-m', starts_at: iso(at(300)), ends_at: iso(at(360)), reason: 'Uji' }
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...ok, ends_at: iso(at(290)) }, 'body.ends_at'],
      [{ ...ok, ends_at: iso(at(300) + 32 * 86400e3) }, 'body.ends_at'],
      [{ ...ok, starts_at: iso(Date.now() - 500 * 86400e3), ends_at: iso(Date.now() - 499 * 86400e3) }, 'body.starts_at'],
      [{ ...ok, starts_at: 'kemarin' }, 'body.starts_at'],
      [{ ...ok, reason: '' }, 'body.reason'],
      [{ ...ok, api_id: n.apiId }, 'body.api_id'],
      [{ ...ok, gateway_id: 'gw-lain' }, 'body.gateway_id'],
      [{ ...ok, instansi: 'tidak-ada' }, 'body.instansi'],
    ]
    for (const [body, field] of cases) {
      const r = await stack.call('POST', '/v1/maintenance', body)
      expect(r.status, `${field}: ${JSON.stringify(r.body)}`).toBe(400)
      expect(r.headers.get('content-type')).toContain('application/problem+json')
      expect(r.body.field, JSON.stringify(r.body)).toBe(field)
    }
  })
})

describe('bounds and races', () => {
  const who = { name: 'uji', role: 'admin' } as Principal
  const range = { fromMs: T0, toMs: at(240), instansi: 'kota-n' } as Range
  const span = { from: sec(T0), to: sec(at(240)) }
  /** `storage`, with `meanwhile()` run once at the first statement matching `match` (the SQL of `rows`, after reading it; the table of `insertRows`, before writing it). */
  function racing(storage: Storage, method: 'rows' | 'insertRows', match: RegExp, meanwhile: () => Promise<unknown>): Storage {
    let done = false
    return new Proxy(storage, {
      get(target, prop) {
        const value = Reflect.get(target, prop)
        if (typeof value !== 'function') return value
        if (prop !== method) return value.bind(target)
        return async (...args: unknown[]) => {
          if (!done && match.test(String(args[method === 'rows' ? 1 : 0]))) {
            done = true
            if (method === 'rows') {
              // the windows are read, then changed before the rows computed from them are written
              const result = await value.apply(target, args)
              await meanwhile()
              return result
            }
            await meanwhile()
          }
          return value.apply(target, args)
        }
      },
    })
  }

  it('hourly rows computed from windows read before a change are stale, even when written after it', async () => {
    expect(await uptimeOf('kota-n')).toMatchObject({ active_minutes: 240, down_minutes: 10 })
    const store = new MaintenanceStore(stack.storage!)
    const window = await store.create(who, instansiWindow('kota-n', 125, 145, 'Balapan'))
    // a background refresh reads the window, which is deleted before the refresh writes its rows
    const slow = racing(stack.storage!, 'rows', /FROM maintenance_windows/, () => store.delete(window.id))
    expect(await refreshUptimeHours(slow, range, span)).toBeGreaterThan(0)
    expect(await hourRows('kota-n')).toEqual({ mins: 220, down: 0 })
    // the next read sees those rows as older than the deletion and recomputes them
    expect(await uptimeOf('kota-n')).toMatchObject({ active_minutes: 240, down_minutes: 10 })
    expect(await hourRows('kota-n')).toEqual({ mins: 240, down: 10 })
  })

  it('hourly rows computed between a change being recorded and the window being written are stale too', async () => {
    // a refresh runs after the change is recorded but before the window is stored: it reads no window
    const store = new MaintenanceStore(racing(stack.storage!, 'insertRows', /^maintenance_windows$/, () => refreshUptimeHours(stack.storage!, range, span)))
    const created = await store.create(who, instansiWindow('kota-n', 125, 145, 'Balapan'))
    expect(await hourRows('kota-n')).toEqual({ mins: 240, down: 10 })
    expect(await uptimeOf('kota-n')).toMatchObject({ active_minutes: 220, down_minutes: 0, uptime_pct: 100 })
    await new MaintenanceStore(stack.storage!).delete(created.id)
    expect(await uptimeOf('kota-n')).toMatchObject({ active_minutes: 240, down_minutes: 10 })
  })

  it(`an instansi keeps at most ${MAX_WINDOWS_PER_INSTANSI} windows within the raw-data retention: one more is a 409 naming the field`, async () => {
    expect((await stack.call('POST', '/v1/registry/instansi', { code: 'kota-cap', name: 'Kota Cap', kind: 'kota' })).status).toBe(201)
    const now = Date.now()
    const days = await rawRetentionDays(stack.storage!)
    const row = (i: number, startsMs: number) => ({
      id: `mw-cap-${i}`,
      instansi: 'kota-cap',
      api_id: '',
      gateway_id: '',
      starts_at: startsMs,
      ends_at: startsMs + HOUR,
      reason: `Jendela ${i}`,
      created_by: 'uji',
      created_at: now,
      updated_at: now,
      deleted: 0,
    })
    // the full allowance, plus one window ended before the retention (which no longer counts)
    await stack.storage!.insertRows('maintenance_windows', [
      ...Array.from({ length: MAX_WINDOWS_PER_INSTANSI }, (_, i) => row(i, now + 86400e3 + i * HOUR)),
      row(MAX_WINDOWS_PER_INSTANSI, now - (days + 2) * 86400e3),
    ])
    const body = { instansi: 'kota-cap', starts_at: iso(now + 400 * HOUR), ends_at: iso(now + 401 * HOUR), reason: 'Satu lagi' }
    const refused = await stack.call('POST', '/v1/maintenance', body)
    expect(refused.status, JSON.stringify(refused.body)).toBe(409)
    expect(refused.headers.get('content-type')).toContain('application/problem+json')
    expect(refused.body.field).toBe('body.instansi')
    expect((await stack.call('GET', '/v1/maintenance?instansi=kota-cap&per_page=1')).body.pagination.total).toBe(MAX_WINDOWS_PER_INSTANSI + 1)
    // editing one of them is no new window; deleting one makes room
    expect((await stack.call('PUT', '/v1/maintenance/mw-cap-0', { ...body, reason: 'Diubah' })).status).toBe(200)
    expect((await stack.call('DELETE', '/v1/maintenance/mw-cap-1')).status).toBe(200)
    expect((await stack.call('POST', '/v1/maintenance', body)).status).toBe(201)
    // another instansi is not affected
    const other = await stack.call('POST', '/v1/maintenance', { ...body, instansi: 'kota-n' })
    expect(other.status, JSON.stringify(other.body)).toBe(201)
  })
})
