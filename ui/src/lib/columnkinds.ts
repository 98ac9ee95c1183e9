// The column kinds with the default label and relative width the core gives a new column (model.rs), asked
// once from the shell instead of copied here: a copy had drifted (主要内容 6.6 against the core's 5.8).
import { shallowRef } from 'vue'
import { columnKinds as fetchColumnKinds } from '../api'
import type { ColumnKindInfo, ColumnKindName } from '../types'

/** Replaced as a whole when loaded, never mutated: a shallowRef is enough. */
export const columnKinds = shallowRef<ColumnKindInfo[]>([])

let loading: Promise<void> | null = null

/** Loads the list once (later calls share the first request). A failure leaves the list empty: the
 * columns dialog then offers only a custom column and shows the columns' own labels. */
export function loadColumnKinds(): Promise<void> {
  loading ??= fetchColumnKinds()
    .then((list) => {
      columnKinds.value = list
    })
    .catch(() => {
      loading = null
    })
  return loading
}

export function kindInfo(kind: ColumnKindName): ColumnKindInfo | undefined {
  return columnKinds.value.find((k) => k.kind === kind)
}

/** The default label of a kind; `fallback` (the column's own label) until the list is known. */
export function kindLabel(kind: ColumnKindName, fallback = ''): string {
  return kindInfo(kind)?.label ?? fallback
}

/** The default relative width of a kind (the core's); 1 only if the list could not be loaded — the
 * columns dialog then still adds a column, which the user can widen. */
export function kindWidth(kind: ColumnKindName): number {
  return kindInfo(kind)?.width ?? kindInfo('custom')?.width ?? 1
}
