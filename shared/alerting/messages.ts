/**
 * Alert texts and notification layouts (Telegram, email) from the one
 * dictionary (shared/i18n, keys 'alerts.*'): Bahasa Indonesia, numbers
 * in id-ID, times in Asia/Jakarta (WIB).
 */
import { fmtDateTime, fmtNumber, fmtPercent, t } from '../i18n/index.js'
import { type AlertLinks, absolute } from './links.js'

export type Labels = Record<string, string>

export const wib = (ms: number): string => fmtDateTime(ms)

/** Placeholders every alert text may use: labels, details and the formatted value. */
function params(l: Labels, value: number): Record<string, string> {
  return {
    ...l,
    value: fmtNumber(value, 'id', Math.abs(value) >= 100 ? 0 : 1),
    value_pct: fmtPercent(value),
    threshold_pct: fmtPercent(Number(l.threshold)),
    sli_text: t(`alerts.sli.${l.sli}`),
    action: t(`alerts.action.${l.severity}`),
  }
}

/** summary and description annotations for an alert with these labels (and details) and value. */
export function annotate(labels: Labels, value: number): Labels {
  const name = labels.alertname
  const p = params(labels, value)
  const description = name === 'CertificateExpiringSoon' && value <= 0 ? 'alerts.CertificateExpired.description' : `alerts.${name}.description`
  return { summary: t(`alerts.${name}.summary`, p), description: t(description, p) }
}

/** What a notification holds, independent of the channel. */
export interface NotificationAlert {
  fingerprint: string
  status: 'firing' | 'resolved'
  labels: Labels
  annotations: Labels
  startsAt: number
  endsAt: number | null
  /** Web UI routes of the alert's requests and of its prefilled silence form. */
  links: AlertLinks
}

export interface Notification {
  receiver: string
  groupKey: string
  status: 'firing' | 'resolved'
  groupLabels: Labels
  alerts: NotificationAlert[]
  externalUrl: string
}

/** generatorURL (webhook, Alertmanager): the alert's requests in Jelajah. */
export function generatorUrl(n: Pick<Notification, 'externalUrl'>, a: NotificationAlert): string {
  return absolute(n.externalUrl, a.links.explore)
}

function alertLines(n: Notification, a: NotificationAlert): string[] {
  const lines = [`• ${a.annotations.summary ?? a.labels.alertname}`]
  if (a.annotations.description) lines.push(`  ${a.annotations.description}`)
  lines.push(`  ${t('alerts.notify.where', { instansi: a.labels.instansi || '-', severity: t(`alerts.severity.${a.labels.severity}`) })}`)
  const start = wib(a.startsAt)
  lines.push(`  ${a.status === 'firing' ? t('alerts.notify.started', { start }) : t('alerts.notify.ended', { start, end: wib(a.endsAt ?? a.startsAt) })}`)
  lines.push(`  ${t('alerts.notify.explore', { url: generatorUrl(n, a) })}`)
  if (a.status === 'firing') lines.push(`  ${t('alerts.notify.silence', { url: absolute(n.externalUrl, a.links.silence) })}`)
  return lines
}

const split = (n: Notification) => ({
  firing: n.alerts.filter((a) => a.status === 'firing'),
  resolved: n.alerts.filter((a) => a.status === 'resolved'),
})

export function subject(n: Notification): string {
  const { firing, resolved } = split(n)
  const tag = firing.length ? `${t('alerts.status.firing')}:${firing.length}` : `${t('alerts.status.resolved')}:${resolved.length}`
  const name = n.alerts[0]?.annotations.summary ?? n.groupLabels.alertname
  return `[Pantau ${tag}] ${name}${n.alerts.length > 1 ? ` (+${n.alerts.length - 1})` : ''}`
}

/** Plain text body (email); the Telegram message has the same lines. */
export function plainText(n: Notification): string {
  const { firing, resolved } = split(n)
  const out = [subject(n), '']
  const lines = (a: NotificationAlert) => alertLines(n, a)
  if (firing.length) out.push(t('alerts.notify.firing', { n: firing.length }), ...firing.flatMap(lines), '')
  if (resolved.length) out.push(t('alerts.notify.resolved', { n: resolved.length }), ...resolved.flatMap(lines), '')
  out.push(t('alerts.notify.link', { url: n.externalUrl }))
  return out.join('\n')
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Telegram Bot API `sendMessage` text for parse_mode HTML (a bold subject, escaped text, ≤ 4096 chars). */
export function telegramHtml(n: Notification): string {
  const [first, ...rest] = plainText(n).split('\n')
  return [`<b>${escapeHtml(first)}</b>`, ...rest.map(escapeHtml)].join('\n').slice(0, 4096)
}
