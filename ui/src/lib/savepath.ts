// Where an exported PDF goes: always the path the user picked in the save dialog. Only when the app was
// started with FENGONG_EXPORT_DIR (end-to-end tests: WebDriver cannot drive a native dialog) the file goes
// into that folder instead.
import { save } from '@tauri-apps/plugin-dialog'
import { testExportDir } from '../api'
import type { ExportFormatInfo } from './exportfmt'

export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\n\r\t]/g, ' ').replace(/\s+/g, ' ').trim()
  return (cleaned || '分工表').slice(0, 80)
}

export async function chooseSavePath(baseName: string): Promise<string | null> {
  const file = safeFileName(baseName) + '.pdf'
  const dir = await testExportDir()
  if (dir) return `${dir.replace(/[\\/]+$/, '')}/${file}`
  const picked = await save({
    title: '导出 PDF',
    defaultPath: file,
    filters: [{ name: 'PDF 文件', extensions: ['pdf'] }],
  })
  return picked ?? null
}

/** Where a Word / Excel / CSV / JSON export goes; the dialog offers only the chosen format. */
export async function chooseExportPath(baseName: string, format: ExportFormatInfo): Promise<string | null> {
  const file = safeFileName(baseName) + '.' + format.format
  const dir = await testExportDir()
  if (dir) return `${dir.replace(/[\\/]+$/, '')}/${file}`
  const picked = await save({
    title: '导出' + format.filter,
    defaultPath: file,
    filters: [{ name: format.filter, extensions: [format.format] }],
  })
  return picked ?? null
}
