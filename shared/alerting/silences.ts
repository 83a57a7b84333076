/**
 * Silences as in Alertmanager: label matchers (=, !=, =~, !~, regexes fully
 * anchored) active from `starts_at` until `ends_at`, with author and comment.
 * A silence owned by an instansi only ever matches that instansi's alerts.
 * Deleting a silence expires it (ends_at = now); expired silences stay listed.
 *
 * Matcher regexes are user input run on every alert list and notification, so
 * they use RE2 (re2js: linear time, the syntax Alertmanager's Go regexps
 * accept), never the backtracking JavaScript engine: `(a+)+` cannot freeze
 * the process. Receivers' matchers use the same functions.
 */
import { randomUUID } from 'node:crypto'
import { RE2JS } from 're2js'
import type { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import type { Principal } from '../access/principal.js'
import { badRequest } from '../http/problem.js'
import { EntityTable } from '../registry/entity-table.js'
import type { Labels } from './messages.js'
import { MAX_MATCHER_VALUE, Silence, type Matcher, type SilenceInput } from './schemas.js'

/** A silence with its status now. */
export type SilenceRow = Silence

/** A stored silence: everything but the status, which depends on the clock. */
const StoredSilence = Silence.omit({ status: true })
type StoredSilence = z.infer<typeof StoredSilence>

/**
 * Compile a matcher regex with RE2. Throws on what RE2 refuses (backreferences,
 * lookaround, syntax errors) and on patterns longer than MAX_MATCHER_VALUE.
 */
export function compileMatcherRegex(pattern: string): RE2JS {
  if (pattern.length > MAX_MATCHER_VALUE) throw new Error(`longer than ${MAX_MATCHER_VALUE} characters`)
  return RE2JS.compile(pattern)
}

/** Compiled patterns (null: RE2 refuses it, e.g. a row stored before RE2); cleared when full. */
const regexCache = new Map<string, RE2JS | null>()
const REGEX_CACHE_SIZE = 1000

function compiled(pattern: string): RE2JS | null {
  const hit = regexCache.get(pattern)
  if (hit !== undefined) return hit
  let re: RE2JS | null
  try {
    re = compileMatcherRegex(pattern)
  } catch {
    re = null
  }
  if (regexCache.size >= REGEX_CACHE_SIZE) regexCache.clear()
  regexCache.set(pattern, re)
  return re
}

/**
 * One matcher against an alert's labels (a missing label is ''). Regexes match
 * the whole value (Alertmanager anchors them). A regex RE2 cannot compile
 * matches nothing, with `!~` too: a broken silence never mutes.
 */
export function matches(m: Matcher, labels: Labels): boolean {
  const v = labels[m.name] ?? ''
  if (!m.isRegex) return m.isEqual ? v === m.value : v !== m.value
  const re = compiled(m.value)
  if (!re) return false
  const hit = re.testExact(v)
  return m.isEqual ? hit : !hit
}

export function matchesAll(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((m) => matches(m, labels))
}

/** Every regex matcher must compile with RE2; otherwise a 400 naming `<field>.<i>.value`. */
export function validateMatchers(matchers: readonly Matcher[], field: string): void {
  matchers.forEach((m, i) => {
    if (!m.isRegex) return
    try {
      compileMatcherRegex(m.value)
    } catch (e) {
      throw badRequest(`${field}.${i}.value`, `not a regular expression RE2 accepts (no backreferences or lookaround): ${(e as Error).message}`)
    }
  })
}

function statusAt(row: { starts_at: string; ends_at: string }, now: number): SilenceRow['status'] {
  if (Date.parse(row.ends_at) <= now) return 'expired'
  return Date.parse(row.starts_at) > now ? 'pending' : 'active'
}

/** The silences table; rows come back with parsed matchers and their status now. */
export class SilenceTable extends EntityTable<StoredSilence> {
  constructor(
    storage: Storage,
    private readonly clock: () => number = Date.now,
  ) {
    super(storage, 'alert_silences', ['id'], ['id', 'instansi', 'matchers', 'starts_at', 'ends_at', 'created_by', 'comment'], StoredSilence, {
      times: ['starts_at', 'ends_at'],
      json: { matchers: '[]' },
    })
  }

  private view(r: StoredSilence): SilenceRow {
    return { ...r, status: statusAt(r, this.clock()) }
  }

  override async list(...args: Parameters<EntityTable<StoredSilence>['list']>): Promise<SilenceRow[]> {
    return (await super.list(...args)).map((r) => this.view(r))
  }

  override async get(key: Record<string, string>): Promise<SilenceRow | undefined> {
    const r = await super.get(key)
    return r && this.view(r)
  }

  /** Silences that are active at `at` (the evaluator's clock). */
  async activeAt(at: number): Promise<SilenceRow[]> {
    const all = await this.list({}, { limit: 100_000 })
    return all.filter((s) => statusAt(s, at) === 'active')
  }

  async create(who: Principal, input: SilenceInput, now = this.clock()): Promise<SilenceRow> {
    return this.write(who, `s-${randomUUID().slice(0, 13)}`, input, undefined, now)
  }

  async update(who: Principal, id: string, input: SilenceInput, now = this.clock()): Promise<SilenceRow> {
    return this.write(who, id, input, await super.get({ id }), now)
  }

  /** Expire now (Alertmanager's DELETE semantics); the silence stays in the list as expired. */
  async expire(id: string, now = this.clock()): Promise<void> {
    const previous = await super.get({ id })
    if (!previous) return
    const ends = Math.min(Date.parse(previous.ends_at), now)
    await this.put({ ...previous, ends_at: new Date(ends).toISOString() }, previous)
  }

  private async write(who: Principal, id: string, input: SilenceInput, previous: StoredSilence | undefined, now: number): Promise<SilenceRow> {
    validateMatchers(input.matchers, 'body.matchers')
    const starts = input.starts_at ? Date.parse(input.starts_at) : now
    const ends = Date.parse(input.ends_at)
    if (ends <= starts) throw badRequest('body.ends_at', 'ends_at must be after starts_at')
    if (ends <= now) throw badRequest('body.ends_at', 'ends_at must be in the future')
    const row = await this.put(
      {
        id,
        instansi: input.instansi,
        matchers: JSON.stringify(input.matchers),
        starts_at: new Date(starts).toISOString(),
        ends_at: new Date(ends).toISOString(),
        created_by: who.name,
        comment: input.comment,
      },
      previous,
    )
    return this.view(row)
  }
}

/** Ids of the silences that mute an alert with these labels. */
export function silencedBy(silences: readonly SilenceRow[], labels: Labels): string[] {
  return silences.filter((s) => (!s.instansi || labels.instansi === s.instansi) && matchesAll(s.matchers, labels)).map((s) => s.id)
}
