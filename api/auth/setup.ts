/**
 * Sign-in as the server wires it: the session and people stores over the
 * process's storage and, when PANTAU_OIDC_ISSUER is set, the OpenID Connect
 * client, whose discovery starts in the background (an unreachable provider
 * is a log line and a retry; token sign-in keeps working meanwhile).
 */
import { PeopleStore } from '../../shared/access/people.js'
import { PendingSignIns, SessionStore } from '../../shared/access/sessions.js'
import { componentLogger, type Logger } from '../../shared/log/logger.js'
import type { Storage } from '../../storage/client.js'
import { AuthConfig } from './config.js'
import { OidcClient } from './oidc.js'
import type { AuthDeps } from './session-auth.js'

export interface AuthSetup extends AuthDeps {
  stop(): void
}

export interface AuthOptions {
  publicUrl?: string
  log?: Logger
  /** The clock of the session stores (tests). */
  now?: () => number
  people?: PeopleStore
}

export function createAuth(storage: Storage, config: AuthConfig = AuthConfig.parse({}), opts: AuthOptions = {}): AuthSetup {
  const log = opts.log ?? componentLogger('auth')
  const publicUrl = opts.publicUrl?.replace(/\/+$/, '')
  if (config.oidc && !publicUrl)
    throw new Error('sign-in settings: PANTAU_OIDC_ISSUER needs PANTAU_PUBLIC_URL (the redirect URI is PANTAU_PUBLIC_URL/auth/callback)')
  const oidc = config.oidc ? new OidcClient(config.oidc, `${publicUrl}/auth/callback`, log) : undefined
  oidc?.start()
  const now = opts.now ?? Date.now
  return {
    config,
    sessions: new SessionStore(storage, { idleMs: config.sessionIdleS * 1000, absoluteMs: config.sessionAbsoluteS * 1000 }, now),
    pending: new PendingSignIns(storage, 600_000, now),
    people: opts.people ?? new PeopleStore(storage),
    oidc,
    publicUrl,
    log,
    stop: () => oidc?.stop(),
  }
}
