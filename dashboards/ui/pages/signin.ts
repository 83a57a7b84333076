/**
 * Sign-in: "Masuk dengan SSO" (the identity provider, through /auth/login)
 * when the server offers it, and a pasted bearer token exchanged for a
 * session cookie (the browser keeps no token). With token sign-in turned off
 * the token form is the administrator's break-glass access, folded away.
 */
import { type SessionInfo, session } from '../api-client.js'
import { h } from '../dom.js'
import { getLang, tr } from '../i18n.js'

export function renderSignIn(root: HTMLElement, info: SessionInfo, done: () => void, switchLang: () => void, problem = ''): void {
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    required: true,
    spellcheck: 'false',
    'aria-describedby': 'token-help',
  })
  const error = h('p', { id: 'signin-error', class: 'form-error', role: 'alert' }, problem)
  const submit = h('button', { type: 'submit', class: info.sso ? 'btn' : 'btn primary' }, tr('ui.signin.submit'))
  const tokenFields = [
    h('label', { for: 'token' }, tr('ui.signin.token')),
    input,
    h('p', { id: 'token-help', class: 'hint' }, tr(info.token_signin ? 'ui.signin.help' : 'ui.signin.breakglass_help')),
    submit,
  ]
  const next = /^#\/[A-Za-z0-9/_?&=.,:%-]{0,200}$/.test(location.hash) ? `?next=${encodeURIComponent(location.hash)}` : ''
  const sso = info.sso
    ? [h('a', { id: 'sso', class: 'btn primary', href: `/auth/login${next}` }, tr('ui.signin.sso')), h('p', { class: 'hint' }, tr('ui.signin.sso_help'))]
    : []
  const tokens = info.token_signin
    ? [...(info.sso ? [h('p', { class: 'signin-or' }, tr('ui.signin.or'))] : []), ...tokenFields]
    : [h('details', { class: 'breakglass' }, h('summary', {}, tr('ui.signin.breakglass')), ...tokenFields)]
  const form = h(
    'form',
    { class: 'signin-card', 'aria-labelledby': 'signin-title', novalidate: true },
    h(
      'div',
      { class: 'brand big' },
      h('span', { class: 'logo', 'aria-hidden': 'true' }, 'P'),
      h('span', {}, h('strong', {}, tr('app.name')), h('span', { class: 'tagline' }, tr('app.tagline'))),
    ),
    h('h1', { id: 'signin-title' }, tr('ui.signin.title')),
    ...sso,
    ...tokens,
    error,
  )
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const value = input.value.trim()
    error.textContent = ''
    input.removeAttribute('aria-invalid')
    if (!value) return fail(tr('ui.signin.empty'))
    submit.disabled = true
    try {
      const out = await session.withToken(value)
      if (!out.ok) return fail(tr(out.reason === 'disabled' ? 'ui.signin.disabled' : 'ui.signin.invalid'))
      done()
    } catch (err) {
      fail(tr('ui.signin.failed', { reason: (err as Error).message }))
    } finally {
      submit.disabled = false
    }
  })
  function fail(msg: string): void {
    error.textContent = msg
    input.setAttribute('aria-invalid', 'true')
    input.focus()
  }
  const other = getLang() === 'id' ? 'en' : 'id'
  root.replaceChildren(
    h(
      'main',
      { id: 'main', class: 'signin' },
      form,
      h('button', { type: 'button', class: 'btn ghost', lang: other, 'data-action': 'lang', onclick: switchLang }, tr(`ui.lang.switch_to_${other}`)),
    ),
  )
  const first = info.sso ? form.querySelector<HTMLElement>('#sso') : input
  first?.focus()
}
