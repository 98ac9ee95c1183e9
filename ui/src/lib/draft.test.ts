import { beforeEach, describe, expect, it } from 'vitest'
import { clearDraft, documentDraftKeys, draftCounts, draftItemId, itemDraftKey, loadDraft, saveDraft } from './draft'

describe('drafts in localStorage', () => {
  beforeEach(() => localStorage.clear())

  it('survives a reload: what is saved is loaded back with its time', () => {
    const key = itemDraftKey(3, null)
    expect(saveDraft(localStorage, key, { title: '未保存的事项' }, 1234)).toBe(true)
    // A "new window": read straight from storage again.
    const d = loadDraft<{ title: string }>(localStorage, key)
    expect(d).toEqual({ value: { title: '未保存的事项' }, savedAt: 1234 })
    clearDraft(localStorage, key)
    expect(loadDraft(localStorage, key)).toBeNull()
  })

  it('drops a corrupt draft instead of failing', () => {
    localStorage.setItem(itemDraftKey(1, 5), '{not json')
    expect(loadDraft(localStorage, itemDraftKey(1, 5))).toBeNull()
    expect(localStorage.getItem(itemDraftKey(1, 5))).toBeNull()
    localStorage.setItem(itemDraftKey(1, 6), '{"foo":1}')
    expect(loadDraft(localStorage, itemDraftKey(1, 6))).toBeNull()
  })

  it('lists the drafts of one document only and knows their item', () => {
    saveDraft(localStorage, itemDraftKey(1, 7), {})
    saveDraft(localStorage, itemDraftKey(1, null), {})
    saveDraft(localStorage, itemDraftKey(12, 7), {})
    const keys = documentDraftKeys(localStorage, 1)
    expect(keys).toHaveLength(2)
    expect(keys.map(draftItemId).sort()).toEqual([7, null].sort())
  })

  it('counts drafts per document for the start page, ignoring other keys', () => {
    saveDraft(localStorage, itemDraftKey(1, 7), {})
    saveDraft(localStorage, itemDraftKey(1, null), {})
    saveDraft(localStorage, itemDraftKey(12, 7), {})
    localStorage.setItem('fengong.other', 'x')
    expect([...draftCounts(localStorage)].sort()).toEqual([[1, 2], [12, 1]])
  })

  it('reports failure when storage is full', () => {
    const full = {
      getItem: () => null,
      setItem: () => { throw new DOMException('full', 'QuotaExceededError') },
      removeItem: () => {},
      length: 0,
      key: () => null,
    }
    expect(saveDraft(full, 'k', { a: 1 })).toBe(false)
  })
})
