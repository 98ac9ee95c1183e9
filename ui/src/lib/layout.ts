// The print options' choices, from the core's rules (src/generated/rules.ts).

import { BODY_SIZES, DEFAULT_LAYOUT_OPTIONS, RULES } from '../generated/rules'

/** The body-size select: the core's named sizes (BODY_SIZES), the default and the smallest marked. */
export function bodySizeOptions(): { value: number; label: string }[] {
  return BODY_SIZES.map(({ pt, name }) => {
    const note = pt === DEFAULT_LAYOUT_OPTIONS.body_size ? '，公文标准' : pt === RULES.bodySizeMin ? '，最小' : ''
    return { value: pt, label: `${name}（${pt} 磅${note}）` }
  })
}
