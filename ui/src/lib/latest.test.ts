import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LatestRunner } from './latest'

describe('LatestRunner (debounced, latest wins)', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('runs once after the user stops changing options', async () => {
    const run = vi.fn(async (n: number) => n * 10)
    const results: number[] = []
    const r = new LatestRunner({ delay: 300, run, onResult: (x) => results.push(x) })
    r.schedule(1)
    await vi.advanceTimersByTimeAsync(100)
    r.schedule(2)
    await vi.advanceTimersByTimeAsync(100)
    r.schedule(3)
    expect(run).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(300)
    expect(run).toHaveBeenCalledTimes(1)
    expect(run).toHaveBeenCalledWith(3)
    expect(results).toEqual([30])
  })

  it('drops a slow older result that finishes after a newer one', async () => {
    const resolvers: Record<number, (v: string) => void> = {}
    const results: string[] = []
    const busy: boolean[] = []
    const r = new LatestRunner<number, string>({
      delay: 0,
      run: (n) => new Promise((res) => (resolvers[n] = res)),
      onResult: (x) => results.push(x),
      onBusy: (b) => busy.push(b),
    })
    const p1 = r.runNow(1)
    const p2 = r.runNow(2)
    resolvers[2]('second')
    resolvers[1]('first')
    await Promise.all([p1, p2])
    expect(results).toEqual(['second'])
    expect(busy).toEqual([true, false])
  })

  it('reports errors of the latest run only, and cancel drops pending work', async () => {
    const errors: unknown[] = []
    const run = vi.fn(async (n: number) => { if (n < 0) throw new Error('坏选项'); return n })
    const r = new LatestRunner({ delay: 50, run, onResult: () => {}, onError: (e) => errors.push(e) })
    await r.runNow(-1)
    expect(errors).toHaveLength(1)
    r.schedule(5)
    expect(r.pending).toBe(true)
    r.cancel()
    await vi.advanceTimersByTimeAsync(100)
    expect(run).toHaveBeenCalledTimes(1)
  })
})
