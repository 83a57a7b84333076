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
  /**
   * Hashes of recent ids: a gateway's traffic comes from few users at a time,
   * and an HMAC costs ~1.8 µs per event on the ingest thread (issue 14).
   * Bounded: cleared when full.
   */
  private readonly recent = new Map<string, string>()

  constructor(private readonly key: Buffer) {
    if (key.length < 16) throw new Error('pseudonymization key must be at least 16 bytes')
  }

  /** 128-bit keyed hash of a user id, hex; '' for no id. */
  hash(userId: string | undefined): string {
    if (!userId) return ''
    let h = this.recent.get(userId)
    if (h === undefined) {
      h = createHmac('sha256', this.key).update(userId).digest('hex').slice(0, 32)
      if (this.recent.size >= 4096) this.recent.clear()
      this.recent.set(userId, h)
    }
    return h
  }
}

/*
 * Dead letters keep the rejected record so an operator can see what was wrong
 * with it — but never what the accepted path would have removed: user
 * identifiers, credentials in headers or fields, secrets in query strings.
 */

/** Keys whose values identify an end user (gateway formats and OTel semantic conventions). */
const USER_KEYS = /^(user_?id|user_?name|username|remote_user|enduser\.id|user\.id|user\.name|user\.email|email)$/i
/** Keys (or their last dotted segment, as in `http.request.header.authorization`) whose values are credentials. */
const SECRET_KEYS =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|apikey|api_?key|password|passwd|secret|client_?secret|(access|refresh|id)_?token|token|jwt)$/i
/** Keys whose values are query strings without their '?' (nginx $args, OTel url.query). */
const QUERY_KEYS = /^(args|query_?string|querystring|url\.query|query)$/i

const lastSegment = (key: string) => key.slice(key.lastIndexOf('.') + 1)
const testSensitiveKey = (key: string) =>
  USER_KEYS.test(key) || SECRET_KEYS.test(key) || SECRET_KEYS.test(lastSegment(key)) || SECRET_PARAMS.test(lastSegment(key))

/**
 * What the key regexes say about a key, remembered: records of one gateway repeat
 * the same few dozen keys, and these tests ran for every key of every record
 * (the ingest profile's largest redaction cost, issue 14). Bounded: cleared when full.
 */
const KEY_SENSITIVE = 1
const KEY_QUERY = 2
const KEY_VALUE_OF = 4
const keyClasses = new Map<string, number>()
function keyClass(key: string): number {
  let c = keyClasses.get(key)
  if (c === undefined) {
    c = (testSensitiveKey(key) ? KEY_SENSITIVE : 0) | (QUERY_KEYS.test(key) ? KEY_QUERY : 0) | (/^(string|int|double|bool)Value$/.test(key) ? KEY_VALUE_OF : 0)
    if (keyClasses.size >= 4096) keyClasses.clear()
    keyClasses.set(key, c)
  }
  return c
}
const isSensitiveKey = (key: string) => (keyClass(key) & KEY_SENSITIVE) !== 0

function redactString(key: string, value: string): string {
  if (keyClass(key) & KEY_QUERY) return stripQuerySecrets(`?${value.replace(/^\?/, '')}`).slice(value.startsWith('?') ? 0 : 1)
  return value.includes('?') ? stripQuerySecrets(value) : value
}

const MAX_KEPT_DEPTH = 32

/** A copy of a decoded record with sensitive values replaced by REDACTED (levels below 32 cut off). */
export function redactRecord(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') return redactString(key, value)
  if (value === null || typeof value !== 'object') return value
  // deeper levels are not kept: they are what made a record too deep to store (json-depth.ts)
  if (depth >= MAX_KEPT_DEPTH) return '(nested too deep)'
  if (Array.isArray(value)) return value.map((v) => redactRecord(v, key, depth + 1))
  const obj = value as Record<string, unknown>
  // OTLP attributes: { key: 'enduser.id', value: { stringValue: '…' } }
  if (typeof obj.key === 'string' && 'value' in obj) {
    if (isSensitiveKey(obj.key)) return { ...obj, value: REDACTED }
    return { ...obj, value: redactRecord(obj.value, obj.key, depth + 1) }
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(obj)) {
    // a value object of an OTLP attribute ({ stringValue }) keeps the attribute's key
    const c = keyClass(k)
    const inner = c & KEY_VALUE_OF ? key : k
    out[k] = c & KEY_SENSITIVE && v !== null && v !== undefined && v !== '' ? REDACTED : redactRecord(v, inner, depth + 1)
  }
  return out
}

/**
 * `redactRecord` for a record its caller owns and is done with (the raw
 * record, once its event is built): sensitive values are replaced in the
 * record itself, so only what changes is new — JSON.stringify of the result
 * equals that of `redactRecord(value)`. Objects that are not plain (a decoder's
 * message classes) are copied as `redactRecord` copies them. Returns the value
 * to use (a string, or a level cut off below 32, is replaced, not changed).
 * A redacted copy of every record cost ~5.5 µs of the ingest thread's ~24 µs
 * per event (issue 14).
 */
export function redactInPlace(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') return redactString(key, value)
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_KEPT_DEPTH) return '(nested too deep)'
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = redactInPlace(value[i], key, depth + 1)
    return value
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return redactRecord(value, key, depth)
  const obj = value as Record<string, unknown>
  if (typeof obj.key === 'string' && 'value' in obj) {
    obj.value = isSensitiveKey(obj.key) ? REDACTED : redactInPlace(obj.value, obj.key, depth + 1)
    return obj
  }
  for (const k of Object.keys(obj)) {
    const v = obj[k]
    const c = keyClass(k)
    const inner = c & KEY_VALUE_OF ? key : k
    const kept = c & KEY_SENSITIVE && v !== null && v !== undefined && v !== '' ? REDACTED : redactInPlace(v, inner, depth + 1)
    if (kept !== v) obj[k] = kept
  }
  return obj
}

/**
 * Whether `redactRecord(value)` could differ from `value` as JSON, found without
 * copying anything: most records hold nothing to redact, and their JSON text is
 * then that of the record itself (payloadText skips the copy). Errs towards
 * true: anything but plain objects, arrays and primitives says yes.
 */
export function needsRedaction(value: unknown, key = '', depth = 0): boolean {
  if (typeof value === 'string') return redactString(key, value) !== value
  if (value === null || typeof value !== 'object') return false
  if (depth >= MAX_KEPT_DEPTH) return true
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (needsRedaction(value[i], key, depth + 1)) return true
    return false
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return true
  const obj = value as Record<string, unknown>
  if (typeof obj.key === 'string' && 'value' in obj) return isSensitiveKey(obj.key) || needsRedaction(obj.value, obj.key, depth + 1)
  for (const k in obj) {
    if (!Object.hasOwn(obj, k)) return true
    const v = obj[k]
    const c = keyClass(k)
    if (c & KEY_SENSITIVE && v !== null && v !== undefined && v !== '') return true
    if (needsRedaction(v, c & KEY_VALUE_OF ? key : k, depth + 1)) return true
  }
  return false
}

const names = (re: RegExp) => re.source.slice(2, -2)
const QUERY_SECRET_TEXT = new RegExp(`([?&](?:${names(SECRET_PARAMS)})=)[^&\\s"']*`, 'gi')
/** "key": "value" (closed or cut off) or "key": 12345, for user and credential keys, in text that is not JSON. */
const FIELD_TEXT = new RegExp(
  `("(?:[\\w.-]{0,64}\\.)?(?:${names(USER_KEYS)}|${names(SECRET_KEYS)}|${names(SECRET_PARAMS)})"\\s*:\\s*)(?:"(?:[^"\\\\]|\\\\.)*(?:"|$)|[^,}\\]\\s]+)`,
  'gi',
)

/** The same for text that is not JSON (a malformed line, a parser message quoting it): fields and query parameters by pattern. */
export function redactText(text: string): string {
  return text.replace(FIELD_TEXT, `$1"${REDACTED}"`).replace(QUERY_SECRET_TEXT, `$1${REDACTED}`)
}
