/**
 * The OpenID Connect relying party (openid-client, functional API): discovery
 * of the provider (retried in the background with backoff when it cannot be
 * reached at start-up: a log line, never a crash), the authorization code
 * flow with PKCE (S256), state and nonce, the callback (state, nonce, issuer
 * and audience checked by the library, the state also by us first), the
 * claims of the ID token merged with the UserInfo answer, session refresh
 * with the refresh token, and RP-initiated logout when the provider offers
 * an end_session_endpoint. Failures become an `OidcFailure` with a reason
 * the callback page explains.
 */
import * as client from 'openid-client'
import type { Logger } from '../../shared/log/logger.js'
import type { OidcConfig } from './config.js'

/** Why a sign-in failed; each has its own page (pages.ts). */
export type FailureReason = 'unavailable' | 'state' | 'denied' | 'code' | 'token' | 'expired' | 'failed'

export class OidcFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export interface Grant {
  /** The ID token's claims merged with UserInfo (whose `sub` must match). */
  claims: Record<string, unknown>
  /** What a session keeps, sealed: the refresh token (if any) and the ID token (logout hint). */
  secrets: Record<string, string>
}

const MAX_RETRY_MS = 60_000

export class OidcClient {
  private discovered: client.Configuration | undefined
  private pending: Promise<client.Configuration> | undefined
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(
    readonly cfg: OidcConfig,
    /** PANTAU_PUBLIC_URL + /auth/callback, as registered at the provider. */
    readonly redirectUri: string,
    private readonly log: Logger,
  ) {}

  /** Discover the provider now, and keep trying in the background until it answers. */
  start(): void {
    const attempt = (delay: number) => {
      this.configuration().then(
        () => this.log.info({ issuer: this.cfg.issuer }, `oidc: provider ${this.cfg.issuer} discovered`),
        (e: Error) => {
          if (this.stopped) return
          this.log.warn({ issuer: this.cfg.issuer, error: e.message }, `oidc: provider ${this.cfg.issuer} unreachable; retrying in ${delay / 1000} s`)
          this.timer = setTimeout(() => attempt(Math.min(delay * 2, MAX_RETRY_MS)), delay)
          this.timer.unref()
        },
      )
    }
    attempt(2_000)
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
  }

  get ready(): boolean {
    return this.discovered !== undefined
  }

  /** The discovered configuration (one discovery in flight at a time); OidcFailure('unavailable') when the provider cannot be reached. */
  configuration(): Promise<client.Configuration> {
    if (this.discovered) return Promise.resolve(this.discovered)
    this.pending ??= this.discover().then(
      (c) => {
        this.discovered = c
        return c
      },
      (e: unknown) => {
        this.pending = undefined
        throw new OidcFailure('unavailable', `discovery of ${this.cfg.issuer} failed: ${(e as Error).message}`, { cause: e })
      },
    )
    return this.pending
  }

  private discover(): Promise<client.Configuration> {
    const insecure = new URL(this.cfg.issuer).protocol === 'http:'
    return client.discovery(
      new URL(this.cfg.issuer),
      this.cfg.clientId,
      { client_secret: this.cfg.clientSecret },
      this.cfg.clientSecret ? client.ClientSecretBasic(this.cfg.clientSecret) : client.None(),
      { timeout: 10, ...(insecure ? { execute: [client.allowInsecureRequests] } : {}) },
    )
  }

  /** A new authorization request: the URL to send the browser to, and what the callback must check. */
  async authorizationRequest(): Promise<{ url: URL; state: string; nonce: string; verifier: string }> {
    const config = await this.configuration()
    const verifier = client.randomPKCECodeVerifier()
    const state = client.randomState()
    const nonce = client.randomNonce()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.cfg.scopes.split(/\s+/).includes('openid') ? this.cfg.scopes : `openid ${this.cfg.scopes}`,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    })
    return { url, state, nonce, verifier }
  }

  /** Complete the authorization code grant for the callback's query string. */
  async callback(query: URLSearchParams, expected: { state: string; nonce: string; verifier: string }): Promise<Grant> {
    const config = await this.configuration()
    if (query.get('state') !== expected.state) throw new OidcFailure('state', 'the state of the callback is not the one this sign-in sent')
    const current = new URL(this.redirectUri)
    current.search = query.toString()
    const tokens = await this.call(() =>
      client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: expected.verifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      }),
    )
    return this.grant(config, tokens)
  }

  /** Ask the provider again (refresh token grant): the person as the provider describes them now. */
  async refresh(refreshToken: string, previousIdToken?: string): Promise<Grant> {
    const config = await this.configuration()
    const tokens = await this.call(() => client.refreshTokenGrant(config, refreshToken))
    const grant = await this.grant(config, tokens)
    if (!grant.secrets.refresh_token) grant.secrets.refresh_token = refreshToken
    if (!grant.secrets.id_token && previousIdToken) grant.secrets.id_token = previousIdToken
    return grant
  }

  /** Where to send the browser to end the provider's session too, or undefined when it offers no end_session_endpoint. */
  async endSessionUrl(postLogoutRedirectUri: string, idToken?: string): Promise<URL | undefined> {
    const config = this.discovered ?? (await this.configuration().catch(() => undefined))
    if (!config?.serverMetadata().end_session_endpoint) return undefined
    return client.buildEndSessionUrl(config, {
      post_logout_redirect_uri: postLogoutRedirectUri,
      client_id: this.cfg.clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    })
  }

  private async grant(config: client.Configuration, tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): Promise<Grant> {
    const idClaims = tokens.claims()
    const sub = idClaims?.sub
    if (!sub) throw new OidcFailure('token', 'the provider sent no ID token with a subject')
    let claims: Record<string, unknown> = { ...idClaims }
    if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
      const info = await this.call(() => client.fetchUserInfo(config, tokens.access_token, sub))
      claims = { ...claims, ...info, sub }
    }
    const secrets: Record<string, string> = {}
    if (tokens.refresh_token) secrets.refresh_token = tokens.refresh_token
    if (tokens.id_token) secrets.id_token = tokens.id_token
    return { claims, secrets }
  }

  /** A provider call, its failures classified. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      throw classify(e)
    }
  }
}

function classify(e: unknown): OidcFailure {
  if (e instanceof OidcFailure) return e
  const message = (e as Error)?.message ?? String(e)
  if (e instanceof client.AuthorizationResponseError) return new OidcFailure(e.error === 'access_denied' ? 'denied' : 'failed', message, { cause: e })
  if (e instanceof client.ResponseBodyError) return new OidcFailure(e.error === 'invalid_grant' ? 'expired' : 'code', message, { cause: e })
  const code = (e as { code?: string })?.code ?? ''
  if (/JWT|CLAIM|NONCE|ISS|KEY_SELECTION|INVALID_RESPONSE/.test(code)) return new OidcFailure('token', message, { cause: e })
  if (e instanceof TypeError || /fetch failed|ECONNREFUSED|timeout|aborted/i.test(message)) return new OidcFailure('unavailable', message, { cause: e })
  return new OidcFailure('failed', message, { cause: e })
}
