import { describe, expect, it } from 'vitest'
import { daysLeft, formatSize } from './backup'

describe('formatSize', () => {
  it('uses KB below a megabyte and MB above', () => {
    expect(formatSize(0)).toBe('1 KB')
    expect(formatSize(1500)).toBe('2 KB')
    expect(formatSize(5 * 1024 * 1024 + 100_000)).toBe('5.1 MB')
    expect(formatSize(-1)).toBe('—')
  })
})

describe('daysLeft', () => {
  it('counts whole days to the purge and never goes negative', () => {
    const now = new Date('2026-12-01T00:00:00Z')
    expect(daysLeft('2026-12-31T00:00:00Z', now)).toBe(30)
    expect(daysLeft('2026-12-01T12:00:00Z', now)).toBe(1)
    expect(daysLeft('2026-11-01T00:00:00Z', now)).toBe(0)
    expect(daysLeft('不是时间', now)).toBe(0)
  })
})
