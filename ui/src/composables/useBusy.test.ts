import { describe, expect, it, vi } from 'vitest'
import { useBusy } from './useBusy'

describe('useBusy (busy while the work runs, errors shown, busy cleared)', () => {
  it('is busy during the work and returns its result', async () => {
    const { busy, run } = useBusy({ onError: vi.fn() })
    let release!: (v: number) => void
    const p = run(() => new Promise<number>((r) => (release = r)))
    expect(busy.value).toBe(true)
    release(7)
    expect(await p).toBe(7)
    expect(busy.value).toBe(false)
  })

  it('shows a failure, returns undefined and is no longer busy', async () => {
    const onError = vi.fn()
    const { busy, run } = useBusy({ onError })
    const out = await run(async () => {
      throw new Error('数据库已被占用')
    })
    expect(out).toBeUndefined()
    expect(onError).toHaveBeenCalledWith(new Error('数据库已被占用'))
    expect(busy.value).toBe(false)
  })

  it('says nothing when a dialog was cancelled or closed', async () => {
    const onError = vi.fn()
    const { run } = useBusy({ onError })
    await run(() => Promise.reject('cancel'))
    await run(() => Promise.reject('close'))
    expect(onError).not.toHaveBeenCalled()
  })

  it('stays busy until the last of overlapping runs ends', async () => {
    const { busy, run } = useBusy({ onError: vi.fn() })
    let first!: () => void
    let second!: () => void
    const a = run(() => new Promise<void>((r) => (first = r)))
    const b = run(() => new Promise<void>((r) => (second = r)))
    first()
    await a
    expect(busy.value).toBe(true)
    second()
    await b
    expect(busy.value).toBe(false)
  })
})
