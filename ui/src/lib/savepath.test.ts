import { beforeEach, describe, expect, it, vi } from 'vitest'

const suggestedName = vi.fn()
const chooseSavePath = vi.fn()
vi.mock('../api', () => ({
  suggestedName: (...a: unknown[]) => suggestedName(...a),
  chooseSavePath: (...a: unknown[]) => chooseSavePath(...a),
}))

import { pickPath } from './savepath'
import { useBusy } from '../composables/useBusy'
import { EXPORT_FORMATS } from './exportfmt'

describe('pickPath (name and dialog inside the busy/error wrapper)', () => {
  beforeEach(() => {
    suggestedName.mockReset()
    chooseSavePath.mockReset()
  })

  it('asks the core for the name, then the dialog for the place', async () => {
    suggestedName.mockImplementation(async () => '附件 方案')
    chooseSavePath.mockImplementation(async (format: string, name: string) => `/tmp/${name}.${format}`)
    const { run } = useBusy({ onError: vi.fn() })
    expect(await pickPath(run, { kind: 'annex', document_id: 3 })).toBe('/tmp/附件 方案.pdf')
    const docx = EXPORT_FORMATS.find((f) => f.format === 'docx')!
    expect(await pickPath(run, { kind: 'annex', document_id: 3 }, docx)).toBe('/tmp/附件 方案.docx')
    expect(suggestedName).toHaveBeenCalledWith({ kind: 'annex', document_id: 3 })
  })

  it('shows a failing name request instead of leaving an unhandled rejection', async () => {
    suggestedName.mockImplementation(async () => {
      throw new Error('找不到文档（编号 3）')
    })
    const onError = vi.fn()
    const { busy, run } = useBusy({ onError })
    expect(await pickPath(run, { kind: 'unit_sheet', unit_id: 3, with_cooperating: false })).toBeUndefined()
    expect(onError).toHaveBeenCalledWith(new Error('找不到文档（编号 3）'))
    expect(chooseSavePath).not.toHaveBeenCalled()
    expect(busy.value).toBe(false)
  })
})
