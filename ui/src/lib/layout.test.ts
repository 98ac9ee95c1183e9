import { describe, expect, it } from 'vitest'
import { bodySizeOptions, layoutKey, savedLayout } from './layout'
import { defaultLayoutOptions } from '../types'
import { RULES } from '../generated/rules'

describe('print options from the core', () => {
  it('offers the core\'s named body sizes, within its range', () => {
    expect(bodySizeOptions()).toEqual([
      { value: 16, label: '三号（16 磅，公文标准）' },
      { value: 15, label: '小三（15 磅）' },
      { value: 14, label: '四号（14 磅）' },
      { value: 12, label: '小四（12 磅）' },
      { value: 10.5, label: '五号（10.5 磅，最小）' },
    ])
    for (const o of bodySizeOptions()) {
      expect(o.value).toBeGreaterThanOrEqual(RULES.bodySizeMin)
      expect(o.value).toBeLessThanOrEqual(RULES.bodySizeMax)
    }
  })

  it('starts from LayoutOptions::default(), a fresh copy each time', () => {
    const a = defaultLayoutOptions()
    expect(a).toEqual({ page_setup: 'portrait', body_size: 16, first_page_number: 1, continued_mark: false, doc_number: null, show_doc_number: false })
    a.body_size = 12
    expect(defaultLayoutOptions().body_size).toBe(16)
  })

  it('keeps one saved set-up per document, one for sheets over all documents, and ignores a damaged one', () => {
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null }
    expect(layoutKey(7)).not.toBe(layoutKey(null))
    store.set(layoutKey(7), JSON.stringify({ body_size: 12, page_setup: 'landscape' }))
    expect(savedLayout(storage, 7)).toEqual({ ...defaultLayoutOptions(), body_size: 12, page_setup: 'landscape' })
    expect(savedLayout(storage, null)).toEqual(defaultLayoutOptions())
    store.set(layoutKey(null), '{damaged')
    expect(savedLayout(storage, null)).toEqual(defaultLayoutOptions())
  })
})
