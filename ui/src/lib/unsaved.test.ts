import { describe, expect, it } from 'vitest'
import { Unsaved } from './unsaved'

describe('Unsaved', () => {
  it('asks nothing when nothing is held', () => {
    const u = new Unsaved()
    expect(u.question()).toBeNull()
    u.set('form', '')
    expect(u.size).toBe(0)
  })

  it('lists what each holder keeps, and forgets a holder that saved', () => {
    const u = new Unsaved()
    u.set('form', '事项“鲲鹏试点”的修改')
    u.set('import', '“导入”中粘贴的表格文字')
    expect(u.question()).toContain('· 事项“鲲鹏试点”的修改\n· “导入”中粘贴的表格文字')
    u.set('form', null)
    expect(u.question()).not.toContain('鲲鹏试点')
    expect(u.size).toBe(1)
    u.clear()
    expect(u.question()).toBeNull()
  })
})
