// Local drafts: an edit that is not yet saved to the database is kept in localStorage so it survives
// closing the window (or a crash); the editor offers it back when the document is opened again.

export interface DraftStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
  readonly length: number
  key(index: number): string | null
}

export interface SavedDraft<T> {
  value: T
  savedAt: number
}

const PREFIX = 'fengong.draft.'

export function itemDraftKey(documentId: number, itemId: number | null): string {
  return `${PREFIX}item.${documentId}.${itemId ?? 'new'}`
}

export function saveDraft<T>(storage: DraftStorage, key: string, value: T, now = Date.now()): boolean {
  try {
    storage.setItem(key, JSON.stringify({ value, savedAt: now }))
    return true
  } catch {
    // Quota exceeded or storage disabled: the edit still lives in the form; nothing else to do.
    return false
  }
}

export function loadDraft<T>(storage: DraftStorage, key: string): SavedDraft<T> | null {
  const raw = storage.getItem(key)
  if (raw == null) return null
  try {
    const parsed = JSON.parse(raw)
    if (parsed && typeof parsed === 'object' && 'value' in parsed && typeof parsed.savedAt === 'number') {
      return parsed as SavedDraft<T>
    }
  } catch {
    /* fall through: a corrupt draft is dropped */
  }
  storage.removeItem(key)
  return null
}

export function clearDraft(storage: DraftStorage, key: string): void {
  storage.removeItem(key)
}

/** Keys of all item drafts of one document, oldest first by key order. */
export function documentDraftKeys(storage: DraftStorage, documentId: number): string[] {
  const prefix = `${PREFIX}item.${documentId}.`
  const keys: string[] = []
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i)
    if (k && k.startsWith(prefix)) keys.push(k)
  }
  return keys.sort()
}

/** The item id a draft key belongs to (null for a new item). */
export function draftItemId(key: string): number | null {
  const last = key.slice(key.lastIndexOf('.') + 1)
  return last === 'new' ? null : Number(last)
}

/** How many item drafts each document has (for the start page), by document id. */
export function draftCounts(storage: DraftStorage): Map<number, number> {
  const counts = new Map<number, number>()
  const prefix = `${PREFIX}item.`
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i)
    if (!k || !k.startsWith(prefix)) continue
    const doc = Number(k.slice(prefix.length).split('.')[0])
    if (Number.isInteger(doc)) counts.set(doc, (counts.get(doc) ?? 0) + 1)
  }
  return counts
}
