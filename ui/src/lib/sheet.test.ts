import { describe, expect, it } from 'vitest'
import { sheetGroups } from './sheet'
import type { Item, UnitSheetRow } from '../types'

const item = (document_id: number, title: string, is_heading = false): Item => ({
  id: 0, document_id, position: 0, is_heading, number_label: null, title, content: '', scope: '', leader: '',
  deadline_text: '', deadline: null, notes: '', custom: {}, assignments: [], created_at: '', updated_at: '',
}) as Item
const row = (it: Item, number = '', roles = ''): UnitSheetRow => ({ item: it, number, roles })

describe('a unit sheet from the core', () => {
  it('groups the rows under their document heading, in the sheet\'s order', () => {
    const groups = sheetGroups({
      title: '省税务局牵头任务清单',
      rows: [
        row(item(1, '甲方案', true)),
        row(item(1, '甲一'), '2', '牵头'),
        row(item(1, '甲二'), '5', '牵头、配合'),
        row(item(2, '乙方案', true)),
        row(item(2, '乙一'), '1', '责任'),
      ],
    })
    expect(groups.map((g) => [g.documentId, g.title, g.rows.map((r) => [r.item.title, r.number, r.roles])])).toEqual([
      [1, '甲方案', [['甲一', '2', '牵头'], ['甲二', '5', '牵头、配合']]],
      [2, '乙方案', [['乙一', '1', '责任']]],
    ])
  })

  it('is empty when the unit has no rows', () => {
    expect(sheetGroups({ title: 't', rows: [] })).toEqual([])
  })
})
