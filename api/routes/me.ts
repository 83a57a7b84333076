/**
 * `/v1/me`: who is calling (a person signed in with SSO, a token session, or
 * a bearer token) and, for a browser session, the CSRF token its writes must
 * send as X-CSRF-Token. `/v1/me/tokens`: personal API tokens of a person
 * signed in with SSO, bound to their role and instansi, with an expiry; they
 * stop working when the person no longer holds that role (shared/access/tokens.ts).
 */
import { createRoute, z } from '@hono/zod-openapi'
import { audit } from '../../shared/access/audit.js'
import { TokenInfo } from '../../shared/access/tokens.js'
import { envelope, envelopeSchema } from '../../shared/http/envelope.js'
import { forbidden, notFound } from '../../shared/http/problem.js'
import type { AuthConfig } from '../auth/config.js'
import type { ApiApp, ApiDeps } from '../deps.js'
import { identity } from './auth.js'
import { errorResponses } from './common.js'
import { csvToo } from './csv.js'

const Me = z
  .object({
    sub: z.string().describe("the person's OpenID Connect subject; '' for a token without an owner"),
    name: z.string(),
    email: z.string(),
    role: z.string(),
    instansi: z.string().describe("the operator's instansi ('' when none)"),
    csrf_token: z.string().describe("send as X-CSRF-Token on every write made with the session cookie; '' for bearer tokens"),
  })
  .openapi('Me')

const PersonalTokenInput = z
  .object({
    name: z.string().min(2).max(128).openapi({ example: 'Skrip laporan bulanan' }),
    expires_in_days: z.number().int().min(1).max(3650).describe('Days until the token stops working (at most PANTAU_PERSONAL_TOKEN_MAX_DAYS)'),
  })
  .openapi('PersonalTokenInput')
const PersonalToken = z.object({
  name: z.string(),
  role: z.string(),
  instansi: z.string(),
  token: z.string().describe('Shown once'),
  prefix: z.string(),
  expires_at: z.string(),
})

export function registerMe(app: ApiApp, deps: ApiDeps, config: AuthConfig): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me',
      tags: ['auth'],
      summary: 'Who is calling (and the CSRF token of a browser session)',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'The caller', content: { 'application/json': { schema: envelopeSchema(Me) } } }, ...errorResponses },
    }),
    (c) => c.json(envelope(identity(c.var.principal, c.var.session?.id)), 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/tokens',
      tags: ['auth'],
      summary: "The caller's personal API tokens (without their secrets)",
      security: [{ bearer: [] }],
      responses: { 200: csvToo({ description: 'Tokens', content: { 'application/json': { schema: envelopeSchema(z.array(TokenInfo)) } } }), ...errorResponses },
    }),
    async (c) => {
      const sub = c.var.principal.sub
      return c.json(envelope(sub ? await deps.tokens.list(sub) : []), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/tokens',
      tags: ['auth'],
      summary: 'Make a personal API token with your own role and instansi (signed in with SSO)',
      security: [{ bearer: [] }],
      request: { body: { content: { 'application/json': { schema: PersonalTokenInput } }, required: true } },
      responses: { 201: { description: 'Made', content: { 'application/json': { schema: envelopeSchema(PersonalToken) } } }, ...errorResponses },
    }),
    async (c) => {
      const who = c.var.principal
      if (!who.sub || c.var.session?.row.method !== 'oidc') throw forbidden('personal tokens are made by a person signed in with SSO, in the browser session')
      const input = c.req.valid('json')
      if (input.expires_in_days > config.personalTokenMaxDays)
        throw forbidden(`a personal token lives at most ${config.personalTokenMaxDays} days (PANTAU_PERSONAL_TOKEN_MAX_DAYS)`, 'body.expires_in_days')
      const expiresAt = Date.now() + input.expires_in_days * 86400e3
      const instansi = who.instansi ?? ''
      const issued = await deps.tokens.issue(input.name, who.role, instansi, { sub: who.sub, expiresAt })
      await audit(deps.storage, who, {
        action: 'token.personal.issue',
        resource: issued.prefix,
        detail: { name: input.name, role: who.role, instansi, expires_at: new Date(expiresAt).toISOString() },
      })
      return c.json(
        envelope({ name: input.name, role: who.role, instansi, ...issued, expires_at: new Date(expiresAt).toISOString() }, { code: 201, message: 'Created' }),
        201,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/me/tokens/{prefix}',
      tags: ['auth'],
      summary: 'Revoke one of your personal API tokens',
      security: [{ bearer: [] }],
      request: { params: z.object({ prefix: z.string().min(4).max(16) }) },
      responses: {
        200: { description: 'Revoked', content: { 'application/json': { schema: envelopeSchema(z.object({ revoked: z.number().int() })) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { prefix } = c.req.valid('param')
      const who = c.var.principal
      const revoked = who.sub ? await deps.tokens.revoke(prefix, who.sub) : []
      if (revoked.length === 0) throw notFound(`you have no personal token with prefix '${prefix}'`, 'prefix')
      await audit(deps.storage, who, { action: 'token.personal.revoke', resource: prefix, detail: revoked })
      return c.json(envelope({ revoked: revoked.length }), 200)
    },
  )
}
