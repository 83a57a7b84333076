/**
 * Sign-in settings from the environment, through one zod schema: OpenID
 * Connect single sign-on (on when PANTAU_OIDC_ISSUER is set), token sign-in,
 * session timeouts, personal tokens. A value that does not parse stops the
 * start, naming the variable.
 */
import { z } from 'zod'
import { parseRoleMap } from '../../shared/access/claims.js'

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')
const seconds = (min: number, dflt: number) => z.coerce.number().int().min(min).default(dflt)

export const OidcConfig = z.object({
  /** The provider's issuer identifier; its discovery document is `<issuer>/.well-known/openid-configuration`. */
  issuer: z.string().url(),
  clientId: z.string().min(1),
  /** Absent: a public client (PKCE only). */
  clientSecret: z.string().min(1).optional(),
  /** Scopes asked for, besides openid. */
  scopes: z.string().default('openid profile email'),
  rolesClaim: z.string().min(1).default('roles'),
  instansiClaim: z.string().min(1).default('instansi'),
  /** `provider-role=pantau-role,…`; unset: Pantau's own role names. */
  roleMap: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseRoleMap(v)
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message })
        return z.NEVER
      }
    }),
})
export type OidcConfig = z.infer<typeof OidcConfig>

export const AuthConfig = z.object({
  oidc: OidcConfig.optional(),
  /** Pasted bearer tokens may sign in to the web UI (false: the admin token only, as break-glass). */
  tokenSignin: bool.default(true),
  sessionIdleS: seconds(1, 1800),
  sessionAbsoluteS: seconds(60, 12 * 3600),
  /** How often a session re-reads the person's roles from the provider (refresh token grant). */
  sessionRefreshS: seconds(1, 300),
  /** Longest life of a personal token. */
  personalTokenMaxDays: seconds(1, 90),
})
export type AuthConfig = z.infer<typeof AuthConfig>

export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const parsed = AuthConfig.safeParse({
    oidc: env.PANTAU_OIDC_ISSUER
      ? {
          issuer: env.PANTAU_OIDC_ISSUER,
          clientId: env.PANTAU_OIDC_CLIENT_ID,
          clientSecret: env.PANTAU_OIDC_CLIENT_SECRET || undefined,
          scopes: env.PANTAU_OIDC_SCOPES || undefined,
          rolesClaim: env.PANTAU_OIDC_ROLES_CLAIM || undefined,
          instansiClaim: env.PANTAU_OIDC_INSTANSI_CLAIM || undefined,
          roleMap: env.PANTAU_OIDC_ROLE_MAP || undefined,
        }
      : undefined,
    tokenSignin: env.PANTAU_TOKEN_SIGNIN || undefined,
    sessionIdleS: env.PANTAU_SESSION_IDLE_S || undefined,
    sessionAbsoluteS: env.PANTAU_SESSION_ABSOLUTE_S || undefined,
    sessionRefreshS: env.PANTAU_SESSION_REFRESH_S || undefined,
    personalTokenMaxDays: env.PANTAU_PERSONAL_TOKEN_MAX_DAYS || undefined,
  })
  if (parsed.success) return parsed.data
  const names: Record<string, string> = {
    'oidc.issuer': 'PANTAU_OIDC_ISSUER',
    'oidc.clientId': 'PANTAU_OIDC_CLIENT_ID',
    'oidc.clientSecret': 'PANTAU_OIDC_CLIENT_SECRET',
    'oidc.roleMap': 'PANTAU_OIDC_ROLE_MAP',
    tokenSignin: 'PANTAU_TOKEN_SIGNIN',
    sessionIdleS: 'PANTAU_SESSION_IDLE_S',
    sessionAbsoluteS: 'PANTAU_SESSION_ABSOLUTE_S',
    sessionRefreshS: 'PANTAU_SESSION_REFRESH_S',
    personalTokenMaxDays: 'PANTAU_PERSONAL_TOKEN_MAX_DAYS',
  }
  const issue = parsed.error.issues[0]!
  const path = issue.path.join('.')
  throw new Error(`sign-in settings: ${names[path] ?? path}: ${issue.message}`)
}
