/**
 * Email over SMTP (nodemailer): `url` is smtp://host:port (STARTTLS when the
 * server offers it) or smtps://host:port (TLS from the start); the user is
 * settings.username and the password the receiver's secret. SMTP 5xx replies
 * are permanent, everything else (4xx, connection errors) is retried.
 */
import nodemailer from 'nodemailer'
import { plainText, subject } from '../messages.js'
import { type Deliver, DeliveryError } from './types.js'

export const deliverEmail: Deliver = async (r, n, ctx) => {
  const to = r.settings.to ?? []
  if (to.length === 0) throw new DeliveryError('email receiver needs settings.to', false)
  let url: URL
  try {
    url = new URL(r.url)
  } catch {
    throw new DeliveryError(`email receiver url is not smtp://host:port: ${r.url}`, false)
  }
  const secure = url.protocol === 'smtps:'
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 25)),
    secure,
    auth: r.settings.username ? { user: r.settings.username, pass: r.secret } : undefined,
    tls: { rejectUnauthorized: r.settings.tls_verify ?? true },
    connectionTimeout: ctx.timeoutMs,
    greetingTimeout: ctx.timeoutMs,
    socketTimeout: ctx.timeoutMs,
  })
  try {
    await transport.sendMail({ from: r.settings.from ?? 'Pantau <pantau@localhost>', to, subject: subject(n), text: plainText(n) })
  } catch (e) {
    const code = Number((e as { responseCode?: number }).responseCode ?? 0)
    throw new DeliveryError(`smtp ${url.host}: ${(e as Error).message}`, !(code >= 500 && code < 600))
  } finally {
    transport.close()
  }
}
