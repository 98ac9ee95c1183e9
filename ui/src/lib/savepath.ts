// Where an exported PDF goes: always the path the user picked in the save dialog. Only when the app was
// started with FENGONG_EXPORT_DIR (end-to-end tests: WebDriver cannot drive a native dialog) the file goes
// into that folder instead.
import { save } from '@tauri-apps/plugin-dialog'
import { testExportDir } from '../api'

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

/** Where an Excel / Word / CSV export goes (the format follows the extension the user keeps). */
export async function chooseExportPath(baseName: string): Promise<string | null> {
  const file = safeFileName(baseName) + '.xlsx'
  const dir = await testExportDir()
  if (dir) return `${dir.replace(/[\\/]+$/, '')}/${file}`
  const picked = await save({
    title: '导出 Excel / Word / CSV',
    defaultPath: file,
    filters: [
      { name: 'Excel 工作簿', extensions: ['xlsx'] },
      { name: 'Word 文档', extensions: ['docx'] },
      { name: 'CSV（逗号分隔）', extensions: ['csv'] },
    ],
  })
  return picked ?? null
}
