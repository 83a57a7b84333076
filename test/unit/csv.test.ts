/** shared/http/csv.ts: cells, quoting, the formula guard, columns from zod schemas, and reading CSV back. */
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { columnsOf, csvCell, csvChunks, csvLine, parseCsv, tablesOf } from '../../shared/http/csv.js'

describe('cells', () => {
  it('quotes separators, quotes and line breaks; leaves plain text alone', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('a;b')).toBe('a;b')
    expect(csvCell('a;b', { semicolon: true })).toBe('"a;b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"')
  })

  it('defuses formulas: text starting with = + - @ (and tab, CR) gets a leading apostrophe', () => {
    for (const t of ['=1+1', '+62 812', '-2', '@SUM(A1)', '\tx']) expect(csvCell(t).replace(/^"|"$/g, '')).toBe(`'${t}`)
    expect(csvCell(-2)).toBe('-2') // numbers are numbers
    expect(csvCell('a=b')).toBe('a=b')
  })

  it('numbers (decimal comma for id-ID), booleans, null, lists and nested values', () => {
    expect(csvCell(99.5)).toBe('99.5')
    expect(csvCell(99.5, { semicolon: true })).toBe('99,5')
    expect(csvCell(1e21, { semicolon: true })).toBe('1e+21')
    expect(csvCell(Number.NaN)).toBe('')
    expect(csvCell(true)).toBe('true')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell(['a', 'b'])).toBe('"a, b"')
    expect(csvCell(['a', 'b'], { semicolon: true })).toBe('a, b')
    expect(csvCell({ k: 'v' })).toBe('"{""k"":""v""}"')
    expect(csvCell([{ a: 1 }], { semicolon: true })).toBe('"[{""a"":1}]"')
    expect(csvLine([1.5, 'x;y', null], { semicolon: true })).toBe('1,5;"x;y";\n')
  })
})

describe('columns from zod', () => {
  const Row = z.object({ b: z.string(), a: z.number().nullable(), c: z.array(z.string()).default([]) })
  it('declaration order, through wrappers', () => {
    expect(columnsOf(Row)).toEqual(['b', 'a', 'c'])
    expect(columnsOf(Row.optional())).toEqual(['b', 'a', 'c'])
    expect(columnsOf(z.string())).toBeUndefined()
  })
  it('the tables of a data schema: itself when an array of objects, else its array-of-object properties', () => {
    expect(tablesOf(z.array(Row))).toEqual([{ name: '', columns: ['b', 'a', 'c'] }])
    const Data = z.object({ months: z.array(z.string()), apis: z.array(Row), total: z.number(), instansi: z.array(z.object({ code: z.string() })) })
    expect(tablesOf(Data)).toEqual([
      { name: 'apis', columns: ['b', 'a', 'c'] },
      { name: 'instansi', columns: ['code'] },
    ])
    expect(tablesOf(z.object({ n: z.number() }))).toEqual([])
  })
})

describe('reading back', () => {
  it('what the writer wrote, with either separator', async () => {
    const rows = [
      { b: 'Layanan; "Data"\nBaris', a: 1.25, c: ['x', 'y'] },
      { b: 'plain', a: null, c: [] },
    ]
    for (const semicolon of [false, true]) {
      let text = ''
      for await (const chunk of csvChunks(['b', 'a', 'c'], rows, { semicolon })) text += Buffer.from(chunk).toString('utf8')
      expect(text.charCodeAt(0)).toBe(0xfeff)
      const back = parseCsv(text)
      expect(back.semicolon).toBe(semicolon)
      expect(back.records).toEqual([
        { b: 'Layanan; "Data"\nBaris', a: semicolon ? '1,25' : '1.25', c: 'x, y' },
        { b: 'plain', a: '', c: '' },
      ])
    }
  })
})
