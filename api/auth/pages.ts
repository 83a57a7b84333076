/**
 * The few HTML pages the API serves itself around sign-in: a failed SSO
 * sign-in, a person without a Pantau role, the sign-out confirmation. Bahasa
 * Indonesia first, English below it; no script, no external asset, a strict
 * Content-Security-Policy, never a stack trace (the cause is logged under the
 * reference shown).
 */
import type { Context } from 'hono'
import { t } from '../../shared/i18n/index.js'

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#1b2733;margin:0;padding:3rem 1rem}
main{max-width:34rem;margin:0 auto;background:#fff;border-radius:8px;padding:2rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.4rem;margin-top:0}p.en{color:#51606e;font-size:.9rem;border-top:1px solid #dde3e8;padding-top:.75rem}
a.btn,button{display:inline-block;background:#0b5cad;color:#fff;border:0;border-radius:4px;padding:.6rem 1rem;font-size:1rem;text-decoration:none;cursor:pointer}
.ref{font-family:monospace;font-size:.85rem;color:#51606e}`

export interface PageText {
  /** Dictionary key of the title. */
  title: string
  /** Dictionary keys (with parameters) of the paragraphs. */
  lines: Array<[key: string, params?: Record<string, string>]>
  reference?: string
  /** Extra HTML after the text (a form), already escaped. */
  action?: string
  /** The link under the text; default: back to sign-in. */
  link?: { href: string; key: string }
}

export function authPage(c: Context, status: 200 | 400 | 403 | 404 | 502 | 503, page: PageText): Response {
  const lines = (lang: 'id' | 'en') => page.lines.map(([key, params]) => esc(t(key, params, lang))).join(' ')
  const link = page.link ?? { href: '/', key: 'auth.back' }
  const html = `<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t(page.title, {}, 'id'))} · Pantau</title><link rel="icon" href="data:,"><style>${STYLE}</style></head>
<body><main data-auth-page="${esc(page.title)}">
<h1>${esc(t(page.title, {}, 'id'))}</h1>
<p id="auth-message">${lines('id')}</p>
${page.reference ? `<p class="ref">${esc(t('auth.reference', { reference: page.reference }, 'id'))}</p>` : ''}
${page.action ?? `<p><a class="btn" href="${esc(link.href)}">${esc(t(link.key, {}, 'id'))}</a></p>`}
<p class="en" lang="en"><strong>${esc(t(page.title, {}, 'en'))}.</strong> ${lines('en')}</p>
</main></body></html>`
  return c.body(html, status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
  })
}

/** A hidden form field, escaped. */
export const hidden = (name: string, value: string) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`

/** A POST form with one submit button. */
export const postForm = (action: string, fields: string, buttonKey: string) =>
  `<form method="post" action="${esc(action)}">${fields}<p><button type="submit" id="auth-submit">${esc(t(buttonKey, {}, 'id'))}</button></p></form>`
