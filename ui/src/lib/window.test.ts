import { describe, expect, it } from 'vitest'
import { FIRST_ROWS, MORE_ROWS, RowWindow } from './window'

describe('RowWindow', () => {
  it('draws the first rows of a long table, more as the reader scrolls, never past the end', () => {
    const w = new RowWindow()
    expect(w.count(3000)).toBe(FIRST_ROWS)
    expect(w.count(20)).toBe(20)
    expect(w.more(3000)).toBe(true)
    expect(w.count(3000)).toBe(FIRST_ROWS + MORE_ROWS)
    while (w.more(3000));
    expect(w.count(3000)).toBe(3000)
    expect(w.more(3000)).toBe(false)
  })

  it('widens to a row that must be shown', () => {
    const w = new RowWindow()
    w.include(2500)
    expect(w.count(3000)).toBeGreaterThan(2500)
    const before = w.count(3000)
    w.include(10)
    expect(w.count(3000)).toBe(before)
  })
})
