import { describe, expect, it } from 'vitest'
import type { Item } from '../types'
import { cellText, draftFromItem, emptyDraft, moveInArray, numberItems, unitsByRole, validateDraft, withUnits } from './items'

const item = (over: Partial<Item> = {}): Item => ({
  id: 1, document_id: 1, position: 0, is_heading: false, number_label: null, title: '事项', content: '内容',
  scope: '全省', leader: '', deadline_text: '', deadline: null, notes: '', custom: { 进展: '已完成' },
  assignments: [
    { unit_id: 2, unit_name: '省商务厅', role: 'lead', ord: 1 },
    { unit_id: 1, unit_name: '省税务局', role: 'lead', ord: 0 },
    { unit_id: 3, unit_name: '海关', role: 'cooperating', ord: 0 },
  ],
  ...over,
})

describe('items', () => {
  it('numbers items over non-headings and keeps custom labels', () => {
    expect(numberItems([
      { is_heading: true, number_label: null },
      { is_heading: false, number_label: null },
      { is_heading: false, number_label: '1-1' },
      { is_heading: false, number_label: '  ' },
    ])).toEqual(['', '1', '1-1', '3'])
  })

  it('gives cell text per column kind with units in cell order', () => {
    const it1 = item()
    expect(cellText(it1, { kind: 'lead_units', label: '牵头单位', width: 1 }, '1')).toBe('省税务局、省商务厅')
    expect(cellText(it1, { kind: 'coop_units', label: '配合单位', width: 1 }, '1')).toBe('海关')
    expect(cellText(it1, { kind: 'custom', key: '进展', label: '进展', width: 1 }, '1')).toBe('已完成')
    expect(cellText(it1, { kind: 'number', label: '序号', width: 1 }, '7')).toBe('7')
  })

  it('round-trips units between the draft and the per-role form fields', () => {
    const d = draftFromItem(item())
    expect(d.units).toEqual([
      { name: '省税务局', role: 'lead' },
      { name: '省商务厅', role: 'lead' },
      { name: '海关', role: 'cooperating' },
    ])
    const by = unitsByRole(d)
    by.lead.push(' 新单位 ', '省税务局', '')
    const d2 = withUnits(d, by)
    expect(d2.units.filter((u) => u.role === 'lead').map((u) => u.name)).toEqual(['省税务局', '省商务厅', '新单位'])
  })

  it('validates a draft in Chinese', () => {
    expect(validateDraft(emptyDraft())).toEqual(['请填写“事项”或“主要内容”'])
    expect(validateDraft({ ...emptyDraft(), title: '  ', content: ' \n' })).toEqual(['请填写“事项”或“主要内容”'])
    expect(validateDraft({ ...emptyDraft(), is_heading: true })).toEqual(['请填写标题行的文字'])
    expect(validateDraft({ ...emptyDraft(), title: '好' })).toEqual([])
    // The core's rule (src/rules.rs): 事项 or 主要内容 — an imported item with only 主要内容 can be saved.
    expect(validateDraft({ ...emptyDraft(), content: '只有主要内容' })).toEqual([])
    expect(validateDraft({ ...emptyDraft(), is_heading: true, title: '一、总体要求' })).toEqual([])
    // The store's limits (src/rules.rs), not a copy: 事项 up to 10,000 characters (an imported item with a
    // long 事项 can be saved again after an edit).
    expect(validateDraft({ ...emptyDraft(), title: '长'.repeat(10_000) })).toEqual([])
    expect(validateDraft({ ...emptyDraft(), title: '长'.repeat(10_001) })[0]).toContain('10000')
    expect(validateDraft({ ...emptyDraft(), title: 'x', number_label: '1'.repeat(20) })).toEqual([])
    expect(validateDraft({ ...emptyDraft(), title: 'x', number_label: '1'.repeat(21) })[0]).toContain('序号')
    expect(validateDraft({ ...emptyDraft(), title: 'x', leader: 'x'.repeat(1_001) })[0]).toContain('分管领导')
    expect(validateDraft({ ...emptyDraft(), title: 'x', deadline: '2020/1/1' })[0]).toContain('日期')
  })

  it('moves an element within an array', () => {
    expect(moveInArray([1, 2, 3, 4], 0, 2)).toEqual([2, 3, 1, 4])
    expect(moveInArray([1, 2, 3, 4], 3, 0)).toEqual([4, 1, 2, 3])
  })
})
