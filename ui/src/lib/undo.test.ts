import { describe, expect, it } from 'vitest'
import { UndoStack } from './undo'

describe('UndoStack', () => {
  it('undoes the most recent action first', async () => {
    const s = new UndoStack()
    const done: string[] = []
    s.push({ label: 'a', undo: async () => void done.push('a') })
    s.push({ label: 'b', undo: async () => void done.push('b') })
    expect((await s.undoLast())?.label).toBe('b')
    expect((await s.undoLast())?.label).toBe('a')
    expect(await s.undoLast()).toBeUndefined()
    expect(done).toEqual(['b', 'a'])
  })
  it('keeps a failed undo so it can be retried', async () => {
    const s = new UndoStack()
    let fail = true
    s.push({ label: 'x', undo: async () => { if (fail) throw new Error('数据库忙') } })
    await expect(s.undoLast()).rejects.toThrow('数据库忙')
    expect(s.size).toBe(1)
    fail = false
    expect((await s.undoLast())?.label).toBe('x')
    expect(s.size).toBe(0)
  })
  it('ignores a second undo while one is running', async () => {
    const s = new UndoStack()
    let release!: () => void
    let runs = 0
    s.push({ label: 'a', undo: () => new Promise<void>((r) => { runs++; release = r }) })
    s.push({ label: 'b', undo: async () => void runs++ })
    // 'b' first
    await s.undoLast()
    const first = s.undoLast()
    expect(await s.undoLast()).toBeUndefined()
    release()
    expect((await first)?.label).toBe('a')
    expect(runs).toBe(2)
  })
  it('drops the oldest entries past its limit', () => {
    const s = new UndoStack(2)
    for (const l of ['1', '2', '3']) s.push({ label: l, undo: async () => {} })
    expect(s.size).toBe(2)
    expect(s.peek()?.label).toBe('3')
  })
})
