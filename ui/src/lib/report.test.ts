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
    expect(s[1]).toMatchObject({ count: 2, inline: '省税务局、海关', lines: [] })
    expect(s[2]).toMatchObject({ count: 3, inline: '3' })
    expect(s[3]).toMatchObject({ inline: 'x' })
  })
  it('describes nested values', () => {
    expect(describe({ line: 3, message: '缺少牵头单位', column: '牵头单位' })).toBe('第 3 行：缺少牵头单位；column：牵头单位')
    expect(describe(null)).toBe('')
    expect(reportSections(null)).toEqual([])
  })
})

d('core report shapes', () => {
  it('shows a punctuation change as before → after with its line', () => {
    const s = reportSections({ normalised: [{ line: 7, column: '主要内容', before: '1,2', after: '1，2' }], units_created: [] })
    expect(s[0].label).toBe('半角标点改为全角')
    expect(s[0].lines).toEqual(['第 7 行“主要内容”：1,2 → 1，2'])
    expect(s[1]).toMatchObject({ label: '新建的单位', count: 0, inline: '无' })
  })
  it('lists line numbers inline', () => {
    const s = reportSections({ repeated_headers: [11, 16, 21], source: '粘贴的文字' })
    expect(s[0]).toMatchObject({ label: '删去的重复表头（行号）', inline: '11、16、21', count: 3, lines: [] })
    expect(s[1]).toMatchObject({ label: '来源', inline: '粘贴的文字' })
  })
  it('shows an unplaced line with its reason', () => {
    const s = reportSections({ unplaced: [{ line: 40, text: '多余的格', reason: '比表头多出的格' }] })
    expect(s[0].lines[0]).toBe('第 40 行：多余的格（比表头多出的格）')
  })
  it('names the file format and leaves out an empty encoding', () => {
    const s = reportSections({ format: 'Excel 工作簿（.xlsx），工作表“Sheet1”', encoding: '', lines: 22 })
    expect(s.map((x) => x.label)).toEqual(['文件格式', '总行数'])
    expect(s[0].inline).toContain('Excel')
  })
})
