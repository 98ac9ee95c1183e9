import { describe as d, expect, it } from 'vitest'
import { describe, reportSections } from './report'

d('import report display', () => {
  it('labels known sections in Chinese and keeps every entry', () => {
    const s = reportSections({
      unplaced: [{ line: 12, text: '（此页无正文）' }],
      units_created: ['省税务局', '海关'],
      punctuation: 3,
      mystery: 'x',
    })
    expect(s.map((x) => x.label)).toEqual(['未能放入表格的行', '新建的单位', '规范化的标点', 'mystery'])
    expect(s[0].lines).toEqual(['第 12 行：（此页无正文）'])
    expect(s[1].count).toBe(2)
    expect(s[2].count).toBe(3)
    expect(s[3].lines).toEqual(['x'])
  })
  it('describes nested values', () => {
    expect(describe({ line: 3, message: '缺少牵头单位', column: '牵头单位' })).toBe('第 3 行：缺少牵头单位；column：牵头单位')
    expect(describe(null)).toBe('')
    expect(reportSections(null)).toEqual([])
  })
})
