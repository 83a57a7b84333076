/**
 * Consumer applications: each unit kerja / perangkat daerah application
 * (SIMPUS, SIMRS, SIMPEG, SiCantik Cloud, Coretax …) calls the services it
 * needs — its own instansi's first, else its provinsi's, else the central
 * provider's — which makes the cross-instansi integration graph. Each
 * consumer carries the ids every gateway product logs for it (Kong and
 * APISIX consumer usernames, WSO2 application name and id), registered as
 * `match_ids`. A few applications call APIs without being registered.
 */
import { APP_USER_AGENTS, PUBLIC_FIRST_OCTETS, UNREGISTERED_APPS } from './reference/clients.js'
import { shortName, type InstansiSeed } from './reference/instansi.js'
import { PERANGKAT_DAERAH, type AppSeed } from './reference/perangkat-daerah.js'
import type { DemoApi, DemoConsumer, DemoGateway } from './model.js'
import type { Rng } from './prng.js'

const PORTAL = 'Portal Layanan'
/** Share of consumers still calling the deprecated v1 when a v2 exists. */
const STAYS_ON_V1 = 0.35
/** Formats whose records carry a consumer id (nginx and Envoy logs do not). */
const CONSUMER_FORMATS = new Set(['wso2', 'kong', 'apisix', 'pasal13', 'otlp'])

export function buildConsumers(seeds: InstansiSeed[], apis: DemoApi[], gateways: DemoGateway[], rng: Rng): DemoConsumer[] {
  const callable = apis.filter((a) => a.registered && (a.lifecycle === 'published' || a.lifecycle === 'deprecated'))
  const byService = new Map<string, DemoApi[]>()
  for (const a of callable) byService.set(a.service, [...(byService.get(a.service) ?? []), a])
  const consumers: DemoConsumer[] = []

  const link = (consumer: DemoConsumer, api: DemoApi, activity: number) =>
    api.callers.push({ consumer: consumers.indexOf(consumer), weight: activity * (0.5 + rng.next()) })

  const portals = new Map<string, DemoConsumer>()
  seeds.forEach((s, instIdx) => {
    const owner = 'units' in s ? (s.units.find((u) => u.code === 'pusdatin') ?? s.units[0]).code : 'diskominfo'
    const portal = newConsumer(rng, s, instIdx, owner, `${PORTAL} ${shortName(s.name)}`, PORTAL, true, true)
    consumers.push(portal)
    portals.set(s.code, portal)
    for (const { unit, unitName, app } of appsOf(s)) {
      const c = newConsumer(rng, s, instIdx, unit, `${app.name} ${unitName}`, app.name, true)
      consumers.push(c)
      for (const key of app.calls) {
        const api = resolve(byService.get(key) ?? [], s, rng)
        if (api) link(c, api, app.activity ?? 1)
      }
    }
  })

  const withIds = callable.filter((a) => CONSUMER_FORMATS.has(gateways.find((g) => g.id === a.gateway_id)!.format))
  UNREGISTERED_APPS.forEach((name, i) => {
    const idx = rng.int(0, seeds.length - 1)
    const c = newConsumer(rng, seeds[idx], idx, '', name, name, false)
    consumers.push(c)
    for (let k = 0; k < 2 + (i % 3); k++) link(c, rng.pick(withIds), 0.3)
  })

  // The instansi's own portal / mobile app: citizens on public services, staff elsewhere.
  for (const a of apis) link(portals.get(a.instansi)!, a, a.public ? 2.5 : 0.5)
  return consumers
}

function appsOf(s: InstansiSeed): Array<{ unit: string; unitName: string; app: AppSeed }> {
  const short = shortName(s.name)
  if ('units' in s) return s.units.flatMap((u) => (u.apps ?? []).map((app) => ({ unit: u.code, unitName: short, app })))
  return s.pd.flatMap((key) => {
    const pd = PERANGKAT_DAERAH[key] as { name: string; provinsiName?: string; apps: AppSeed[] }
    const unitName = `${s.kind === 'provinsi' ? (pd.provinsiName ?? pd.name) : pd.name} ${short}`
    return pd.apps.map((app) => ({ unit: key as string, unitName, app }))
  })
}

/** The API a consumer of instansi `s` calls for a service: own, then provinsi, then central. */
function resolve(candidates: DemoApi[], s: InstansiSeed, rng: Rng): DemoApi | undefined {
  const parent = 'parent' in s ? s.parent : undefined
  const providers = [s.code, parent, ...candidates.map((a) => a.instansi)].filter((x): x is string => !!x)
  const provider = providers.find((p) => candidates.some((a) => a.instansi === p))
  const versions = candidates.filter((a) => a.instansi === provider)
  if (versions.length <= 1) return versions[0]
  const v1 = versions.find((a) => a.lifecycle === 'deprecated')
  const current = versions.find((a) => a.lifecycle === 'published') ?? versions[0]
  return v1 && rng.next() < STAYS_ON_V1 ? v1 : current
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

function newConsumer(
  rng: Rng,
  s: InstansiSeed,
  instIdx: number,
  unit: string,
  name: string,
  appName: string,
  registered: boolean,
  frontend = false,
): DemoConsumer {
  const kong = slugify(`${appName}-${s.code}`)
  const wso2Name = `${appName.replace(/[^A-Za-z0-9]+/g, '')}_${s.code}`
  const wso2Id = rng.uuid()
  const users = Array.from({ length: rng.int(20, 300) }, () => nip(rng))
  return {
    id: `${s.code}.${slugify(appName)}`,
    name,
    instansi: s.code,
    owner_unit: unit,
    match_ids: [kong, kong.replaceAll('-', '_'), wso2Name, wso2Id],
    registered,
    frontend,
    kongUsername: kong,
    apisixUsername: kong.replaceAll('-', '_'),
    wso2AppName: wso2Name,
    wso2AppId: wso2Id,
    internalIp: `10.${instIdx + 10}.${rng.int(0, 255)}.${rng.int(2, 254)}`,
    externalIp: rng.chance(0.5)
      ? `172.${rng.int(16, 31)}.${rng.int(0, 255)}.${rng.int(2, 254)}`
      : `${rng.pick(PUBLIC_FIRST_OCTETS)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 254)}`,
    userAgent: `${appName.replace(/\s+/g, '-')}/${rng.int(1, 5)}.${rng.int(0, 9)} ${rng.pick(APP_USER_AGENTS)}`,
    users,
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** An 18-digit NIP of an ASN: birth date, appointment month, sex, sequence. */
export function nip(rng: Rng): string {
  const born = rng.int(1965, 1998)
  const tmt = Math.min(2024, born + rng.int(22, 30))
  return `${born}${pad2(rng.int(1, 12))}${pad2(rng.int(1, 28))}${tmt}${pad2(rng.int(1, 12))}${rng.int(1, 2)}${String(rng.int(1, 15)).padStart(3, '0')}`
}
