/**
 * From identity-provider claims to a Pantau person (shared/access/claims.ts):
 * the configured roles claim, Keycloak's realm_access.roles and groups are
 * read together, mapped through PANTAU_OIDC_ROLE_MAP, and the strongest role
 * wins; an operator needs an instansi; unmapped roles give no access. Also
 * the sign-in settings (api/auth/config.ts) and the sealed session secrets
 * and CSRF tokens (shared/access/sealed.ts).
 */
import { describe, expect, it } from 'vitest'
import { authConfigFromEnv } from '../../api/auth/config.js'
import { claimAt, parseRoleMap, personFromClaims, roleValues } from '../../shared/access/claims.js'
import { csrfOf, newSessionId, SESSION_ID, seal, sessionHash, unseal } from '../../shared/access/sealed.js'

const rules = (map?: string, rolesClaim = 'roles', instansiClaim = 'instansi') => ({ rolesClaim, instansiClaim, roleMap: parseRoleMap(map) })
const MAP = 'pantau-admin=admin,spbe-koordinator=koordinator,pantau-operator=operator,/grp/asesor=asesor'

describe('role map', () => {
  it('defaults to the Pantau role names and never maps the collector service account', () => {
    expect([...parseRoleMap(undefined)]).toEqual([
      ['admin', 'admin'],
      ['koordinator', 'koordinator'],
      ['operator', 'operator'],
      ['asesor', 'asesor'],
      ['sre', 'sre'],
    ])
    expect(() => parseRoleMap('svc=collector')).toThrow(/not a Pantau role/)
    expect(() => parseRoleMap('=admin')).toThrow(/provider-role=pantau-role/)
    expect(parseRoleMap(' a = admin , b=sre ').get('a')).toBe('admin')
  })
})

describe('claims to a person', () => {
  it('reads roles, realm_access.roles and groups, and the strongest mapped role wins', () => {
    const r = rules(MAP)
    expect(personFromClaims({ sub: 's1', name: 'Ana', roles: ['pantau-operator', 'spbe-koordinator'], instansi: 'kota-a' }, r)).toMatchObject({
      ok: true,
      person: { sub: 's1', name: 'Ana', role: 'koordinator', instansi: 'kota-a' },
    })
    expect(personFromClaims({ sub: 's2', realm_access: { roles: ['offline_access', 'spbe-koordinator'] } }, r)).toMatchObject({
      ok: true,
      person: { role: 'koordinator', name: 's2' },
    })
    expect(personFromClaims({ sub: 's3', groups: ['/pantau-operator'], instansi: ['kota-b'] }, r)).toMatchObject({
      ok: true,
      person: { role: 'operator', instansi: 'kota-b' },
    })
    expect(personFromClaims({ sub: 's4', groups: ['/grp/asesor'], email: 'a@x.id', preferred_username: 'asesor1' }, r)).toMatchObject({
      ok: true,
      person: { role: 'asesor', email: 'a@x.id', name: 'asesor1' },
    })
    expect(personFromClaims({ sub: 's5', roles: 'pantau-admin other' }, r)).toMatchObject({ ok: true, person: { role: 'admin' } })
  })

  it('no mapped role, or an operator without instansi, is refused with what the provider sent', () => {
    const r = rules(MAP)
    expect(personFromClaims({ sub: 's1', name: 'Tamu', roles: ['staf'], groups: ['/umum'] }, r)).toEqual({
      ok: false,
      reason: 'no-role',
      sub: 's1',
      name: 'Tamu',
      values: ['staf', '/umum', 'umum'],
    })
    expect(personFromClaims({ sub: 's2', roles: ['admin'] }, r)).toMatchObject({ ok: false, reason: 'no-role' }) // the map replaces the default names
    expect(personFromClaims({ sub: 's3', roles: ['pantau-operator'] }, r)).toMatchObject({ ok: false, reason: 'no-instansi' })
  })

  it("without a role map, only the roles claim's own Pantau role names count: another application's realm role or group 'admin' does not", () => {
    const r = rules(undefined)
    expect(personFromClaims({ sub: 's1', roles: ['admin'] }, r)).toMatchObject({ ok: true, person: { role: 'admin' } })
    expect(personFromClaims({ sub: 's2', groups: ['/admin'], realm_access: { roles: ['admin'] } }, r)).toMatchObject({ ok: false, reason: 'no-role' })
  })

  it('takes the roles and instansi claims from configured dotted paths', () => {
    const claims = { sub: 'x', resource_access: { pantau: { roles: ['sre'] } }, org: { code: 'kota-c' } }
    expect(claimAt(claims, 'resource_access.pantau.roles')).toEqual(['sre'])
    expect(roleValues(claims, 'resource_access.pantau.roles')).toEqual(['sre'])
    expect(personFromClaims(claims, rules(undefined, 'resource_access.pantau.roles', 'org.code'))).toMatchObject({
      ok: true,
      person: { role: 'sre', instansi: 'kota-c' },
    })
    expect(claimAt({ 'https://pantau/roles': ['a'] }, 'https://pantau/roles')).toEqual(['a'])
  })
})

describe('sign-in settings', () => {
  it('has token sign-in on and no SSO by default', () => {
    const c = authConfigFromEnv({})
    expect(c).toMatchObject({ oidc: undefined, tokenSignin: true, sessionIdleS: 1800, sessionAbsoluteS: 43200, sessionRefreshS: 300 })
  })

  it('reads the OIDC settings and names a bad variable', () => {
    const c = authConfigFromEnv({
      PANTAU_OIDC_ISSUER: 'https://sso.example.go.id/realms/spbe',
      PANTAU_OIDC_CLIENT_ID: 'pantau',
      PANTAU_OIDC_ROLE_MAP: 'pantau-admin=admin',
      PANTAU_OIDC_ROLES_CLAIM: 'realm_access.roles',
      PANTAU_TOKEN_SIGNIN: 'false',
    })
    expect(c.oidc?.roleMap.get('pantau-admin')).toBe('admin')
    expect(c.oidc?.rolesClaim).toBe('realm_access.roles')
    expect(c.tokenSignin).toBe(false)
    expect(() => authConfigFromEnv({ PANTAU_OIDC_ISSUER: 'https://sso', PANTAU_OIDC_CLIENT_ID: 'p', PANTAU_OIDC_ROLE_MAP: 'x=root' })).toThrow(
      /PANTAU_OIDC_ROLE_MAP: 'root' is not a Pantau role/,
    )
    expect(() => authConfigFromEnv({ PANTAU_OIDC_ISSUER: 'not a url', PANTAU_OIDC_CLIENT_ID: 'p' })).toThrow(/PANTAU_OIDC_ISSUER/)
    expect(() => authConfigFromEnv({ PANTAU_OIDC_ISSUER: 'https://sso' })).toThrow(/PANTAU_OIDC_CLIENT_ID/)
    expect(() => authConfigFromEnv({ PANTAU_SESSION_IDLE_S: 'soon' })).toThrow(/PANTAU_SESSION_IDLE_S/)
  })
})

describe('sealed session secrets', () => {
  it('open only with the same session id and purpose; the stored hash and CSRF token are derived, not stored', () => {
    const id = newSessionId()
    expect(id).toMatch(SESSION_ID)
    const box = seal(id, 'p', '{"refresh_token":"r"}')
    expect(unseal(id, 'p', box)).toBe('{"refresh_token":"r"}')
    expect(unseal(newSessionId(), 'p', box)).toBeUndefined()
    expect(unseal(id, 'q', box)).toBeUndefined()
    expect(unseal(id, 'p', `${box.slice(0, -2)}AA`)).toBeUndefined()
    expect(sessionHash(id)).toMatch(/^[0-9a-f]{64}$/)
    expect(sessionHash(id)).not.toContain(id)
    expect(csrfOf(id)).toBe(csrfOf(id))
    expect(csrfOf(id)).not.toBe(csrfOf(newSessionId()))
  })
})
