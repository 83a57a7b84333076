/**
 * Scheduling and deleting maintenance windows from the maintenance card
 * (maintenance-card.ts), for the roles that may write them: admins and
 * koordinators for any instansi, operators for their own (the API checks it
 * again). The form posts to /v1/maintenance: the instansi, optionally one of
 * its APIs, start and end as datetime-local inputs read as WIB, and why. The
 * API's problem (and the field it names) is shown under the form.
 */
import { ApiError, type ApiRow, post, registry, request, session } from '../api-client.js'
import { h } from '../dom.js'
import { tr, when } from '../i18n.js'
import type { MaintenanceWindow } from '../types.js'

const WRITERS = ['admin', 'koordinator', 'operator']

/** Whether the signed-in role may schedule and delete maintenance windows. */
export function canWriteMaintenance(): boolean {
  return WRITERS.includes(session.me()?.role ?? '')
}

/** A datetime-local value (`YYYY-MM-DDTHH:mm[:ss]`) read as WIB, as an ISO instant; '' when not a time. */
export function wibInstant(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return ''
  const ms = Date.parse(`${value.length === 16 ? `${value}:00` : value}+07:00`)
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString()
}

/** What went wrong: the API problem's detail (it names the field), or the error itself. */
function reasonOf(err: unknown): string {
  return err instanceof ApiError ? err.message : String(err)
}

/** The form; `saved()` runs after a window was created (the card reloads its list). */
export function maintenanceForm(scope: { instansi?: string }, saved: () => void): HTMLFormElement {
  const me = session.me()
  const own = me?.role === 'operator' ? me.instansi : ''
  const instansi = h('select', { id: 'mf-instansi', name: 'instansi', required: true, disabled: Boolean(own) })
  const api = h('select', { id: 'mf-api', name: 'api_id' }, h('option', { value: '' }, tr('maintenance.form.all_apis')))
  const starts = h('input', { id: 'mf-starts', name: 'starts_at', type: 'datetime-local', required: true })
  const ends = h('input', { id: 'mf-ends', name: 'ends_at', type: 'datetime-local', required: true })
  const reason = h('input', { id: 'mf-reason', name: 'reason', required: true, maxlength: 1024, autocomplete: 'off' })
  const error = h('p', { class: 'form-error', role: 'alert', id: 'mf-error' })
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' })
  const button = h('button', { type: 'submit', class: 'btn primary', 'data-action': 'create-maintenance' }, tr('maintenance.form.submit'))
  const inputs: Record<string, HTMLInputElement | HTMLSelectElement> = { instansi, api_id: api, starts_at: starts, ends_at: ends, reason }
  const field = (id: string, label: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, label), control)
  const form = h(
    'form',
    { class: 'silence-form maintenance-form', 'aria-labelledby': 'mf-title', novalidate: true },
    h('h3', { id: 'mf-title' }, tr('maintenance.form.title')),
    field('mf-instansi', tr('maintenance.form.instansi'), instansi),
    field('mf-api', tr('maintenance.form.api'), api),
    field('mf-starts', tr('maintenance.form.starts'), starts),
    field('mf-ends', tr('maintenance.form.ends'), ends),
    field('mf-reason', tr('maintenance.reason'), reason),
    h('div', {}, button),
    error,
    status,
  )

  let apis: ApiRow[] = []
  const fillApis = () => {
    api.replaceChildren(
      h('option', { value: '' }, tr('maintenance.form.all_apis')),
      ...apis.filter((a) => a.instansi === instansi.value).map((a) => h('option', { value: a.id }, `${a.name} (${a.id})`)),
    )
  }
  instansi.addEventListener('change', fillApis)
  void Promise.all([registry.instansi().catch(() => []), registry.apis().catch(() => [])]).then(([inst, rows]) => {
    apis = rows
    const codes = own ? [inst.find((r) => r.code === own) ?? { code: own, name: own }] : inst
    instansi.replaceChildren(...codes.map((r) => h('option', { value: r.code }, r.name === r.code ? r.code : `${r.name} (${r.code})`)))
    const chosen = own || scope.instansi
    if (chosen) instansi.value = chosen
    fillApis()
  })

  const fail = (message: string, name?: string) => {
    error.textContent = message
    const control = name ? inputs[name.replace(/^body\./, '')] : undefined
    if (control) {
      control.setAttribute('aria-invalid', 'true')
      control.setAttribute('aria-describedby', 'mf-error')
      control.focus()
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    error.textContent = ''
    status.textContent = ''
    for (const control of Object.values(inputs)) control.removeAttribute('aria-invalid')
    const startsAt = wibInstant(starts.value)
    const endsAt = wibInstant(ends.value)
    if (!startsAt) return fail(tr('maintenance.form.need_times'), 'starts_at')
    if (!endsAt) return fail(tr('maintenance.form.need_times'), 'ends_at')
    if (endsAt <= startsAt) return fail(tr('maintenance.form.order'), 'ends_at')
    if (!reason.value.trim()) return fail(tr('maintenance.form.need_reason'), 'reason')
    button.disabled = true
    try {
      const body = { instansi: instansi.value, api_id: api.value, starts_at: startsAt, ends_at: endsAt, reason: reason.value.trim() }
      await post<MaintenanceWindow>('maintenance', body)
      starts.value = ''
      ends.value = ''
      reason.value = ''
      status.textContent = tr('maintenance.form.created')
      saved()
    } catch (err) {
      fail(tr('maintenance.form.failed', { reason: reasonOf(err) }), err instanceof ApiError ? err.field : undefined)
    } finally {
      button.disabled = false
    }
  })
  return form
}

/** The delete button of one listed window: asks first, then DELETE /v1/maintenance/{id} and `deleted()`. */
export function deleteButton(w: MaintenanceWindow, deleted: () => void): HTMLElement {
  const error = h('span', { class: 'form-error', role: 'alert' })
  const button = h(
    'button',
    {
      type: 'button',
      class: 'btn small',
      'data-action': 'delete-maintenance',
      'data-id': w.id,
      'aria-label': tr('maintenance.delete.label', { reason: w.reason }),
    },
    tr('maintenance.delete'),
  )
  button.addEventListener('click', async () => {
    if (!confirm(tr('maintenance.delete.confirm', { reason: w.reason, period: `${when(w.starts_at)} – ${when(w.ends_at)}` }))) return
    button.disabled = true
    error.textContent = ''
    try {
      await request('DELETE', `maintenance/${encodeURIComponent(w.id)}`)
      deleted()
    } catch (err) {
      error.textContent = tr('maintenance.delete.failed', { reason: reasonOf(err) })
      button.disabled = false
    }
  })
  return h('span', { class: 'row-links' }, button, error)
}
