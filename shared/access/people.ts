/**
 * People who signed in through the identity provider (`people`): the role
 * and instansi their latest sign-in or session refresh carried, one current
 * row per `sub` (ReplacingMergeTree(updated_at), read FINAL). A person whose
 * provider no longer grants a Pantau role is written with role '': their
 * other sessions and their personal tokens stop working at the next use.
 */
import { z } from 'zod'
import type { Storage } from '../../storage/client.js'
import type { Person } from './claims.js'

/** A person as last seen; `role` is '' when the provider no longer grants a Pantau role. */
export const PersonRow = z.object({ sub: z.string(), name: z.string(), email: z.string(), role: z.string(), instansi: z.string() })
export type PersonRow = z.infer<typeof PersonRow>

export class PeopleStore {
  private cache = new Map<string, { row: PersonRow | undefined; at: number }>()

  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Record what the provider said at a sign-in or refresh (a refused sign-in as role ''). */
  async record(person: Omit<Person, 'role'> & { role: string }): Promise<void> {
    const at = this.now()
    const row = { sub: person.sub, name: person.name, email: person.email, role: person.role, instansi: person.instansi }
    await this.storage.insertRows('people', [{ ...row, signed_in_at: at, updated_at: at }])
    this.cache.set(person.sub, { row, at })
  }

  /** The person's latest record (cached briefly unless `fresh`), or undefined if they never signed in. */
  async get(sub: string, fresh = false): Promise<PersonRow | undefined> {
    const hit = this.cache.get(sub)
    if (hit && !fresh && this.now() - hit.at < this.ttlMs) return hit.row
    const rows = await this.storage.rows(PersonRow, 'SELECT sub, name, email, role, instansi FROM people FINAL WHERE sub = {s:String}', { s: sub })
    if (this.cache.size > 10_000) this.cache.clear()
    this.cache.set(sub, { row: rows[0], at: this.now() })
    return rows[0]
  }

  /**
   * Does the person still hold this role (and, for operators, this instansi)?
   * A "no" is confirmed against the table: another process may have recorded
   * a newer sign-in than this one's cached copy.
   */
  async holds(sub: string, role: string, instansi: string): Promise<boolean> {
    const ok = (p: PersonRow | undefined) => p !== undefined && p.role === role && (role !== 'operator' || p.instansi === instansi)
    return ok(await this.get(sub)) || ok(await this.get(sub, true))
  }
}
