/** Sign-in: paste a bearer token; it is checked against the API and kept in sessionStorage. */
import { checkToken, token } from '../api-client.js'
import { h } from '../dom.js'
import { getLang, tr } from '../i18n.js'

export function renderSignIn(root: HTMLElement, done: () => void, switchLang: () => void): void {
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    required: true,
    spellcheck: 'false',
    'aria-describedby': 'token-help',
  })
  const error = h('p', { id: 'signin-error', class: 'form-error', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'btn primary' }, tr('ui.signin.submit'))
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
    h('label', { for: 'token' }, tr('ui.signin.token')),
    input,
    h('p', { id: 'token-help', class: 'hint' }, tr('ui.signin.help')),
    error,
    submit,
  )
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const value = input.value.trim()
    error.textContent = ''
    input.removeAttribute('aria-invalid')
    if (!value) return fail(tr('ui.signin.empty'))
    submit.disabled = true
    try {
      if (!(await checkToken(value)).valid) return fail(tr('ui.signin.invalid'))
      token.set(value)
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
  input.focus()
}
