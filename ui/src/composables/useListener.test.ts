import { effectScope } from 'vue'
import { describe, expect, it, vi } from 'vitest'
import { useEventListener, useListener } from './useListener'

describe('useListener (removed with the view)', () => {
  it('removes a listener when the scope is disposed', async () => {
    const unlisten = vi.fn()
    const scope = effectScope()
    scope.run(() => useListener(() => Promise.resolve(unlisten)))
    await Promise.resolve()
    expect(unlisten).not.toHaveBeenCalled()
    scope.stop()
    expect(unlisten).toHaveBeenCalledTimes(1)
  })

  it('removes a listener that arrives after the view is gone (the preview leak)', async () => {
    const unlisten = vi.fn()
    let resolve!: (u: () => void) => void
    const scope = effectScope()
    scope.run(() => useListener(() => new Promise((r) => (resolve = r))))
    scope.stop()
    expect(unlisten).not.toHaveBeenCalled()
    resolve(unlisten)
    await Promise.resolve()
    await Promise.resolve()
    expect(unlisten).toHaveBeenCalledTimes(1)
  })

  it('ignores a failed subscription (no Tauri in a plain browser)', async () => {
    const scope = effectScope()
    scope.run(() => {
      useListener(() => Promise.reject(new Error('no ipc')))
      useListener(() => {
        throw new Error('no ipc')
      })
    })
    await Promise.resolve()
    expect(() => scope.stop()).not.toThrow()
  })

  it('adds a window event listener and removes it on dispose', () => {
    const seen: string[] = []
    const scope = effectScope()
    scope.run(() => useEventListener('keydown', (e) => seen.push(e.key)))
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
    scope.stop()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'b' }))
    expect(seen).toEqual(['a'])
  })
})
