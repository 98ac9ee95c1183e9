// The print options' choices, from the core's rules (src/generated/rules.ts).

import { BODY_SIZES, DEFAULT_LAYOUT_OPTIONS, RULES } from '../generated/rules'
import type { LayoutOptions } from '../types'

/** The body-size select: the core's named sizes (BODY_SIZES), the default and the smallest marked. */
export function bodySizeOptions(): { value: number; label: string }[] {
  return BODY_SIZES.map(({ pt, name }) => {
    const note = pt === DEFAULT_LAYOUT_OPTIONS.body_size ? '，公文标准' : pt === RULES.bodySizeMin ? '，最小' : ''
    return { value: pt, label: `${name}（${pt} 磅${note}）` }
  })
}

/** Where the print options chosen for a document (or, with null, for per-unit sheets over all documents)
 * are kept between sessions: the preview and a unit's 任务清单 of that document start from the same set-up. */
export function layoutKey(documentId: number | null): string {
  return documentId == null ? 'fengong.layout.sheets' : `fengong.layout.${documentId}`
}

/** The saved options over the defaults; a damaged entry is ignored. */
export function savedLayout(storage: Pick<Storage, 'getItem'>, documentId: number | null): LayoutOptions {
  try {
    return { ...DEFAULT_LAYOUT_OPTIONS, ...JSON.parse(storage.getItem(layoutKey(documentId)) ?? '{}') }
  } catch {
    return { ...DEFAULT_LAYOUT_OPTIONS }
  }
}
