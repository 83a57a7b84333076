/**
 * User ids are pseudonymized with HMAC-SHA256 (128 bits, hex) under the
 * deployment's key; the hashes of recent ids are remembered (bounded), which
 * must never change an answer.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Pseudonymizer } from '../../collector/transforms/redact.js'

const KEY = Buffer.from('0123456789abcdef0123456789abcdef')
const expected = (key: Buffer, id: string) => createHmac('sha256', key).update(id).digest('hex').slice(0, 32)

describe('Pseudonymizer', () => {
  it('answers the keyed hash of every id, first seen, repeated, and after the memory of recent ids is cleared', () => {
    const p = new Pseudonymizer(KEY)
    const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i % 5_000}@instansi.go.id`)
    for (const id of ids) expect(p.hash(id)).toBe(expected(KEY, id))
    expect(p.hash('user-1@instansi.go.id')).toBe(expected(KEY, 'user-1@instansi.go.id'))
  })

  it('answers a different hash under another key, and nothing for no id', () => {
    const other = Buffer.from('fedcba9876543210fedcba9876543210')
    const a = new Pseudonymizer(KEY)
    const b = new Pseudonymizer(other)
    expect(a.hash('budi')).not.toBe(b.hash('budi'))
    expect(b.hash('budi')).toBe(expected(other, 'budi'))
    expect(a.hash('')).toBe('')
    expect(a.hash(undefined)).toBe('')
  })

  it('refuses a key shorter than 16 bytes', () => {
    expect(() => new Pseudonymizer(Buffer.alloc(8))).toThrow(/at least 16 bytes/)
  })
})
