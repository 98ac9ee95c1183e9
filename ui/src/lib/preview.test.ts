import { describe, expect, it } from 'vitest'
import type { ParsedAnnex } from '../types'
import { editable, withRole } from './preview'

function annex(): ParsedAnnex {
  const draft = (title: string, units: ParsedAnnex['rows'][number]['draft']['units']) =>
    ({ title, content: '', units, is_heading: false }) as unknown as ParsedAnnex['rows'][number]['draft']
  return {
    annex_label: '附件',
    title: '分工表',
    doc_number: null,
    columns: [],
    rows: [
      { line: 2, draft: draft('甲', [{ name: '省财政厅', role: 'lead' }, { name: '海关', role: 'lead' }]) },
      { line: 3, draft: draft('乙', [{ name: '省税务局', role: 'lead' }]) },
    ],
    report: {} as ParsedAnnex['report'],
    columns_chosen: false,
  }
}

describe('editing units in the import preview', () => {
  it('changes one unit of one row and copies only that row', () => {
    const before = annex()
    const after = withRole(before, 0, 1, 'cooperating')
    expect(after).not.toBe(before)
    expect(after.rows[0].draft.units).toEqual([
      { name: '省财政厅', role: 'lead' },
      { name: '海关', role: 'cooperating' },
    ])
    expect(after.rows[1]).toBe(before.rows[1])
    expect(before.rows[0].draft.units[1].role).toBe('lead')
  })

  it('returns the same annex when nothing changes or the unit does not exist', () => {
    const a = annex()
    expect(withRole(a, 0, 0, 'lead')).toBe(a)
    expect(withRole(a, 5, 0, 'lead')).toBe(a)
    expect(withRole(a, 0, 9, 'lead')).toBe(a)
  })

  it('does not edit a JSON bundle', () => {
    expect(editable(annex())).toBe(true)
    expect(editable({ ...annex(), bundle: {} })).toBe(false)
  })
})
