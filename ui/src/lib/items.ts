// Item and column helpers shared by the editor, the form and the import preview (mirrors model.rs).

import { RULES } from '../generated/rules'
import type { Column, ColumnKindName, Item, ItemDraft, Role } from '../types'

/** The core's data rules (generated from src/rules.rs; the store checks them again on every write). */
export { RULES } from '../generated/rules'

export const ROLE_OF: Partial<Record<ColumnKindName, Role>> = {
  lead_units: 'lead',
  coop_units: 'cooperating',
  responsible_units: 'responsible',
}

export const ROLE_LABELS: Record<Role, string> = { lead: '牵头', cooperating: '配合', responsible: '责任' }

export function unitsOf(assignments: { unit_name: string; role: Role; ord: number }[], role: Role): string[] {
  return assignments
    .filter((a) => a.role === role)
    .sort((a, b) => a.ord - b.ord)
    .map((a) => a.unit_name)
}

/** The printed 序号 of every item: custom labels stay, others count over non-heading items. */
export function numberItems(items: Pick<Item, 'is_heading' | 'number_label'>[]): string[] {
  let n = 0
  return items.map((it) => {
    if (it.is_heading) return ''
    n += 1
    const l = it.number_label?.trim()
    return l ? l : String(n)
  })
}

export function cellText(item: Item, col: Column, number: string): string {
  switch (col.kind) {
    case 'number':
      return number
    case 'title':
      return item.title
    case 'content':
      return item.content
    case 'lead_units':
    case 'coop_units':
    case 'responsible_units':
      return unitsOf(item.assignments, ROLE_OF[col.kind]!).join('、')
    case 'leader':
      return item.leader
    case 'scope':
      return item.scope
    case 'deadline':
      return item.deadline_text
    case 'notes':
      return item.notes
    case 'custom':
      return item.custom[col.key ?? col.label] ?? ''
  }
}

export function emptyDraft(): ItemDraft {
  return {
    is_heading: false,
    number_label: null,
    title: '',
    content: '',
    scope: '',
    leader: '',
    deadline_text: '',
    deadline: null,
    notes: '',
    custom: {},
    units: [],
  }
}

export function draftFromItem(item: Item): ItemDraft {
  const roles: Role[] = ['lead', 'cooperating', 'responsible']
  return {
    is_heading: item.is_heading,
    number_label: item.number_label,
    title: item.title,
    content: item.content,
    scope: item.scope,
    leader: item.leader,
    deadline_text: item.deadline_text,
    deadline: item.deadline,
    notes: item.notes,
    custom: { ...item.custom },
    units: roles.flatMap((role) => unitsOf(item.assignments, role).map((name) => ({ name, role }))),
  }
}

/** The form keeps unit names per role; the draft lists them in cell order per role. */
export function unitsByRole(draft: ItemDraft): Record<Role, string[]> {
  const out: Record<Role, string[]> = { lead: [], cooperating: [], responsible: [] }
  for (const u of draft.units) out[u.role].push(u.name)
  return out
}

export function withUnits(draft: ItemDraft, byRole: Record<Role, string[]>): ItemDraft {
  const units = (['lead', 'cooperating', 'responsible'] as Role[]).flatMap((role) =>
    dedupe(byRole[role].map((n) => n.trim()).filter(Boolean)).map((name) => ({ name, role })),
  )
  return { ...draft, units }
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)]
}

/** Problems with a draft, in Chinese; empty when it can be saved. The core's rule (src/rules.rs `item`): an
 * item needs 事项 or 主要内容 (an imported item may have only 主要内容), a heading row needs its text. */
export function validateDraft(d: ItemDraft): string[] {
  const errs: string[] = []
  if (!d.title.trim() && !d.content.trim()) {
    errs.push(d.is_heading ? '请填写标题行的文字' : '请填写“事项”或“主要内容”')
  }
  if ([...d.title].length > RULES.itemTitle) errs.push(`“事项”不能超过 ${RULES.itemTitle} 个字`)
  if ([...(d.number_label ?? '')].length > RULES.numberLabel) errs.push(`“序号”不能超过 ${RULES.numberLabel} 个字`)
  for (const [label, v, max] of [
    ['主要内容', d.content, RULES.field],
    ['复制推广范围', d.scope, RULES.itemTitle],
    ['分管领导', d.leader, RULES.shortField],
    ['完成时限', d.deadline_text, RULES.shortField],
    ['备注', d.notes, RULES.field],
  ] as const) {
    if ([...v].length > max) errs.push(`“${label}”过长（不能超过 ${max} 个字）`)
  }
  for (const u of d.units) {
    if ([...u.name].length > RULES.unitName) errs.push(`单位名称“${u.name.slice(0, 20)}…”过长`)
  }
  if (d.deadline && !/^\d{4}-\d{2}-\d{2}$/.test(d.deadline)) errs.push('完成日期格式应为 年-月-日')
  return errs
}

export function sameDraft(a: ItemDraft, b: ItemDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

export function moveInArray<T>(xs: T[], from: number, to: number): T[] {
  const out = xs.slice()
  const [x] = out.splice(from, 1)
  out.splice(to, 0, x)
  return out
}

/** A stable key for a column (kind, or kind + key for custom ones). */
export function columnKey(c: Column): string {
  return c.kind === 'custom' ? `custom:${c.key ?? c.label}` : c.kind
}

export function formatTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}
