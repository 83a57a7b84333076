/**
 * Silence and receiver matchers run user-supplied regexes on every alert list
 * and notification: they must use a linear-time engine (RE2), keep
 * Alertmanager's anchored full-match semantics, and refuse at creation what
 * RE2 cannot compile (backreferences, lookaround) by naming the field.
 */
import { describe, expect, it } from 'vitest'
import type { Matcher } from '../../shared/alerting/schemas.js'
import { matches, validateMatchers } from '../../shared/alerting/silences.js'
import { ProblemError } from '../../shared/http/problem.js'

const regex = (value: string, isEqual = true): Matcher => ({ name: 'rule_id', value, isRegex: true, isEqual })

describe('silence regex matchers', () => {
  it('a pathological pattern is accepted and matched on 10k-character inputs (RE2: no backtracking)', () => {
    const m = regex('(a+)+')
    expect(() => validateMatchers([m], 'body.matchers')).not.toThrow()
    // Each of these takes exponential time in a backtracking engine (28 a's already take seconds).
    expect(matches(m, { rule_id: 'a'.repeat(28) })).toBe(true)
    expect(matches(m, { rule_id: `${'a'.repeat(27)}!` })).toBe(false)
    expect(matches(m, { rule_id: 'a'.repeat(10_000) })).toBe(true)
    expect(matches(m, { rule_id: `${'a'.repeat(10_000)}b` })).toBe(false)
    expect(matches(regex('(x+x+)+y'), { rule_id: 'x'.repeat(10_000) })).toBe(false)
    expect(matches(regex('(a|aa)+', false), { rule_id: `${'a'.repeat(10_000)}!` })).toBe(true)
  })

  it('regexes are anchored full matches, as in Alertmanager', () => {
    expect(matches(regex('kemenkes\\..*'), { rule_id: 'kemenkes.vaksin' })).toBe(true)
    expect(matches(regex('vaksin'), { rule_id: 'kemenkes.vaksin' })).toBe(false)
    expect(matches(regex('a|ab'), { rule_id: 'ab' })).toBe(true)
    expect(matches(regex('b'), { rule_id: 'abc' })).toBe(false)
    expect(matches(regex('vaksin', false), { rule_id: 'kemenkes.vaksin' })).toBe(true)
    expect(matches(regex(''), {})).toBe(true) // a missing label is ''
  })

  it('patterns RE2 cannot compile are a 400 naming the matcher value', () => {
    for (const value of ['(a)\\1', 'a(?=b)', '(?!x)y', '(?<=a)b', '[']) {
      const matchers = [{ name: 'alertname', value: 'X', isRegex: false, isEqual: true }, regex(value)]
      let error: unknown
      try {
        validateMatchers(matchers, 'body.matchers')
      } catch (e) {
        error = e
      }
      expect(error, value).toBeInstanceOf(ProblemError)
      const problem = (error as ProblemError).toProblem()
      expect(problem.status).toBe(400)
      expect(problem.field).toBe('body.matchers.1.value')
    }
  })

  it('patterns longer than the bound are refused; a stored pattern RE2 refuses never matches', () => {
    expect(() => validateMatchers([regex('a'.repeat(1025))], 'body.matchers')).toThrow(ProblemError)
    expect(() => validateMatchers([regex('a'.repeat(1024))], 'body.matchers')).not.toThrow()
    // e.g. a silence stored before RE2: it mutes nothing, even as a negative matcher
    expect(matches(regex('(a)\\1'), { rule_id: 'aa' })).toBe(false)
    expect(matches(regex('(a)\\1', false), { rule_id: 'b' })).toBe(false)
  })
})
