import { describe, expect, it } from 'vitest'
import { plainSnippet, splitHighlight } from './highlight'

describe('splitHighlight', () => {
  it('splits a marked match out of the snippet', () => {
    expect(splitHighlight('由省\u0002税务局\u0003牵头')).toEqual([
      { text: '由省', hit: false },
      { text: '税务局', hit: true },
      { text: '牵头', hit: false },
    ])
  })
  it('handles several matches, a match at the start, and no match', () => {
    expect(splitHighlight('\u0002A\u0003b\u0002C\u0003')).toEqual([
      { text: 'A', hit: true },
      { text: 'b', hit: false },
      { text: 'C', hit: true },
    ])
    expect(splitHighlight('无匹配')).toEqual([{ text: '无匹配', hit: false }])
    expect(splitHighlight('')).toEqual([])
  })
  it('highlights to the end when the closing marker was cut off, and merges empty marks', () => {
    expect(splitHighlight('前\u0002后面')).toEqual([
      { text: '前', hit: false },
      { text: '后面', hit: true },
    ])
    expect(splitHighlight('a\u0002\u0003b')).toEqual([{ text: 'ab', hit: false }])
  })
  it('keeps characters outside the BMP intact', () => {
    expect(splitHighlight('\u0002𠀀\u0003')).toEqual([{ text: '𠀀', hit: true }])
    expect(plainSnippet('x\u0002y\u0003z')).toBe('xyz')
  })
})
