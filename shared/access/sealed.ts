/**
 * Secrets kept server-side for a browser session (the identity provider's
 * refresh and ID tokens, a pending sign-in's PKCE verifier and nonce) are
 * sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the session's
 * own random id, which only the browser's cookie holds: the database stores
 * the id's hash and the sealed box, so whoever reads the tables can open
 * neither. Session ids and CSRF tokens come from here too.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'

/** A new session (or sign-in request) id: 32 random bytes, base64url. */
export const newSessionId = (): string => randomBytes(32).toString('base64url')

/** What a session id looks like; anything else is refused before a lookup. */
export const SESSION_ID = /^[A-Za-z0-9_-]{43}$/

/** The stored key of a session id (its SHA-256, hex): the id itself is never stored. */
export const sessionHash = (id: string): string => createHash('sha256').update(`pantau-session:${id}`).digest('hex')

/** The CSRF token of a session: derived from its id, so nothing more is stored and only the cookie's holder can know it. */
export const csrfOf = (id: string): string => createHmac('sha256', id).update('pantau-csrf').digest('base64url')

/** Constant-time string comparison. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

const key = (id: string, purpose: string): Buffer => Buffer.from(hkdfSync('sha256', id, 'pantau-sealed', purpose, 32))

/** Seal `plain` under the key of session `id` for `purpose`: base64url(iv | tag | ciphertext). */
export function seal(id: string, purpose: string, plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key(id, purpose), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

/** Open a box sealed by `seal`; undefined when the id, purpose or box do not match. */
export function unseal(id: string, purpose: string, box: string): string | undefined {
  try {
    const raw = Buffer.from(box, 'base64url')
    if (raw.length < 28) return undefined
    const decipher = createDecipheriv('aes-256-gcm', key(id, purpose), raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}
