/**
 * The HTML of an instansi's public status page (/status/{instansi}): plain
 * server-rendered HTML without scripts, readable on a phone, in the style of
 * the report verification page. It shows only what `PublicStatus` holds.
 */
import { fmtDate, fmtDateTime, fmtPercent, t, type Lang } from '../../shared/i18n/index.js'
import type { PublicState, PublicStatus } from '../../shared/metrics/public-status.js'

const esc = (x: unknown) => String(x ?? '–').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

const STATE_COLOR: Record<PublicState, string> = { operational: '#1e7d32', degraded: '#b26a00', down: '#b3261e', no_data: '#6b6b6b' }

/** Colour of a day's bar: grey without traffic, green ≥ 99 %, amber ≥ 95 %, red below. */
function barColor(pct: number | null): string {
  if (pct === null) return '#d0d0d0'
  return pct >= 99 ? '#2e9d4f' : pct >= 95 ? '#e0a000' : '#d0342c'
}

const pctText = (pct: number | null, lang: Lang) => (pct === null ? t('public_status.no_traffic', {}, lang) : fmtPercent(pct / 100, lang, 2))

const STYLE = `body{font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1d}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
.banner{padding:.8rem 1rem;border-radius:.4rem;color:#fff;font-weight:bold}
.api{border:1px solid #ddd;border-radius:.4rem;padding:.7rem 1rem;margin:.7rem 0}
.head{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
.bars{display:flex;gap:1px;height:2rem;margin:.5rem 0 .2rem}.bars span{flex:1;border-radius:1px}
.axis{display:flex;justify-content:space-between;font-size:.75rem;color:#6b6b6b}
.muted{color:#6b6b6b;font-size:.85rem}ul{padding-left:1.2rem}`

function apiBlock(a: PublicStatus['apis'][number], days: number, lang: Lang): string {
  const bars = a.days
    .map(
      (d) =>
        `<span style="background:${barColor(d.uptime_pct)}" title="${esc(t('public_status.day_title', { date: fmtDate(`${d.date}T12:00:00+07:00`, lang), pct: pctText(d.uptime_pct, lang) }, lang))}"></span>`,
    )
    .join('')
  return `<section class="api" data-api="${esc(a.id)}" data-state="${a.state}">
<div class="head"><b>${esc(a.name)} <span class="muted">v${esc(a.version)}</span></b>
<span style="color:${STATE_COLOR[a.state]};font-weight:bold">${esc(t(`public_status.state.${a.state}`, {}, lang))}</span></div>
<div class="bars" role="img" aria-label="${esc(t('public_status.uptime', { days, pct: pctText(a.uptime_pct, lang) }, lang))}">${bars}</div>
<div class="axis"><span>${esc(t('public_status.days_ago', { days: days - 1 }, lang))}</span><span>${esc(t('public_status.uptime', { days, pct: pctText(a.uptime_pct, lang) }, lang))}</span><span>${esc(t('public_status.today', {}, lang))}</span></div>
</section>`
}

function incidentList(s: PublicStatus, lang: Lang): string {
  if (s.incidents.length === 0) return `<p>${esc(t('public_status.no_incidents', { days: s.window_days }, lang))}</p>`
  const items = s.incidents.map((i) => {
    const end = i.end === null ? t('public_status.ongoing', {}, lang) : fmtDateTime(i.end, lang)
    return `<li>${esc(t('public_status.incident', { api: i.api_name, start: fmtDateTime(i.start, lang), end, minutes: i.duration_min }, lang))}</li>`
  })
  return `<ul class="incidents">${items.join('')}</ul>`
}

function maintenanceList(s: PublicStatus, lang: Lang): string {
  if (s.maintenance.length === 0) return `<p>${esc(t('public_status.no_maintenance', {}, lang))}</p>`
  const items = s.maintenance.map(
    (m) =>
      `<li data-status="${m.status}"><b>${esc(m.api_name ?? t('public_status.maintenance_all', {}, lang))}</b>: ${esc(fmtDateTime(m.starts_at, lang))} – ${esc(fmtDateTime(m.ends_at, lang))} · ${esc(t(`public_status.maintenance.${m.status}`, {}, lang))}${m.reason ? `<br><span class="muted">${esc(m.reason)}</span>` : ''}</li>`,
  )
  return `<ul class="maintenance">${items.join('')}</ul>`
}

export function publicStatusPage(s: PublicStatus, lang: Lang = 'id'): string {
  const title = t('public_status.title', { instansi: s.instansi.name }, lang)
  const apis = s.apis.length ? s.apis.map((a) => apiBlock(a, s.window_days, lang)).join('\n') : `<p>${esc(t('public_status.no_apis', {}, lang))}</p>`
  return `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><link rel="icon" href="data:,">
<title>${esc(title)}</title><style>${STYLE}</style>
<body>
<h1>${esc(title)}</h1>
<p class="banner" data-state="${s.state}" style="background:${STATE_COLOR[s.state]}">${esc(t(`public_status.overall.${s.state}`, {}, lang))}</p>
<h2>${esc(t('public_status.apis', {}, lang))}</h2>
${apis}
<h2>${esc(t('public_status.maintenance', {}, lang))}</h2>
${maintenanceList(s, lang)}
<h2>${esc(t('public_status.incidents', {}, lang))}</h2>
${incidentList(s, lang)}
<p class="muted">${esc(t('public_status.updated', { time: fmtDateTime(s.generated_at, lang) }, lang))}<br>${esc(t('public_status.method', {}, lang))}</p>
</body></html>`
}

export function publicStatusNotFoundPage(lang: Lang = 'id'): string {
  return `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><link rel="icon" href="data:,">
<title>${esc(t('public_status.not_found', {}, lang))}</title>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>${esc(t('public_status.not_found', {}, lang))}</h1><p>${esc(t('public_status.not_found_text', {}, lang))}</p></body></html>`
}
