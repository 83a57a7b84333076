/**
 * Telegram Bot API: `POST {url}/bot<token>/sendMessage` with chat_id, the
 * message text (HTML parse mode) and link previews off. `url` defaults to
 * https://api.telegram.org; the bot token is the receiver's secret.
 * Telegram answers `{ ok: false, error_code, parameters: { retry_after } }`
 * on errors; 429 is retried after the time it asks for.
 */
import { telegramHtml } from '../messages.js'
import { type Deliver, DeliveryError, postJson } from './types.js'

export const TELEGRAM_API = 'https://api.telegram.org'

export const deliverTelegram: Deliver = async (r, n, ctx) => {
  if (!r.secret || !r.settings.chat_id) throw new DeliveryError('telegram receiver needs a bot token (secret) and settings.chat_id', false)
  const body = JSON.stringify({ chat_id: r.settings.chat_id, text: telegramHtml(n), parse_mode: 'HTML', disable_web_page_preview: true })
  const base = (r.url || TELEGRAM_API).replace(/\/+$/, '')
  let text: string
  try {
    text = await postJson(`${base}/bot${r.secret}/sendMessage`, body, {}, ctx.timeoutMs)
  } catch (e) {
    const retryAfter = /"retry_after"\s*:\s*(\d+)/.exec((e as Error).message)?.[1]
    if (e instanceof DeliveryError && retryAfter) throw new DeliveryError(e.message, true, Number(retryAfter) * 1000)
    throw e
  }
  const reply = JSON.parse(text || '{}') as { ok?: boolean; description?: string }
  if (reply.ok !== true) throw new DeliveryError(`telegram: ${reply.description ?? 'not ok'}`, false)
}
