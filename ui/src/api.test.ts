import { beforeEach, describe, expect, it, vi } from 'vitest'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...a: unknown[]) => invoke(...a) }))
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }))

import * as api from './api'

describe('api errors', () => {
  beforeEach(() => {
    invoke.mockReset()
  })

  it('keeps the kind of an error the UI acts on, and its Chinese message', async () => {
    invoke.mockImplementation(async () => {
      throw {
      kind: 'already_imported',
      message: '这份附件已经导入过：文档 3《表》。如确需再导入一份，请使用“再次导入”（命令行加 --again）',
      found: '这份附件已经导入过：文档 3《表》。',
        document_id: 3,
      }
    })
    const e = await api.confirmImport({} as never).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(api.ApiError)
    expect(api.errorMessage(e)).toContain('如确需再导入一份')
    expect(api.errorPayload(e)).toMatchObject({ kind: 'already_imported', document_id: 3, found: '这份附件已经导入过：文档 3《表》。' })
  })

  it('a plain message has no kind', async () => {
    invoke.mockImplementation(async () => {
      throw '找不到文档（编号 9）'
    })
    const e = await api.getDocument(9).catch((x: unknown) => x)
    expect(api.errorMessage(e)).toBe('找不到文档（编号 9）')
    expect(api.errorPayload(e)).toBeNull()
  })

  it('searches with the core\'s default number of hits unless told', async () => {
    invoke.mockResolvedValue([])
    const filter = { document_id: null, unit_id: null, scope: null, role: null }
    await api.search('税务', filter)
    expect(invoke).toHaveBeenLastCalledWith('search', { query: '税务', filter, limit: null })
    await api.search('税务', filter, 50)
    expect(invoke).toHaveBeenLastCalledWith('search', { query: '税务', filter, limit: 50 })
  })
})
