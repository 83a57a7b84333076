/**
 * The silence form of the SLA & Peringatan page, prefilled from the link an
 * alert carries (`#/sla?silence=1&m.<label>=<value>…`, shared/alerting/links.ts):
 * one checkbox per label (all chosen), how long, and why. Creating it posts
 * to /v1/silences with the alert's instansi and returns to the page, which
 * then lists the new silence.
 */
import { ApiError, post } from '../api-client.js'
import { h } from '../dom.js'
import { tr, when } from '../i18n.js'
import type { PageCtx } from '../router.js'

const HOURS = [1, 2, 4, 8, 24, 72]

/** The labels a silence link names (`m.<label>` parameters). */
export function silenceLabels(extra: Record<string, string>): Array<[string, string]> {
  return Object.entries(extra)
    .filter(([k]) => k.startsWith('m.') && k.length > 2)
    .map(([k, v]) => [k.slice(2), v])
}

export function silenceForm(ctx: PageCtx): HTMLFormElement {
  const labels = silenceLabels(ctx.route.extra)
  const boxes = labels.map(([name, value], i) => {
    const box = h('input', { type: 'checkbox', id: `sf-m-${i}`, checked: true, 'data-name': name, 'data-value': value })
    return { box, row: h('label', { for: `sf-m-${i}` }, box, h('code', {}, `${name}="${value}"`)) }
  })
  const hours = h('select', { id: 'sf-hours', name: 'hours' }, ...HOURS.map((n) => h('option', { value: String(n) }, tr('ui.silence.hours', { n }))))
  hours.value = '2'
  const comment = h('input', { id: 'sf-comment', name: 'comment', required: true, maxlength: 1024, autocomplete: 'off' })
  const error = h('p', { class: 'form-error', role: 'alert' })
  const form = h(
    'form',
    { class: 'silence-form', 'aria-labelledby': 'sf-title' },
    h('p', { class: 'hint' }, tr('ui.silence.note')),
    h('fieldset', {}, h('legend', {}, tr('ui.silence.matchers')), ...boxes.map((b) => b.row)),
    h('div', { class: 'field' }, h('label', { for: 'sf-hours' }, tr('ui.silence.duration')), hours),
    h('div', { class: 'field' }, h('label', { for: 'sf-comment' }, tr('ui.silence.comment')), comment),
    h('div', {}, h('button', { type: 'submit', class: 'btn primary', 'data-action': 'create-silence' }, tr('ui.silence.create'))),
    error,
  )
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    error.textContent = ''
    const matchers = boxes
      .filter((b) => b.box.checked)
      .map((b) => ({ name: b.box.dataset.name ?? '', value: b.box.dataset.value ?? '', isRegex: false, isEqual: true }))
    if (matchers.length === 0) return void (error.textContent = tr('ui.silence.need_matcher'))
    if (!comment.value.trim()) return void (error.textContent = tr('ui.silence.need_comment'))
    const endsAt = new Date(Date.now() + Number(hours.value) * 3600e3).toISOString()
    const instansi = labels.find(([k]) => k === 'instansi')?.[1] ?? ''
    const button = form.querySelector('button')!
    button.disabled = true
    try {
      await post('silences', { instansi, matchers, ends_at: endsAt, comment: comment.value.trim() })
      location.hash = ctx.href('sla', {}, { silenced: endsAt })
    } catch (err) {
      error.textContent = tr('ui.silence.failed', { reason: err instanceof ApiError ? err.message : String(err) })
      button.disabled = false
    }
  })
  return form
}

/** The notice after a silence was created (`#/sla?silenced=<until>`). */
export function silencedNotice(ctx: PageCtx): HTMLElement | null {
  const until = ctx.route.extra.silenced
  return until ? h('p', { class: 'form-status', role: 'status', 'data-silenced': until }, tr('ui.silence.created', { until: when(until) })) : null
}
