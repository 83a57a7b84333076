/**
 * Privacy transforms: user identifiers are pseudonymized with a keyed hash
 * (HMAC-SHA256, so they stay countable but cannot be reversed or guessed
 * without the key), and secrets are removed from query strings.
 */
import { createHmac } from 'node:crypto'

/** Query parameters whose values are credentials. Matched case-insensitively. */
const SECRET_PARAMS =
  /^(access_?token|id_?token|refresh_?token|token|api_?key|apikey|key|secret|client_?secret|password|passwd|pwd|auth|authorization|signature|sig|x-amz-signature|session|sessionid|jwt|code|otp|pin)$/i

export const REDACTED = 'REDACTED'

export function stripQuerySecrets(path: string): string {
  const q = path.indexOf('?')
  if (q < 0) return path
  const parts = path.slice(q + 1).split('&')
  let changed = false
  for (let i = 0; i < parts.length; i++) {
    const eq = parts[i].indexOf('=')
    const name = eq < 0 ? parts[i] : parts[i].slice(0, eq)
    let decoded = name
    try {
      decoded = decodeURIComponent(name)
    } catch {
      /* keep the raw name */
    }
    if (eq >= 0 && SECRET_PARAMS.test(decoded)) {
      parts[i] = `${name}=${REDACTED}`
      changed = true
    }
  }
  return changed ? `${path.slice(0, q)}?${parts.join('&')}` : path
}

export class Pseudonymizer {
  constructor(private readonly key: Buffer) {
    if (key.length < 16) throw new Error('pseudonymization key must be at least 16 bytes')
  }

  /** 128-bit keyed hash of a user id, hex; '' for no id. */
  hash(userId: string | undefined): string {
    if (!userId) return ''
    return createHmac('sha256', this.key).update(userId).digest('hex').slice(0, 32)
  }
}
