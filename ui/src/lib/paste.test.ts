import { describe, expect, it } from 'vitest'
import { htmlFor, pastedFrom } from './paste'

const clipboard = (items: Record<string, string>) => ({ getData: (t: string) => items[t] ?? '' })
const TABLE = '<table><tr><td>序号</td><td>事项</td></tr><tr><td>1</td><td rowspan="2">甲</td></tr></table>'

describe('clipboard HTML beside the pasted text', () => {
  it('keeps the HTML of a table and its plain text', () => {
    const p = pastedFrom(clipboard({ 'text/html': TABLE, 'text/plain': '序号\t事项\r\n1\t甲' }))
    expect(p).toEqual({ html: TABLE, text: '序号\t事项\r\n1\t甲' })
  })

  it('ignores a paste with no HTML, or HTML with no structure (a styled word)', () => {
    expect(pastedFrom(clipboard({ 'text/plain': '序号\t事项' }))).toBeNull()
    expect(pastedFrom(clipboard({ 'text/html': '<span style="color:red">甲</span>' }))).toBeNull()
    expect(pastedFrom(null)).toBeNull()
  })

  it('sends the HTML only while the box holds the pasted text unedited', () => {
    const p = pastedFrom(clipboard({ 'text/html': TABLE, 'text/plain': '序号\t事项\r\n1\t甲\r\n' }))
    expect(htmlFor('序号\t事项\n1\t甲', p)).toBe(TABLE)
    expect(htmlFor('序号\t事项\n1\t甲（改）', p)).toBeNull()
    expect(htmlFor('前面已有的文字\n序号\t事项\n1\t甲', p)).toBeNull()
    expect(htmlFor('序号\t事项\n1\t甲', null)).toBeNull()
  })
})
